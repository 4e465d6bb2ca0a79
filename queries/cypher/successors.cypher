// name: successors
// description: What became of a body or province by a date: the succession events that ended it, each with its successor (null when unknown, see note), legal basis and, at a split, the field the successor took.
// param: id (required) an agency, group or province id
// param: as_of (required, date) a date, YYYY-MM-DD
// columns: event_id, effective, successor_id, successor_name, status, legal_basis, scope, note
// example: id=so-lao-dong-tbxh.hai-duong&as_of=2026-01-01
MATCH (me {id: $id})<-[:PREDECESSOR]-(e:SuccessionEvent)
WHERE (me:Agency OR me:AgencyGroup OR me:Province) AND e.effectiveDate <= $as_of
OPTIONAL MATCH (e)-[:SUCCESSOR]->(s)
OPTIONAL MATCH (e)-[:LEGAL_BASIS]->(b:Document)
OPTIONAL MATCH (e)-[:FUNCTION_SCOPE]->(f:FunctionScope)
RETURN e.id AS event_id, e.effectiveDate AS effective, s.id AS successor_id, s.name AS successor_name,
       e.successionStatus AS status, b.id AS legal_basis, f.id AS scope, e.successionNote AS note
ORDER BY event_id
