// A change set, step 3 of 4: each changed or new node takes its labels and properties from the new
// generation (the labels it had go first: a node's kind may change, as a cited document's does when
// its own file is loaded). Params: $rows = [{iri, labels: [..], props: {..}}], $generation.
UNWIND $rows AS row
MERGE (n:PGNode {iri: row.iri})
WITH n, row, coalesce(n.pgLabels, []) AS old
REMOVE n:$(old)
SET n = row.props, n.iri = row.iri, n.pgLabels = row.labels, n.pgGeneration = $generation
SET n:$(row.labels)
