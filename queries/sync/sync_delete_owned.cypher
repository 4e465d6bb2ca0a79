// A change set, step 1 of 4 (one transaction with the others): the relationships the changed
// nodes own go, to be created again from the new generation (sync_create_relationships). A node
// owns its outgoing relationships, except an assignment's, which its task owns whichever way it
// points (agency → task; task → agency for the types in $task_to_agency). Each direction is
// expanded on its own: a node's incoming relationships are owned by others, and a popular node
// (an indicator every target measures, a resolution every plan implements) has tens of thousands.
// Params: $owners (IRIs), $assignment_types, $task_to_agency.
UNWIND $owners AS iri
MATCH (n:PGNode {iri: iri})
CALL (n) {
  MATCH (n)-[r]->()
  WHERE NOT type(r) IN $assignment_types OR type(r) IN $task_to_agency
  RETURN r
  UNION
  MATCH (n)<-[r]-()
  WHERE type(r) IN $assignment_types AND NOT type(r) IN $task_to_agency
  RETURN r
}
WITH DISTINCT r
DELETE r
