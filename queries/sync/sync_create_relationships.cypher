// A change set, step 4 of 4: the relationships the changed nodes own, from the new generation,
// between nodes found by IRI. Params: $rows = [{start, end, type, props: {..}}].
UNWIND $rows AS row
MATCH (a:PGNode {iri: row.start})
MATCH (b:PGNode {iri: row.end})
CREATE (a)-[r:$(row.type)]->(b)
SET r = row.props
