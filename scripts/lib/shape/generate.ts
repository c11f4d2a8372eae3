/**
 * Generates the fast shape validators: the JSON Schemas derived from the Zod
 * schema, compiled ahead of time by ajv into plain JavaScript. `validate`
 * runs them on every file; Zod is loaded only to explain a file they reject.
 *
 * The file carries a fingerprint of the sources it was generated from
 * (./fingerprint.ts); `validate` compares it with the sources on disk and
 * never trusts a validator older than schema.ts.
 */
import Ajv2020 from "ajv/dist/2020.js";
import standaloneCode from "ajv/dist/standalone/index.js";
import { canonicalFileSchema, canonicalModelsFileSchema, providerSchema } from "../schema.ts";
import { schemaFingerprint } from "./fingerprint.ts";
import { authoringSchema } from "./json-schema.ts";

export const SHAPE_VALIDATORS_FILE = "scripts/lib/generated/shape-validators.js";

type JsonSchema = Record<string, unknown>;

/**
 * The published schema with its list items moved into `$defs` (and ajv told
 * not to inline references), so each model entry is checked by a function of
 * its own: one function for a whole provider file grew too large for the
 * JavaScript engine to optimise (measured on 1000×50: 20% slower and 15 MB
 * more at peak than the split form).
 */
/** Keywords that only annotate: the fast check does not need them, and they are most of the generated file's bytes. */
const ANNOTATIONS = new Set(["title", "description", "deprecated", "examples", "$comment"]);

function withoutAnnotations(node: unknown, inProperties = false): unknown {
  if (Array.isArray(node)) return node.map((item) => withoutAnnotations(item));
  if (node === null || typeof node !== "object") return node;
  const out: JsonSchema = {};
  for (const [key, value] of Object.entries(node)) {
    // Under `properties` the keys are field names (a field may be called `description`).
    if (!inProperties && ANNOTATIONS.has(key)) continue;
    out[key] = withoutAnnotations(value, !inProperties && key === "properties");
  }
  return out;
}

function splitItems(schema: JsonSchema): JsonSchema {
  const copy = withoutAnnotations(schema) as JsonSchema;
  const holder = (copy.type === "array" ? copy : (copy.properties as Record<string, JsonSchema>).models) as JsonSchema;
  copy.$defs = { ...(copy.$defs as JsonSchema | undefined), entry: holder.items };
  holder.items = { $ref: "#/$defs/entry" };
  return shareRepeatedSubschemas(copy);
}

/** Keywords whose value is one subschema, a list of them, or a map of names to them. */
const ONE_SCHEMA = ["items", "additionalProperties", "propertyNames", "contains", "not", "if", "then", "else"];
const SCHEMA_LISTS = ["anyOf", "oneOf", "allOf", "prefixItems"];
const SCHEMA_MAPS = ["properties", "patternProperties", "dependentSchemas", "$defs"];

/** Calls `visit` on each direct subschema of `node`, and replaces it with what `visit` returns. */
function mapSubschemas(node: JsonSchema, visit: (child: JsonSchema, underDefs: boolean) => JsonSchema): void {
  const isSchema = (value: unknown): value is JsonSchema => value !== null && typeof value === "object" && !Array.isArray(value);
  for (const key of ONE_SCHEMA) if (isSchema(node[key])) node[key] = visit(node[key], false);
  for (const key of SCHEMA_LISTS) {
    const list = node[key];
    if (Array.isArray(list)) node[key] = list.map((item) => (isSchema(item) ? visit(item, false) : item));
  }
  for (const key of SCHEMA_MAPS) {
    const map = node[key];
    if (!isSchema(map)) continue;
    for (const name of Object.keys(map)) if (isSchema(map[name])) map[name] = visit(map[name], key === "$defs");
  }
}

