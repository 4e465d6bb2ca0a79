// name: lineage_down
// description: The implementation tree under a document: the documents that implement or continue it (at any depth) and their tasks; a document by its symbol (none for an unnumbered draft) and title, a task by its text.
// param: id (required) a document id
// columns: from_id, relation, to_id, to_kind, to_symbol, to_label
// example: id=42-NQ-TW-2023
MATCH (start:Document {id: $id})
MATCH (x:Document)-[:IMPLEMENTS|CONTINUES*0..]->(start)
WITH DISTINCT x
CALL (x) {
  MATCH (c:Document)-[r:IMPLEMENTS|CONTINUES]->(x)
  RETURN x.id AS from_id, toLower(type(r)) AS relation, c.id AS to_id, 'document' AS to_kind, c.symbol AS to_symbol,
         c.title AS to_label
  UNION
  MATCH (x)-[:HAS_TASK]->(t:Task)
  RETURN x.id AS from_id, 'has_task' AS relation, t.id AS to_id, 'task' AS to_kind, null AS to_symbol,
         t.text AS to_label
}
RETURN DISTINCT from_id, relation, to_id, to_kind, to_symbol, to_label
ORDER BY from_id, relation, to_id
