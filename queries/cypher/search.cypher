// name: search
// description: The 501 best matches among documents, tasks, targets and agencies whose text contains the words, in this order and as whole words, with or without Vietnamese diacritics (the caller folds the query: lower case, no diacritics). Best first: the shortest text, where the words are most of what it says (an agency's name before the tasks that mention it); then kind and id. The API shows at most 500 and says when there are more.
// param: q (required) folded search text, e.g. so lao dong thuong binh
// columns: kind, id, label
// example: q=so lao dong thuong binh
// The full-text index on the folded text finds the candidates by phrase; the WHERE keeps the exact
// answer (the words, in order, as whole words), the same as the SPARQL form's.
WITH trim(replace(replace($q, '\\', ' '), '"', ' ')) AS phrase
WHERE phrase <> ''
CALL db.index.fulltext.queryNodes('policygraph_folded', '"' + phrase + '"') YIELD node AS n
WITH DISTINCT n
WHERE (n:Document OR n:Task OR n:Target OR n:Agency OR n:AgencyGroup)
  AND (' ' + n.textFolded + ' ') CONTAINS (' ' + $q + ' ')
WITH n, size(n.textFolded) AS size,
     CASE WHEN n:Document THEN 'document' WHEN n:Task THEN 'task' WHEN n:Target THEN 'target'
          ELSE 'agency' END AS kind
RETURN kind, n.id AS id, coalesce(n.name, n.title, n.text) AS label
ORDER BY size, kind, id
LIMIT 501
