// Every node of the generation queries see, in a stable order: the input of a fingerprint that
// proves a graph unchanged (after refused writes, an interrupted push, a repeated push).
MATCH (n)
WHERE n.pgLabels IS NOT NULL AND NOT n:PGStaging AND NOT n:PGRetired
RETURN n.iri AS iri, labels(n) AS labels, properties(n) AS props
ORDER BY iri
