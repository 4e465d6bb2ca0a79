// name: search
// description: Documents, tasks, targets and agencies whose text contains the words, in this order and as whole words, with or without Vietnamese diacritics (the caller folds the query: lower case, no diacritics).
// param: q (required) folded search text, e.g. so lao dong thuong binh
// columns: kind, id, label
// example: q=so lao dong thuong binh
// The full-text index on the folded text finds the candidates by phrase; the WHERE keeps the exact
// answer (the words, in order, as whole words), the same as the SPARQL form's.
WITH trim(replace(replace($q, '\\', ' '), '"', ' ')) AS phrase
WHERE phrase <> ''
CALL db.index.fulltext.queryNodes('policygraph_folded', '"' + phrase + '"') YIELD node AS n
WITH n
WHERE (n:Document OR n:Task OR n:Target OR n:Agency OR n:AgencyGroup)
  AND (' ' + n.textFolded + ' ') CONTAINS (' ' + $q + ' ')
RETURN DISTINCT CASE WHEN n:Document THEN 'document' WHEN n:Task THEN 'task' WHEN n:Target THEN 'target'
            ELSE 'agency' END AS kind,
       n.id AS id, coalesce(n.name, n.title, n.text) AS label
ORDER BY kind, id
