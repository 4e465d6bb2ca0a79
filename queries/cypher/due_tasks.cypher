// name: due_tasks
// description: An agency's tasks that are due or past due at a date, with the deadline as written and as data (period, first and last day, recurrence), optionally in one document; tasks given to a group it belongs to are included (via_group names the group). status: past_due (the deadline's last day is before the date), due (the date is within the deadline's period, or before a "trước ngày …" day), recurring (yearly, quarterly, monthly or ongoing, and already begun). Past due only means the deadline passed: the graph holds no completion data, so a task done on time is listed as past due too. next_due: the next yearly due day on or after the date for a yearly task with a day, else the deadline's last day.
// param: id (required) an agency id
// param: as_of (required, date) a date, YYYY-MM-DD
// param: document (optional) a document id
// columns: task_id, document_id, document_symbol, role, via_group, status, deadline, period, due_start, due_end, recurrence, next_due, task_text
// example: id=so-lao-dong-tbxh.hai-duong&as_of=2026-01-01
MATCH (agency:Agency {id: $id})
CALL (agency) {
  MATCH (agency)-[r:HOST|COORDINATES|DECIDES|DIRECTS]->(t:Task) RETURN t, r, null AS via_group
  UNION
  MATCH (t:Task)-[r:REPORTS_THROUGH]->(agency) RETURN t, r, null AS via_group
  UNION
  MATCH (agency)-[:MEMBER_OF]->(g:AgencyGroup)-[r:HOST|COORDINATES|DECIDES|DIRECTS]->(t:Task)
  RETURN t, r, g.id AS via_group
  UNION
  MATCH (agency)-[:MEMBER_OF]->(g:AgencyGroup)<-[r:REPORTS_THROUGH]-(t:Task) RETURN t, r, g.id AS via_group
}
WITH t, r, via_group WHERE t.dueQuote IS NOT NULL
MATCH (d:Document)-[:HAS_TASK]->(t)
WHERE $document IS NULL OR d.id = $document
WITH t, d, via_group,
     CASE type(r) WHEN 'HOST' THEN 'host' WHEN 'COORDINATES' THEN 'coordinator' WHEN 'DECIDES' THEN 'decider'
       WHEN 'DIRECTS' THEN 'director' ELSE 'reporting' END AS role,
     CASE
       WHEN t.dueEnd IS NOT NULL AND t.dueEnd < $as_of THEN 'past_due'
       WHEN t.dueEnd IS NOT NULL AND (t.dueStart IS NULL OR t.dueStart <= $as_of) THEN 'due'
       WHEN t.recurrence IS NOT NULL AND (t.dueStart IS NULL OR t.dueStart <= $as_of) THEN 'recurring'
       ELSE 'upcoming' END AS status
WHERE status <> 'upcoming'
RETURN t.id AS task_id, d.id AS document_id, d.symbol AS document_symbol, role, via_group, status, t.dueQuote AS deadline,
       t.duePeriod AS period, t.dueStart AS due_start, t.dueEnd AS due_end, t.recurrence AS recurrence,
       CASE
         WHEN t.dueDay IS NULL THEN t.dueEnd
         WHEN substring($as_of, 5) <= t.dueDay THEN substring($as_of, 0, 4) + '-' + t.dueDay
         ELSE toString(toInteger(substring($as_of, 0, 4)) + 1) + '-' + t.dueDay END AS next_due,
       t.text AS task_text
ORDER BY task_id, role, coalesce(via_group, "")
