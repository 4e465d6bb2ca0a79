// name: document_tasks
// description: The tasks of one document (or of every document, when no id is given) in the order of their sections, with their document (id and symbol: none for an unnumbered draft) and section path.
// param: id (optional) a document id
// columns: task_id, document_id, document_symbol, section, text
// example: id=x-KH-UBND-ha-nam-2024-a382d3c1
MATCH (d:Document)-[:HAS_TASK]->(t:Task)-[:IN_SECTION]->(s:Section)
WHERE $id IS NULL OR d.id = $id
RETURN t.id AS task_id, d.id AS document_id, d.symbol AS document_symbol, s.path AS section, t.text AS text
ORDER BY task_id
