// Switch, step 2 of 2: staged nodes take their domain labels, and the pointer records the new
// generation. Params: $generation, $nodes, $relationships.
MATCH (n:PGStaging)
SET n:$(n.pgLabels)
REMOVE n:PGStaging
WITH count(n) AS promoted
MERGE (m:PGMeta {key: 'current'})
SET m.generation = $generation, m.nodes = $nodes, m.relationships = $relationships,
    m.pushedAt = datetime()
RETURN promoted
