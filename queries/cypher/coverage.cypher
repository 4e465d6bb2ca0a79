// name: coverage
// description: For a resolution and a province, the task areas (provisions under the "Nhiệm vụ, giải pháp" part) of the province's implementing documents, with how many tasks each has; 0 means no implementing task.
// param: resolution (required) a resolution id
// param: province (required) a province id
// columns: document_id, area_path, area_heading, tasks
// example: resolution=42-NQ-TW-2023&province=ha-nam
MATCH (r:Document {id: $resolution})
MATCH (d:Document)-[:IMPLEMENTS|CONTINUES*1..]->(r)
MATCH (d)-[:IN_PROVINCE]->(:Province {id: $province})
WITH DISTINCT d
MATCH (top:Section)-[:PART_OF*1..]->(d)
WHERE toLower(top.heading) CONTAINS 'nhiệm vụ' OR toLower(top.heading) CONTAINS 'giải pháp'
MATCH (area:Section)-[:PART_OF]->(top)
OPTIONAL MATCH (t:Task)-[:IN_SECTION]->(:Section)-[:PART_OF*0..]->(area)
RETURN d.id AS document_id, area.path AS area_path, area.heading AS area_heading, count(DISTINCT t) AS tasks
ORDER BY document_id, area_path
