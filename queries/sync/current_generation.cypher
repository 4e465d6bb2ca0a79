// The generation queries see now, the store generation it holds, and its size.
OPTIONAL MATCH (m:PGMeta {key: 'current'})
RETURN m.generation AS generation, m.storeGeneration AS store_generation, m.nodes AS nodes,
       m.relationships AS relationships,
       toString(m.pushedAt) AS pushed_at
