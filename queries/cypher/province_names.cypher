// name: province_names
// description: Every province and centrally-run city in the graph, as the filters of the API read a province named by id or by name: its name as documents write it, its unit word, the days it began and ended (absent: outside the records) and the province it merged into. The `provinces` listing without its count of documents, so that an answer made from it stays true while documents come and go.
// param: id (optional) one province's id
// columns: id, name, unit_type, valid_from, valid_to, succeeded_by
// example: id=hai-phong-2025
MATCH (p:Province) WHERE $id IS NULL OR p.id = $id
OPTIONAL MATCH (p)-[:SUCCEEDED_BY]->(s:Province)
RETURN DISTINCT p.id AS id, p.name AS name, p.unitType AS unit_type, p.validFrom AS valid_from,
       p.validTo AS valid_to, s.id AS succeeded_by
ORDER BY id
