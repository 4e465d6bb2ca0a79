// What the staging area holds, from the count store: the push compares it with what it sent
// before it switches, so a lost or repeated batch can never become the current generation.
RETURN COUNT { (:PGStaging) } AS nodes, COUNT { (:PGStaging)-[]->() } AS relationships
