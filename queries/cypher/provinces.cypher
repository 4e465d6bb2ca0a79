// name: provinces
// description: Every province and centrally-run city in the graph, before and after the 2025 reorganisation: its name as documents write it (with its unit word), its unit word, the days it began and ended (absent: outside the records), the province it merged into, and how many documents it issued or is named by.
// param: id (optional) one province's id (how the API looks one up)
// columns: id, name, unit_type, valid_from, valid_to, succeeded_by, documents
// example: id=hai-phong-2025
MATCH (p:Province) WHERE $id IS NULL OR p.id = $id
OPTIONAL MATCH (p)-[:SUCCEEDED_BY]->(s:Province)
OPTIONAL MATCH (d:Document)-[:IN_PROVINCE]->(p)
RETURN p.id AS id, p.name AS name, p.unitType AS unit_type, p.validFrom AS valid_from, p.validTo AS valid_to,
       s.id AS succeeded_by, count(DISTINCT d) AS documents
ORDER BY id
