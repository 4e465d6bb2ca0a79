// name: search
// description: The 501 best matches among agencies, documents, tasks and targets whose folded text holds every word of the search, in any order, as whole words, with or without Vietnamese diacritics (the caller folds the query: lower case, no diacritics, words separated by one space). The first fifteen words are each looked for on their own; a sixteenth and any after it, together as one phrase. Best first: agencies, then documents, then tasks, then targets; within each, the shortest text (where the words are most of what it says), then the id. province: the name of the province of the agency or document (of a task's or target's document), none for central bodies and documents. symbol: the symbol of the document (of a task's or target's document) as people write it, none for agencies and unnumbered drafts. The API shows at most 500 and says when there are more.
// param: q (required) folded search words, e.g. so y te hai phong
// columns: kind, id, label, province, symbol
// example: q=so y te hai phong
// The full-text index on the folded text finds the candidates (every word required, each quoted so
// that nothing in it is Lucene syntax); the WHERE keeps the exact answer (each word as a whole
// word), the same as the SPARQL form's, which splits the words the same way.
WITH split($q, ' ') AS parts
WITH parts[0..15] + CASE WHEN size(parts) > 15 THEN [reduce(s = parts[15], w IN parts[16..] | s + ' ' + w)]
                        ELSE [] END AS words
WITH words, reduce(s = '', w IN [w IN words | trim(replace(replace(w, '\\', ' '), '"', ' '))] |
                   CASE WHEN w = '' THEN s ELSE s + ' +"' + w + '"' END) AS lucene
WHERE lucene <> ''
CALL db.index.fulltext.queryNodes('policygraph_folded', lucene) YIELD node AS n
WITH DISTINCT n, words
WHERE (n:Document OR n:Task OR n:Target OR n:Agency OR n:AgencyGroup)
  AND all(w IN words WHERE w = '' OR (' ' + n.textFolded + ' ') CONTAINS (' ' + w + ' '))
WITH n, size(n.textFolded) AS size,
     CASE WHEN n:Agency OR n:AgencyGroup THEN 0 WHEN n:Document THEN 1 WHEN n:Task THEN 2 ELSE 3 END AS rank,
     CASE WHEN n:Document THEN 'document' WHEN n:Task THEN 'task' WHEN n:Target THEN 'target'
          ELSE 'agency' END AS kind
RETURN kind, n.id AS id, coalesce(n.name, n.title, n.text) AS label,
       head([(n)-[:IN_PROVINCE]->(p:Province) | p.name] +
            [(n)<-[:HAS_TASK|HAS_TARGET]-(:Document)-[:IN_PROVINCE]->(p:Province) | p.name]) AS province,
       CASE WHEN n:Document THEN n.symbol ELSE head([(n)<-[:HAS_TASK|HAS_TARGET]-(d:Document) | d.symbol]) END AS symbol
ORDER BY rank, size, id
LIMIT 501
