// name: document_warnings
// description: What the reader of one document could not settle: each extraction warning (a missing number or date, a provision it could not classify, a closing paragraph that names another resolution than the title …) with its code, message and, where it has one, the file, lines and quote it is about.
// param: id (required) a document id
// columns: warning_id, code, message, file, line_start, line_end, quote
// example: id=x-CTr-TU-hau-giang-2023-a3623827
MATCH (w:Warning)-[:ABOUT]->(:Document {id: $id})
RETURN w.id AS warning_id, w.warningCode AS code, w.message AS message, w.file AS file,
       w.lineStart AS line_start, w.lineEnd AS line_end, w.quote AS quote
ORDER BY warning_id
