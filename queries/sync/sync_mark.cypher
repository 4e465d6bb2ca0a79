// A change set, after its four steps and in their transaction: the pointer records the store
// generation Neo4j now holds and the graph's size (from the count store).
// Params: $generation, $store_generation.
MERGE (m:PGMeta {key: 'current'})
SET m.generation = $generation, m.storeGeneration = $store_generation,
    m.nodes = COUNT { (:PGNode) }, m.relationships = COUNT { (:PGNode)-[]->() },
    m.pushedAt = datetime()