/** Below this size (bytes of JSON) a repeated subschema costs less inline than as a call. */
const SHARED_MIN_BYTES = 400;
/**
 * From this size (annotations removed) a subschema gets a function of its
 * own even when it occurs once (`auth`, `auto_sync`, `metadata`, …): the
 * engine compiles a function whole on its first call, so a part most files
 * do not have is then never compiled at all, and a small registry's run is
 * mostly first calls (measured on the upstream and bitrouter corpora: the
 * first check of every provider file 13.6 → 9.4 ms and 35 → 24 ms, medians
 * of 15 fresh processes).
 */
const OWN_FUNCTION_MIN_BYTES = 300;

/**
 * Every subschema that occurs more than once (the price brackets of the base
 * price, each context tier, each service tier and each dated price), and
 * every large one, moved into `$defs`: ajv then compiles each to one
 * function called from where it was, rather than a copy per place. The
 * entry check had grown to one function of ~400 KB of code, too large for
 * the engine to optimise and slow to start; the accepted documents are the
 * same.
 */
function shareRepeatedSubschemas(root: JsonSchema): JsonSchema {
  const counts = new Map<string, number>();
  const count = (node: JsonSchema): JsonSchema => {
    const text = JSON.stringify(node);
    counts.set(text, (counts.get(text) ?? 0) + 1);
    mapSubschemas(node, count);
    return node;
  };
  mapSubschemas(root, count);
  const shared = new Map<string, string>();
  for (const [text, n] of counts) {
    if ((n > 1 && text.length >= SHARED_MIN_BYTES) || text.length >= OWN_FUNCTION_MIN_BYTES) shared.set(text, `shared${shared.size}`);
  }
  if (shared.size === 0) return root;
  const defs: JsonSchema = { ...(root.$defs as JsonSchema | undefined) };
  const rewrite = (node: JsonSchema, underDefs: boolean): JsonSchema => {
    const name = underDefs ? undefined : shared.get(JSON.stringify(node));
    if (name !== undefined) {
      if (!(name in defs)) {
        defs[name] = {}; // claimed before its body is rewritten (its own inner repeats become references too)
        const body = structuredClone(node);
        mapSubschemas(body, rewrite);
        defs[name] = body;
      }
      return { $ref: `#/$defs/${name}` };
    }
    mapSubschemas(node, rewrite);
    return node;
  };
  mapSubschemas(root, rewrite);
  root.$defs = { ...defs, ...(root.$defs as JsonSchema) };
  return root;
}

/** Where the JavaScript object or array literal opening at `start` ends (strings skipped, brackets balanced). */
function literalEnd(code: string, start: number): number {
  let depth = 0;
  for (let i = start; i < code.length; i++) {
    const char = code[i];
    if (char === '"' || char === "'") {
      for (i++; code[i] !== char; i++) if (code[i] === "\\") i++;
    } else if (char === "{" || char === "[") {
      depth++;
    } else if ((char === "}" || char === "]") && --depth === 0) {
      return i + 1;
    }
  }
  throw new Error("generated validators: an unbalanced literal");
}

/** One kind of error-recording statement ajv emits: where it starts, and the statement that replaces it. */
interface ErrorStatement {
  start: RegExp;
  /** What follows the error object, to the end of the statement. */
  tail: (match: RegExpExecArray) => string;
  replacement: string;
}

