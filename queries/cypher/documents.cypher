// name: documents
// description: Every document, loaded from the corpus or only cited, with its identity, its symbol as people write it (42-NQ/TW, 68/NQ-CP; none for an unnumbered draft), the name of its province and its title.
// param: id (optional) one document's id (how the API looks one up)
// columns: id, symbol, kind, number, date, year, issuer, issuer_code, province, province_name, title, loaded, draft
// example:
MATCH (d:Document) WHERE $id IS NULL OR d.id = $id
OPTIONAL MATCH (d)-[:IN_PROVINCE]->(p:Province)
RETURN d.id AS id, d.symbol AS symbol, d.kind AS kind, d.number AS number, d.date AS date, d.year AS year,
       d.issuerName AS issuer, d.issuerCode AS issuer_code, p.id AS province, p.name AS province_name, d.title AS title,
       d.loaded AS loaded, d.draft AS draft
ORDER BY id
