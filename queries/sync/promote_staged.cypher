// Switch, step 2 of 2: staged nodes take their domain labels and PGNode (which every node queries
// see carries, for lookups by IRI), and the pointer records the new generation and the store
// generation it was pushed from. Params: $generation, $store_generation, $nodes, $relationships.
MATCH (n:PGStaging)
SET n:$(n.pgLabels)
SET n:PGNode
REMOVE n:PGStaging
WITH count(n) AS promoted
MERGE (m:PGMeta {key: 'current'})
SET m.generation = $generation, m.storeGeneration = $store_generation, m.nodes = $nodes, m.relationships = $relationships,
    m.pushedAt = datetime()
RETURN promoted
