// name: task
// description: One task: its text, document (id, symbol, title), section path, deadline, funding and the lines it was read from.
// param: id (required) a task id
// columns: id, document_id, document_symbol, document_title, section, heading, text, deadline, funding, quote, file, line_start, line_end, field_evidence
// example: id=x-KH-UBND-ha-nam-2024-a382d3c1.III.1.1
MATCH (d:Document)-[:HAS_TASK]->(t:Task {id: $id})-[:IN_SECTION]->(s:Section)
RETURN t.id AS id, d.id AS document_id, d.symbol AS document_symbol, d.title AS document_title, s.path AS section, s.heading AS heading,
       t.text AS text, t.deadline AS deadline, t.funding AS funding, t.quote AS quote, t.file AS file,
       t.lineStart AS line_start, t.lineEnd AS line_end, t.scopeEvidence AS field_evidence
