// Every relationship between nodes of the generation queries see, in a stable order (the second
// input of the fingerprint; a relationship is named by its ends, type and properties).
MATCH (a)-[r]->(b)
WHERE a.pgLabels IS NOT NULL AND NOT a:PGStaging AND NOT a:PGRetired
RETURN a.iri AS start, type(r) AS type, b.iri AS end, properties(r) AS props
ORDER BY start, type, end
