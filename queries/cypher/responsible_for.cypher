// name: responsible_for
// description: Who answers for a task: host, coordinators, deciders, directors and the reporting channel, each with the quoted line that names them, from the task's own statement and from every statement that details it (an appendix row, a later duty provision).
// param: id (required) a task id
// columns: role, agency_id, agency_name, inherited, requested, quote, file, line_start, line_end
// example: id=x-KH-UBND-ha-nam-2024-a382d3c1.III.1.1
MATCH (:Task {id: $id})-[:DETAILED_BY*0..1]->(t:Task)
CALL (t) {
  MATCH (a)-[r:HOST|COORDINATES|DECIDES|DIRECTS]->(t) RETURN a, r
  UNION
  MATCH (t)-[r:REPORTS_THROUGH]->(a) RETURN a, r
}
RETURN CASE type(r) WHEN 'HOST' THEN 'host' WHEN 'COORDINATES' THEN 'coordinator' WHEN 'DECIDES' THEN 'decider'
         WHEN 'DIRECTS' THEN 'director' ELSE 'reporting' END AS role,
       a.id AS agency_id, a.name AS agency_name, r.inherited AS inherited, r.requested AS requested,
       r.quote AS quote, r.file AS file, r.lineStart AS line_start, r.lineEnd AS line_end
ORDER BY role, agency_id, line_start
