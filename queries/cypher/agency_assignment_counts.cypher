// name: agency_assignment_counts
// description: How many rows agency_assignments answers for an agency, by role and by the group that carries the task (via_group: none for the agency's own assignments). What a page of agency_assignments needs for its total, and the counts of an agency's page, without reading any task text.
// param: id (required) an agency id
// param: role (optional) host, coordinator, decider, director or reporting
// columns: role, via_group, assignments
// example: id=so-noi-vu.ha-nam
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
WITH via_group,
     CASE type(r) WHEN 'HOST' THEN 'host' WHEN 'COORDINATES' THEN 'coordinator' WHEN 'DECIDES' THEN 'decider'
       WHEN 'DIRECTS' THEN 'director' ELSE 'reporting' END AS role
WHERE $role IS NULL OR role = $role
RETURN role, via_group, count(*) AS assignments
ORDER BY role, coalesce(via_group, "")
