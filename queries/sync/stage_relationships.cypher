// Stage a batch of relationships between staged nodes (dynamic types, Neo4j 5.26). Idempotent
// (MERGE). Params: $rows = [{start, end, type, props: {..}}].
UNWIND $rows AS row
MATCH (a:PGStaging {iri: row.start})
MATCH (b:PGStaging {iri: row.end})
MERGE (a)-[r:$(row.type)]->(b)
SET r = row.props
