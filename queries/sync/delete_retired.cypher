// Delete the retired generation in batches (auto-commit transaction), after the switch.
MATCH (n:PGRetired)
CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 5000 ROWS
