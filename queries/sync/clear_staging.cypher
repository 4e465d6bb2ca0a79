// Remove what an interrupted push left in staging (never visible to queries: staged nodes carry
// no domain label). Auto-commit transaction; batches keep memory bounded.
MATCH (n:PGStaging)
CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 5000 ROWS
