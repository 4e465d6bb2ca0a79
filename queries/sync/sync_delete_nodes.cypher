// A change set, step 2 of 4: the nodes that no longer exist go, with what still links them.
// Params: $iris.
UNWIND $iris AS iri
MATCH (n:PGNode {iri: iri})
DETACH DELETE n
