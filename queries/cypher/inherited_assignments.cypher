// name: inherited_assignments
// description: The tasks a body carries as of a date because it succeeded the body the document named (Sở Nội vụ thành phố Hải Phòng inherits from Sở Lao động - Thương binh và Xã hội tỉnh Hải Dương), with the route, the last event and its legal basis. The body's own assignments are in agency_assignments. Each row quotes the lines that give the task to the body the document named (file, line_start, line_end) and the task's deadline as written.
// param: id (required) an agency id
// param: as_of (required, date) a date, YYYY-MM-DD
// columns: task_id, document_id, document_symbol, role, origin_id, origin_name, route_reason, route_id, event_id, effective, legal_basis, task_text, quote, file, line_start, line_end, deadline
// example: id=so-noi-vu.hai-phong-2025&as_of=2026-01-01
MATCH (me {id: $id})<-[:SUCCESSOR]-(e:SuccessionEvent)<-[:ROUTE_STEP]-(route:SuccessionRoute)-[:ROUTE_FROM]->(origin)
WHERE (me:Agency OR me:AgencyGroup) AND e.effectiveDate <= $as_of
  AND NOT EXISTS {
    MATCH (route)-[:ROUTE_STEP]->(later:SuccessionEvent)
    WHERE later.effectiveDate > e.effectiveDate AND later.effectiveDate <= $as_of
  }
CALL (origin, route) {
  MATCH (origin)-[r:HOST|COORDINATES|DECIDES|DIRECTS]->(t:Task) WHERE route.id IN coalesce(r.routes, [])
  RETURN t, r
  UNION
  MATCH (t:Task)-[r:REPORTS_THROUGH]->(origin) WHERE route.id IN coalesce(r.routes, [])
  RETURN t, r
}
WITH e, route, origin, t, r,
     CASE type(r) WHEN 'HOST' THEN 'host' WHEN 'COORDINATES' THEN 'coordinator' WHEN 'DECIDES' THEN 'decider'
       WHEN 'DIRECTS' THEN 'director' ELSE 'reporting' END AS role
MATCH (d:Document)-[:HAS_TASK]->(t)
OPTIONAL MATCH (e)-[:LEGAL_BASIS]->(b:Document)
RETURN DISTINCT t.id AS task_id, d.id AS document_id, d.symbol AS document_symbol, role, origin.id AS origin_id,
       origin.name AS origin_name, r.routeReason AS route_reason, route.id AS route_id, e.id AS event_id, e.effectiveDate AS effective,
       b.id AS legal_basis, t.text AS task_text, r.quote AS quote, r.file AS file, r.lineStart AS line_start,
       r.lineEnd AS line_end, t.dueQuote AS deadline
ORDER BY task_id, role, origin_id, route_id
