// name: province_documents
// description: The documents of a province as of a date, including those of provinces merged into it (Hải Dương's plans fall under thành phố Hải Phòng from 1/7/2025), with the route and the event that brought them.
// param: id (required) a province id (new provinces end in -2025, e.g. hai-phong-2025)
// param: as_of (required, date) a date, YYYY-MM-DD
// columns: document_id, document_symbol, kind, year, title, named_province, route_id, event_id, effective, legal_basis
// example: id=hai-phong-2025&as_of=2026-01-01
MATCH (me:Province {id: $id})
CALL (me) {
  MATCH (d:Document)-[:IN_PROVINCE]->(me)
  RETURN d, me AS named, null AS route, null AS e
  UNION
  MATCH (me)<-[:SUCCESSOR]-(e:SuccessionEvent)<-[:ROUTE_STEP]-(route:SuccessionRoute)-[:ROUTE_FROM]->(named:Province)
  WHERE e.effectiveDate <= $as_of
    AND NOT EXISTS {
      MATCH (route)-[:ROUTE_STEP]->(later:SuccessionEvent)
      WHERE later.effectiveDate > e.effectiveDate AND later.effectiveDate <= $as_of
    }
  MATCH (d:Document)-[:IN_PROVINCE]->(named)
  RETURN d, named, route, e
}
OPTIONAL MATCH (e)-[:LEGAL_BASIS]->(b:Document)
RETURN DISTINCT d.id AS document_id, d.symbol AS document_symbol, d.kind AS kind, d.year AS year, d.title AS title, named.id AS named_province,
       route.id AS route_id, e.id AS event_id, e.effectiveDate AS effective, b.id AS legal_basis
ORDER BY document_id, coalesce(route_id, "")
