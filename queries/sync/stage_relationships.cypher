// Stage a batch of relationships between staged nodes (dynamic types, Neo4j 5.26). The ends are
// found by element id (returned by stage_nodes), not by an index lookup on the IRI, and the
// relationship is created, not merged: a MERGE searches the existing relationships of its ends,
// and an agency holds thousands (tier M: 3,800 → 30,000 relationships/s). A batch retried after
// an unacknowledged commit would stage a relationship twice: the push counts what is staged
// (staged_counts) before it switches. Params: $rows = [{start, end, type, props: {..}}].
UNWIND $rows AS row
MATCH (a) WHERE elementId(a) = row.start
MATCH (b) WHERE elementId(b) = row.end
CREATE (a)-[r:$(row.type)]->(b)
SET r = row.props
