// name: responsible_now
// description: Who carries a task now: each body named in the document (by role) and, for each route it follows through the 2025 reorganisation, the succession events up to as_of with their legal basis. A route's last row names today's holder; a null successor is an unknown one, with the reason in note; no route row means no recorded change.
// param: id (required) a task id
// param: as_of (required, date) a date, YYYY-MM-DD
// columns: role, named_id, named_name, inherited, route_reason, route_id, event_id, effective, successor_id, successor_name, status, legal_basis, scope, scope_label, note
// example: id=x-KH-UBND-ha-nam-2024-a382d3c1.III.3&as_of=2026-01-01
MATCH (t:Task {id: $id})
CALL (t) {
  MATCH (ag)-[r:HOST|COORDINATES|DECIDES|DIRECTS]->(t) RETURN ag, r
  UNION
  MATCH (t)-[r:REPORTS_THROUGH]->(ag) RETURN ag, r
}
WITH ag, r,
     CASE type(r) WHEN 'HOST' THEN 'host' WHEN 'COORDINATES' THEN 'coordinator' WHEN 'DECIDES' THEN 'decider'
       WHEN 'DIRECTS' THEN 'director' ELSE 'reporting' END AS role
OPTIONAL MATCH (route:SuccessionRoute)-[:ROUTE_STEP]->(e:SuccessionEvent)
  WHERE route.id IN coalesce(r.routes, []) AND e.effectiveDate <= $as_of
OPTIONAL MATCH (e)-[:SUCCESSOR]->(s)
OPTIONAL MATCH (e)-[:LEGAL_BASIS]->(b:Document)
OPTIONAL MATCH (e)-[:FUNCTION_SCOPE]->(f:FunctionScope)
RETURN DISTINCT role, ag.id AS named_id, ag.name AS named_name, r.inherited AS inherited,
       r.routeReason AS route_reason,
       route.id AS route_id, e.id AS event_id, e.effectiveDate AS effective, s.id AS successor_id,
       s.name AS successor_name, e.successionStatus AS status, b.id AS legal_basis, f.id AS scope,
       f.name AS scope_label,
       e.successionNote AS note
ORDER BY role, named_id, coalesce(route_id, ""), coalesce(effective, "")
