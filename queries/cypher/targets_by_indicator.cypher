// name: targets_by_indicator
// description: One indicator's targets across documents, provinces and years.
// param: id (required) an indicator id
// columns: target_id, document_id, province, comparator, value, value_max, unit, year, base_year, text
// example: id=unemployment-rate
MATCH (i:Indicator {id: $id})<-[:MEASURES]-(t:Target)<-[:HAS_TARGET]-(d:Document)
OPTIONAL MATCH (d)-[:IN_PROVINCE]->(p:Province)
RETURN DISTINCT t.id AS target_id, d.id AS document_id, p.name AS province, t.comparator AS comparator,
       t.value AS value, t.valueMax AS value_max, t.unit AS unit, t.targetYear AS year,
       t.baseYear AS base_year, t.text AS text
ORDER BY document_id, target_id
