// name: agency_assignments
// description: An agency's tasks by role, including tasks given to a group it belongs to (via_group names the group by id, via_group_name by its Vietnamese name; document_symbol: the symbol of the task's document). Each row quotes the lines that give the task to the body (file, line_start, line_end) and the task's deadline as written.
// param: id (required) an agency id
// param: role (optional) host, coordinator, decider, director or reporting
// param: offset (optional, integer) rows to skip, in the query's order (none: 0)
// param: limit (optional, integer) at most this many rows (none: every row)
// columns: task_id, document_id, document_symbol, role, via_group, via_group_name, inherited, requested, task_text, quote, file, line_start, line_end, deadline
// example: id=so-lao-dong-tbxh.ha-nam&role=host
MATCH (agency:Agency {id: $id})
CALL (agency) {
  MATCH (agency)-[r:HOST|COORDINATES|DECIDES|DIRECTS]->(t:Task)
  RETURN t, r, null AS via_group, null AS via_group_name
  UNION
  MATCH (t:Task)-[r:REPORTS_THROUGH]->(agency) RETURN t, r, null AS via_group, null AS via_group_name
  UNION
  MATCH (agency)-[:MEMBER_OF]->(g:AgencyGroup)-[r:HOST|COORDINATES|DECIDES|DIRECTS]->(t:Task)
  RETURN t, r, g.id AS via_group, g.name AS via_group_name
  UNION
  MATCH (agency)-[:MEMBER_OF]->(g:AgencyGroup)<-[r:REPORTS_THROUGH]-(t:Task)
  RETURN t, r, g.id AS via_group, g.name AS via_group_name
}
WITH t, r, via_group, via_group_name,
     CASE type(r) WHEN 'HOST' THEN 'host' WHEN 'COORDINATES' THEN 'coordinator' WHEN 'DECIDES' THEN 'decider'
       WHEN 'DIRECTS' THEN 'director' ELSE 'reporting' END AS role
WHERE $role IS NULL OR role = $role
// The window is cut from the ordered keys, so only its rows' texts are read and sent (tier L: the
// texts of 300 rows cost 40-60 ms, most of it in the driver).
WITH t, r, via_group, via_group_name, role ORDER BY t.id, role, coalesce(via_group, "")
SKIP coalesce(toInteger($offset), 0) LIMIT coalesce(toInteger($limit), 1000000000)
// No DISTINCT: the UNION gives each (task, assignment, group) once and a task has one document;
// DISTINCT hashed every row's task text and quote (tier L, warm, 40 agencies: p50 26 → 22 ms).
MATCH (d:Document)-[:HAS_TASK]->(t)
RETURN t.id AS task_id, d.id AS document_id, d.symbol AS document_symbol, role, via_group, via_group_name,
       r.inherited AS inherited, r.requested AS requested, t.text AS task_text, r.quote AS quote, r.file AS file,
       r.lineStart AS line_start, r.lineEnd AS line_end, t.dueQuote AS deadline
ORDER BY task_id, role, coalesce(via_group, "")
