// Schema of the property graph: one uniqueness constraint per label on `id`, the lookups the
// named queries use, the IRI indexes the push and the change sets rely on, and two full-text indexes: over the
// folded text (already lower-case ASCII words, so split on spaces), which the `search` query uses,
// and a diacritic-folding one over the text as written, for analysts ("so lao dong" finds "Sở Lao
// động"). Idempotent (IF NOT EXISTS). Statements are separated by ';'.
// A test checks that every label of the ontology's mapping has its constraint here.
CREATE CONSTRAINT document_id IF NOT EXISTS FOR (n:Document) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT section_id IF NOT EXISTS FOR (n:Section) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT task_id IF NOT EXISTS FOR (n:Task) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT target_id IF NOT EXISTS FOR (n:Target) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT indicator_id IF NOT EXISTS FOR (n:Indicator) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT agency_id IF NOT EXISTS FOR (n:Agency) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT agency_group_id IF NOT EXISTS FOR (n:AgencyGroup) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT province_id IF NOT EXISTS FOR (n:Province) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT warning_id IF NOT EXISTS FOR (n:Warning) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT succession_event_id IF NOT EXISTS FOR (n:SuccessionEvent) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT function_scope_id IF NOT EXISTS FOR (n:FunctionScope) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT succession_route_id IF NOT EXISTS FOR (n:SuccessionRoute) REQUIRE n.id IS UNIQUE;
CREATE INDEX staging_iri IF NOT EXISTS FOR (n:PGStaging) ON (n.iri);
CREATE INDEX node_iri IF NOT EXISTS FOR (n:PGNode) ON (n.iri);
CREATE INDEX retired_iri IF NOT EXISTS FOR (n:PGRetired) ON (n.iri);
CREATE INDEX document_kind IF NOT EXISTS FOR (n:Document) ON (n.kind);
CREATE INDEX agency_category IF NOT EXISTS FOR (n:Agency) ON (n.category);
CREATE FULLTEXT INDEX policygraph_folded IF NOT EXISTS
  FOR (n:Task|Target|Document|Agency|AgencyGroup) ON EACH [n.textFolded]
  OPTIONS {indexConfig: {`fulltext.analyzer`: 'whitespace'}};
CREATE FULLTEXT INDEX policygraph_text IF NOT EXISTS
  FOR (n:Task|Target|Document|Agency|AgencyGroup) ON EACH [n.text, n.title, n.name]
  OPTIONS {indexConfig: {`fulltext.analyzer`: 'standard-folding'}}
