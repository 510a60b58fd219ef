// Checks every Cypher text netmap sent during the test suite with Neo4j's own Cypher
// front end (@neo4j-cypher/language-support: its parser and the semantic analysis of
// Neo4j's Java front end, compiled to JavaScript), as Cypher 5 and as Cypher 25.
//
//   node check.mjs <recorded.jsonl> <names.json>
//
// recorded.jsonl: one {"cypher": text} per line (NETMAP_CYPHER_LOG); names.json: netmap's
// own labels, relationship types and property keys (python -m netmap.store.names).
// Fails (exit 1) on any syntax or semantic error, any deprecation, or any label, type or
// property that netmap does not declare; lists every other note; prints the counts.
import { readFileSync } from 'node:fs';
import { lintCypherQuery, isNotParamError, testData } from '@neo4j-cypher/language-support';

const VERSIONS = ['CYPHER 5', 'CYPHER 25'];
const [recordedPath, namesPath] = process.argv.slice(2);
if (!recordedPath || !namesPath) {
  console.error('usage: node check.mjs <recorded.jsonl> <names.json>');
  process.exit(2);
}

const texts = [...new Set(
  readFileSync(recordedPath, 'utf8').split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l).cypher),
)].sort();
const names = JSON.parse(readFileSync(namesPath, 'utf8'));
// Neo4j's functions and procedures with their deprecations, per Cypher version, as the
// package ships them (a listing taken from a Neo4j server): without a registry, unknown
// and deprecated functions would go unnoticed.
const schema = {
  labels: names.labels,
  relationshipTypes: names.relationshipTypes,
  propertyKeys: names.propertyKeys,
  functions: testData.mockSchema.functions,
  procedures: testData.mockSchema.procedures,
};

const SEVERITY = { 1: 'error', 2: 'warning', 3: 'information', 4: 'hint' };
const failures = [];
const notes = [];
let checked = 0;

function isFailure(d) {
  if (d.severity === 1) return true; // syntax or semantic error
  return /deprecat|not present in the database/i.test(d.message);
}

// The front end takes any `x.key` whose x it cannot type as a node's property; the rows
// of `UNWIND $rows AS row` are maps sent by netmap, and their keys are not stored names.
function isRowKey(query, d) {
  if (!/ is not present in the database/.test(d.message) || /^(Label|Relationship type) /.test(d.message)) return false;
  const owner = /(\w+)\.`?$/.exec(query.slice(0, d.offsets.start));
  const rows = [...query.matchAll(/UNWIND\s.+?\sAS\s+(\w+)/gis)].map((m) => m[1]);
  return owner !== null && rows.includes(owner[1]);
}

for (const text of texts) {
  for (const version of VERSIONS) {
    // A version prefix selects the language; the text itself never carries one.
    const query = `${version} ${text}`;
    const { diagnostics } = lintCypherQuery(query, schema);
    checked += 1;
    const seen = new Set();
    for (const d of diagnostics.filter(isNotParamError).filter((d) => !isRowKey(query, d))) {
      if (seen.has(d.message)) continue;
      seen.add(d.message);
      const found = { version, severity: SEVERITY[d.severity] ?? d.severity, message: d.message, text };
      (isFailure(d) ? failures : notes).push(found);
    }
  }
}

const show = (f) => `  [${f.version}] ${f.severity}: ${f.message}\n      ${f.text.replace(/\s+/g, ' ').slice(0, 400)}`;
if (notes.length) {
  console.log(`Notes (${notes.length}):`);
  notes.forEach((n) => console.log(show(n)));
}
if (failures.length) {
  console.log(`Failures (${failures.length}):`);
  failures.forEach((f) => console.log(show(f)));
}
const statements = texts.length;
console.log(
  `Cypher check: ${statements} distinct statements x ${VERSIONS.length} versions = ${checked} checks; ` +
    `${failures.length} failures, ${notes.length} notes.`,
);
if (statements === 0) {
  console.log('No statement was recorded: was NETMAP_CYPHER_LOG set for the tests?');
  process.exit(1);
}
process.exit(failures.length ? 1 : 0);
