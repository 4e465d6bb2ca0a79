// Stage a batch of nodes of the new generation. Idempotent (MERGE on the IRI), so a retried batch
// changes nothing. Returns each node's element id, by which stage_relationships finds its ends.
// Params: $rows = [{iri, labels: [..], props: {..}}], $generation.
UNWIND $rows AS row
MERGE (n:PGStaging {iri: row.iri})
SET n = row.props, n.iri = row.iri, n.pgLabels = row.labels, n.pgGeneration = $generation
RETURN row.iri AS iri, elementId(n) AS node
