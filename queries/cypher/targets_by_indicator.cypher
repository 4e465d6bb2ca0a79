// name: targets_by_indicator
// description: Targets across documents, provinces and years: one indicator's, or every indicator's when no id is given; each row names its indicator (id and Vietnamese label) and its document's province (id and name).
// param: id (optional) an indicator id
// columns: target_id, document_id, document_symbol, indicator, indicator_label, province, province_name, comparator, value, value_max, unit, year, base_year, text
// example: id=unemployment-rate
MATCH (i:Indicator)<-[:MEASURES]-(t:Target)<-[:HAS_TARGET]-(d:Document)
WHERE $id IS NULL OR i.id = $id
OPTIONAL MATCH (d)-[:IN_PROVINCE]->(p:Province)
RETURN DISTINCT t.id AS target_id, d.id AS document_id, d.symbol AS document_symbol, i.id AS indicator, i.name AS indicator_label,
       p.id AS province, p.name AS province_name, t.comparator AS comparator,
       t.value AS value, t.valueMax AS value_max, t.unit AS unit, t.targetYear AS year,
       t.baseYear AS base_year, t.text AS text
ORDER BY document_id, target_id
