// name: document_references
// description: A document's references in both directions (what it implements, cites … and what implements or cites it), each with its quote; the other document by its id, its symbol (none for an unnumbered draft) and its title.
// param: id (required) a document id
// columns: direction, relation, other_id, other_symbol, other_title, quote, file, line_start, line_end
// example: id=92-KL-TW-2020
MATCH (d:Document {id: $id})
CALL (d) {
  MATCH (d)-[r:IMPLEMENTS|CONTINUES|BASED_ON|AMENDS|CITES]->(o:Document) RETURN 'out' AS direction, r, o
  UNION
  MATCH (o:Document)-[r:IMPLEMENTS|CONTINUES|BASED_ON|AMENDS|CITES]->(d) RETURN 'in' AS direction, r, o
}
RETURN direction, toLower(type(r)) AS relation, o.id AS other_id, o.symbol AS other_symbol, o.title AS other_title, r.quote AS quote,
       r.file AS file, r.lineStart AS line_start, r.lineEnd AS line_end
ORDER BY direction, relation, other_id
