// name: unassigned_tasks
// description: Tasks that name no host (not even an inherited one) in any of their statements (the task and the appendix rows or duty provisions that detail it), optionally in one document.
// param: document (optional) a document id
// columns: task_id, document_id, section, text
// example: document=x-CTr-TU-hau-giang-2023-a3623827
MATCH (d:Document)-[:HAS_TASK]->(t:Task)
WHERE ($document IS NULL OR d.id = $document) AND NOT EXISTS { MATCH (t)-[:DETAILED_BY*0..1]->(:Task)<-[:HOST]-(:Agency|AgencyGroup) }
MATCH (t)-[:IN_SECTION]->(s:Section)
RETURN t.id AS task_id, d.id AS document_id, s.path AS section, t.text AS text
ORDER BY task_id
