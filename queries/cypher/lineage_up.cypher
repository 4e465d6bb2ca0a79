// name: lineage_up
// description: Every implementation chain from a task, section or document up to the root resolutions, as the edges of those chains, each with the quote that states it; both documents by id, symbol (none for an unnumbered draft) and title.
// param: id (required) a task, section or document id
// columns: from_id, from_symbol, from_title, relation, to_id, to_symbol, to_title, quote, file, line_start, line_end
// example: id=x-KH-UBND-ha-nam-2024-a382d3c1.III.1.1
CALL () {
  MATCH (t:Task {id: $id})<-[:HAS_TASK]-(d:Document) RETURN d AS origin
  UNION
  MATCH (:Section {id: $id})-[:PART_OF*1..]->(d:Document) RETURN d AS origin
  UNION
  MATCH (d:Document {id: $id}) RETURN d AS origin
}
// Reach the documents first, as a set (DISTINCT lets the planner expand breadth-first and prune
// what it has seen, instead of following every path of a DAG whose chains fork and meet), then
// take their edges.
MATCH (origin)-[:IMPLEMENTS|CONTINUES*0..]->(d:Document)
WITH DISTINCT d
MATCH (d)-[r:IMPLEMENTS|CONTINUES]->(parent:Document)
RETURN DISTINCT d.id AS from_id, d.symbol AS from_symbol, d.title AS from_title, toLower(type(r)) AS relation,
       parent.id AS to_id, parent.symbol AS to_symbol, parent.title AS to_title, r.quote AS quote, r.file AS file,
       r.lineStart AS line_start, r.lineEnd AS line_end
ORDER BY from_id, relation, to_id
