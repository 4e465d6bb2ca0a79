// name: document_tasks
// description: The tasks of one document in the order of its sections, with their section path.
// param: id (required) a document id
// columns: task_id, section, text
// example: id=x-KH-UBND-ha-nam-2024-a382d3c1
MATCH (:Document {id: $id})-[:HAS_TASK]->(t:Task)-[:IN_SECTION]->(s:Section)
RETURN t.id AS task_id, s.path AS section, t.text AS text
ORDER BY task_id
