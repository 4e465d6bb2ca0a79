// name: agencies
// description: Every agency and agency group that appears in the graph, with its province and category.
// param: id (optional) one agency's id (how the API looks one up)
// columns: id, name, kind, category, province, valid_from, valid_to
// example:
MATCH (a) WHERE (a:Agency OR a:AgencyGroup) AND ($id IS NULL OR a.id = $id)
OPTIONAL MATCH (a)-[:IN_PROVINCE]->(p:Province)
RETURN a.id AS id, a.name AS name, CASE WHEN a:AgencyGroup THEN 'group' ELSE 'agency' END AS kind,
       a.category AS category, p.id AS province, a.validFrom AS valid_from, a.validTo AS valid_to
ORDER BY id
