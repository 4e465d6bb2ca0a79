// Switch, step 1 of 2 (same transaction as promote_staged): the current generation loses its
// domain labels and becomes retired, so it drops out of every query at commit.
MATCH (n)
WHERE n.pgLabels IS NOT NULL AND NOT n:PGStaging AND NOT n:PGRetired
REMOVE n:$(n.pgLabels)
REMOVE n:PGNode
SET n:PGRetired
