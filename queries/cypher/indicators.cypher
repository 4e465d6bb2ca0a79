// name: indicators
// description: The indicator scheme: every indicator with its labels and how many targets measure it.
// columns: id, label, label_en, targets
// example:
MATCH (i:Indicator)
OPTIONAL MATCH (t:Target)-[:MEASURES]->(i)
RETURN i.id AS id, i.name AS label, i.nameEn AS label_en, count(t) AS targets
ORDER BY id