const ERROR_STATEMENTS: ErrorStatement[] = [
  // inside anyOf/oneOf branches: `const err0 = {…};if(vErrors === null){vErrors = [err0];}else {vErrors.push(err0);}errors++;`
  {
    start: /const (err\d+) = (?=\{)/g,
    tail: (match) => `;if(vErrors === null){vErrors = [${match[1]}];}else {vErrors.push(${match[1]});}errors++;`,
    replacement: "errors++;",
  },
  // a failure that ends the check: `validate9.errors = [{…}];return false;`
  { start: /validate\d+\.errors = (?=\[\{)/g, tail: () => ";return false;", replacement: "return false;" },
];

/**
 * The generated code with every error object left out: the fast check needs
 * only a verdict (Zod explains a rejected file in words), and the objects —
 * paths, schema locations, parameters — were 40% of the code the engine
 * compiles on a small registry's first calls (measured: the first check of
 * every provider file of the upstream and bitrouter corpora, 15 → 10 ms and
 * 22 → 17 ms, medians of 10 fresh processes). The error counter every
 * keyword's logic reads is kept exactly as ajv counts it. Anything this does
 * not recognise fails the generation rather than changing a verdict.
 */
export function verdictOnly(code: string): string {
  let out = "";
  let at = 0;
  for (;;) {
    let next: { match: RegExpExecArray; statement: ErrorStatement } | undefined;
    for (const statement of ERROR_STATEMENTS) {
      statement.start.lastIndex = at;
      const match = statement.start.exec(code);
      if (match && (!next || match.index < next.match.index)) next = { match, statement };
    }
    if (!next) break;
    const { match, statement } = next;
    const end = literalEnd(code, match.index + match[0].length);
    const tail = statement.tail(match);
    if (!code.startsWith(tail, end)) throw new Error(`generated validators: an error statement of an unexpected form at ${end}`);
    out += code.slice(at, match.index) + statement.replacement;
    at = end + tail.length;
  }
  out += code.slice(at);
  // A failed call's errors were appended and counted; now there are none to append, so it counts as one.
  out = out.replace(/vErrors = vErrors === null \? (validate\d+)\.errors : vErrors\.concat\(\1\.errors\);errors = vErrors\.length;/g, "errors++;");
  if (/errors = vErrors\.length|vErrors\.push|const err\d|\.errors = \[/.test(out))
    throw new Error("generated validators: error bookkeeping of an unexpected form is left");
  return out;
}

export async function generateShapeValidators(): Promise<string> {
  // Formats are not validated by ajv: Zod's own regex for each format is in
  // the schema as `pattern`, so both accept exactly the same strings.
  // strictNumbers: a YAML `.nan` or `.inf` is a number to JavaScript, and only
  // this makes `type: number` refuse it (NaN slips past every bound).
  const ajv = new Ajv2020({
    code: { source: true, esm: true, lines: false },
    strict: false,
    strictNumbers: true,
    validateFormats: false,
    allErrors: false,
    inlineRefs: false,
  });
  // The very schemas `build` publishes under schemas/, entries split out.
  ajv.addSchema({ ...splitItems(authoringSchema(canonicalFileSchema)), $id: "canonical" });
  // A models/<org>.yaml sequence shares canonical.yaml's entry check rather than compiling its own copy.
  const models = withoutAnnotations(authoringSchema(canonicalModelsFileSchema)) as JsonSchema;
  ajv.addSchema({ ...models, items: { $ref: "canonical#/$defs/entry" }, $id: "canonical-models" });
  ajv.addSchema({ ...splitItems(authoringSchema(providerSchema)), $id: "provider" });
  const code = standaloneCode(ajv, { validateCanonical: "canonical", validateCanonicalModels: "canonical-models", validateProvider: "provider" });
  // ajv's ESM output still `require`s its helpers. Its string length counts
  // code points, Zod's `min(1)` UTF-16 units, so plain `.length` is the
  // faithful translation; `uniqueItems` of strings needs no deep equality.
  const esm = verdictOnly(
    code
      .replace(/require\("ajv\/dist\/runtime\/ucs2length"\)/g, "{ default: (value) => value.length }")
      .replace(/require\("ajv\/dist\/runtime\/equal"\)/g, "{ default: (a, b) => a === b }"),
  );
  if (esm.includes("require(")) throw new Error("generated validators need a runtime helper this generator does not translate");
  return `// Generated by \`bun run generate\` from scripts/lib/schema.ts — do not edit.\n${esm}\nexport const SCHEMA_FINGERPRINT = ${JSON.stringify(schemaFingerprint({ fresh: true }))};\n`;
}
