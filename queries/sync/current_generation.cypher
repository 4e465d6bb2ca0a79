// The generation queries see now, and its size.
OPTIONAL MATCH (m:PGMeta {key: 'current'})
RETURN m.generation AS generation, m.nodes AS nodes, m.relationships AS relationships,
       toString(m.pushedAt) AS pushed_at
