// name: document_by_symbol
// description: The documents a search names by number, as people write them ("Nghị quyết 42", "NQ 42", "42-NQ/TW", "45/2016/QĐ-TTg", "kế hoạch 113 2022", "chương trình 113 Hà Nam"): those with that number, or with that number and year as one number (45/2016); narrowed by whatever else was said of them: the kind code, the year, the issuer code, the province. Same columns as search, so that the named document is listed first (province: the name of the document's province, none for a central document; symbol: its symbol as people write it).
// param: number (required) the number as written before the kind, e.g. 42 or 45
// param: code (optional) the kind code, e.g. NQ, QĐ, KH, CTr
// param: year (optional) the year, e.g. 2016 (part of the number of a legal normative document, or the year it was issued)
// param: issuer (optional) the issuer code, e.g. TW, TU, UBND, HĐND, CP, TTg
// param: province_id (optional) the province id of a provincial document, e.g. ha-nam
// columns: kind, id, label, province, symbol
// example: number=42&code=NQ
MATCH (d:Document)
WHERE (d.number = $number OR ($year IS NOT NULL AND d.number = $number + '/' + $year))
  AND ($code IS NULL OR d.kind = $code)
  AND ($issuer IS NULL OR d.issuerCode = $issuer)
  AND ($year IS NULL OR d.number <> $number OR toString(d.year) = $year)
  AND ($province_id IS NULL OR EXISTS { (d)-[:IN_PROVINCE]->(:Province {id: $province_id}) })
RETURN 'document' AS kind, d.id AS id, coalesce(d.title, d.text) AS label,
       head([(d)-[:IN_PROVINCE]->(p:Province) | p.name]) AS province, d.symbol AS symbol
ORDER BY id
LIMIT 50
