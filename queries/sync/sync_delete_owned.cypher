// A change set, step 1 of 4 (one transaction with the others): the relationships the changed
// nodes own go, to be created again from the new generation (sync_create_relationships). A node
// owns its outgoing relationships, except an assignment's, which its task owns whichever way it
// points (agency → task; task → agency for the types in $task_to_agency).
// Params: $owners (IRIs), $assignment_types, $task_to_agency.
UNWIND $owners AS iri
MATCH (n:PGNode {iri: iri})-[r]-()
WITH DISTINCT n, r
WHERE (NOT type(r) IN $assignment_types AND startNode(r) = n)
   OR (type(r) IN $task_to_agency AND startNode(r) = n)
   OR (type(r) IN $assignment_types AND NOT type(r) IN $task_to_agency AND endNode(r) = n)
WITH DISTINCT r
DELETE r
