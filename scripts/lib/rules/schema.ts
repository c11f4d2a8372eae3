/**
 * Rule `schema`: every shape violation, as Zod reports it, turned into a
 * message a provider can act on. URL fields that are not https are reported
 * under `insecure-url` instead (same check, more useful rule id).
 */
import type { z } from "zod";
import { formatPath, type DataPath, type Finding } from "../problems.ts";
import {
  CANONICAL_ID_PATTERN,
  DATE_PATTERN,
  ENV_VAR_PATTERN,
  HTTPS_URL_PATTERN,
  MODEL_PATTERN_PATTERN,
  MONTH_OR_DATE_PATTERN,
  PROVIDER_NAME_PATTERN,
  RECORD_KEY_PATTERN,
  REGION_CODE_PATTERN,
  SLUG_PATTERN,
} from "../schema-constants.ts";
import { didYouMean } from "../suggest.ts";
import { findSecret, mask } from "./credential.ts";

type Issue = z.core.$ZodIssue;
type AnySchema = z.core.$ZodType;

/** Zod reports a regex miss with the pattern as `String(regex)`: `/^...$/`. */
const patternKey = (pattern: RegExp): string => String(pattern);
const ENV_VAR_KEY = patternKey(ENV_VAR_PATTERN);

const PATTERN_HINTS = new Map<string, string>([
  [patternKey(CANONICAL_ID_PATTERN), "a lowercase canonical id `<org>/<model>` (letters, digits, `.`, `_`, `-`)"],
  [patternKey(PROVIDER_NAME_PATTERN), "a lowercase provider name: a letter, then letters, digits, `_` or `-`"],
  [patternKey(DATE_PATTERN), "a date written YYYY-MM-DD"],
  [patternKey(MONTH_OR_DATE_PATTERN), "a month or a date, written YYYY-MM or YYYY-MM-DD"],
  [patternKey(MODEL_PATTERN_PATTERN), "an exact model id or a prefix followed by a single trailing `*`"],
  [patternKey(RECORD_KEY_PATTERN), "a non-empty name"],
  [patternKey(SLUG_PATTERN), "a slug of lowercase letters, digits and `-`"],
  [patternKey(REGION_CODE_PATTERN), "a two-letter uppercase code (ISO 3166, e.g. `US`, or `EU`)"],
  [patternKey(HTTPS_URL_PATTERN), "an https URL"],
]);

/** Parse `data` with `schema`: the typed data when it conforms, else the findings. */
export function schemaFindings(schema: AnySchema, data: unknown): { findings: Finding[]; data: unknown } {
  const result = (schema as z.ZodType).safeParse(data);
  // In a record (extra_headers, params, patterns) Zod passes over a `__proto__`
  // key without a word and drops it; the JSON Schemas refuse it. A strict
  // object already reports it as an unknown key.
  const protoKeys = protoKeyFindings(data, []);
  if (result.success && protoKeys.length === 0) return { findings: [], data: result.data };
  const findings: Finding[] = [];
  const protoParents = new Set(protoKeys.map((finding) => JSON.stringify(finding.path.slice(0, -1))));
  if (!result.success) {
    for (const issue of result.error.issues) {
      // The entry Zod saw without its `__proto__` key ("exactly one key") is explained by that key.
      if (issue.code === "custom" && protoParents.has(JSON.stringify(issue.path))) continue;
      findings.push(...describeIssue(schema, data, issue, issue.path as DataPath));
    }
  }
  const reported = new Set(findings.map((finding) => JSON.stringify(finding.path)));
  for (const finding of protoKeys) if (!reported.has(JSON.stringify(finding.path))) findings.push(finding);
  return { findings: mergeMisspelledRequired(findings), data: undefined };
}

/**
 * A misspelt required key (`model:` for `models:`) is one mistake: its
 * "unknown key — did you mean" finding says the key is required, and the
 * "missing required key" finding beside it is not repeated.
 */
function mergeMisspelledRequired(findings: Finding[]): Finding[] {
  const explained = new Set<Finding>();
  for (const finding of findings) {
    const key = finding.path[finding.path.length - 1];
    if (typeof key !== "string" || !finding.message.startsWith("missing required key")) continue;
    const parent = JSON.stringify(finding.path.slice(0, -1));
    const typo = findings.find(
      (other) =>
        other.at === "key" &&
        other.message.startsWith("unknown key") &&
        other.message.includes(`did you mean \`${key}\``) &&
        JSON.stringify(other.path.slice(0, -1)) === parent,
    );
    if (!typo) continue;
    typo.message = `${typo.message} (\`${key}\` is required)`;
    explained.add(finding);
  }
  return explained.size === 0 ? findings : findings.filter((finding) => !explained.has(finding));
}

/** Every own `__proto__` key in the data: no JavaScript consumer can hold it as a plain key. */
function protoKeyFindings(node: unknown, path: DataPath): Finding[] {
  if (node === null || typeof node !== "object") return [];
  const findings: Finding[] = [];
  if (Array.isArray(node)) {
    node.forEach((item, i) => findings.push(...protoKeyFindings(item, [...path, i])));
    return findings;
  }
  for (const key of Object.keys(node)) {
    const child = [...path, key];
    if (key === "__proto__") {
      findings.push({
        rule: "schema",
        severity: "error",
        path: child,
        at: "key",
        message: `key \`__proto__\` in ${path.length > 0 ? subject(path) : "the top level"} is not allowed: JavaScript consumers of the snapshot cannot hold it as a plain key`,
      });
    } else {
      findings.push(...protoKeyFindings((node as Record<string, unknown>)[key], child));
    }
  }
  return findings;
}

function valueAt(data: unknown, path: DataPath): unknown {
  let node = data;
  for (const segment of path) {
    if (node === null || typeof node !== "object") return undefined;
    node = Object.hasOwn(node, segment) ? (node as Record<string | number, unknown>)[segment] : undefined;
  }
  return node;
}

const URL_PASSWORD = /(:\/\/[^\s/:@]+:)[^\s/@]+@/g;

/** A short, safe rendering of a value for messages: never a whole structure, never a secret. */
function show(value: unknown): string {
  if (typeof value === "string") {
    // A URL keeps its shape with the password blanked out; any other secret is masked whole.
    const secret = findSecret(value.replace(URL_PASSWORD, "$1@"));
    const text = value.replace(URL_PASSWORD, "$1***@");
    if (secret) return `a value that looks like ${secret.kind} (\`${mask(secret.match)}\`)`;
    return `\`${text.length > 60 ? `${text.slice(0, 57)}...` : text}\``;
  }
  if (value === null) return "null";
  if (Array.isArray(value)) return "a list";
  if (typeof value === "object") return "a mapping";
  return `\`${String(value)}\``;
}

function typeName(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "a list";
  if (typeof value === "object") return "a mapping";
  if (typeof value === "number" && !Number.isFinite(value)) return "a non-finite number";
  return `a ${typeof value}`;
}

const EXPECTED: Record<string, string> = {
  string: "a string",
  number: "a finite number",
  int: "a whole number",
  boolean: "true or false",
  array: "a list",
  object: "a mapping",
  record: "a mapping",
  null: "null",
};

/** YAML 1.1 booleans: plain text in YAML 1.2, a common surprise. */
const YAML_11_TRUE = new Set(["yes", "y", "on"]);
const YAML_11_BOOLEANS = new Set([...YAML_11_TRUE, "no", "n", "off"]);
/** Top-level fields written as `- "<pattern>": value` lists. */
const PATTERN_LISTS = new Set(["api_protocol", "rate_limits"]);

function subject(path: DataPath): string {
  return `\`${formatPath(path)}\``;
}

/** "missing required key `api_base`", naming the enclosing object unless it is the top level. */
function missing(path: DataPath, expected?: string): Finding {
  const key = path[path.length - 1];
  const parent = path.slice(0, -1);
  const where = parent.length > 0 ? ` in ${subject(parent)}` : "";
  const what = expected ? ` (${expected})` : "";
  const message = typeof key === "string" ? `missing required key \`${key}\`${where}${what}` : `missing value at ${subject(path)}${what}`;
  return { rule: "schema", severity: "error", path, message, at: "value" };
}

function describeIssue(schema: AnySchema, data: unknown, issue: Issue, path: DataPath): Finding[] {
  const error = (message: string, at: "key" | "value" = "value", rule: Finding["rule"] = "schema", findingPath = path): Finding => ({
    rule,
    severity: "error",
    path: findingPath,
    message,
    at,
  });
  switch (issue.code) {
    case "unrecognized_keys": {
      const allowed = keysAt(schema, path, data);
      return issue.keys.map((key) => {
        const hint = didYouMean(key, allowed);
        const tail = hint || (allowed.length > 0 ? `; allowed here: ${allowed.join(", ")}` : "");
        return error(`unknown key ${show(key)}${tail}`, "key", "schema", [...path, key]);
      });
    }
    case "invalid_type": {
      const value = valueAt(data, path);
      if (value === undefined) return [missing(path)];
      const expected = EXPECTED[issue.expected] ?? issue.expected;
      if (issue.expected === "number" && typeof value === "number") {
        return [error(`${subject(path)} must be a finite number; got \`${String(value)}\``)];
      }
      if (issue.expected === "int" && typeof value === "number") {
        return [error(`${subject(path)} must be a whole number; got \`${String(value)}\``)];
      }
      if (issue.expected === "boolean" && typeof value === "string" && YAML_11_BOOLEANS.has(value.toLowerCase())) {
        const meant = YAML_11_TRUE.has(value.toLowerCase()) ? "true" : "false";
        return [error(`${subject(path)} must be true or false; got the text ${show(value)} (YAML 1.2 reads it as text) — write \`${meant}\``)];
      }
      if (issue.expected === "array" && PATTERN_LISTS.has(String(path[path.length - 1])) && path.length === 1 && typeName(value) === "a mapping") {
        return [error(`${subject(path)} must be a list of one-key entries, e.g. \`- "*": openai\`; got a mapping`)];
      }
      const got = typeof value === "string" ? `the text ${show(value)}` : typeName(value);
      return [error(`${subject(path)} must be ${expected}; got ${got}`)];
    }
    case "invalid_value": {
      const value = valueAt(data, path);
      const options = issue.values.map(String);
      if (value === undefined) return [missing(path, `one of ${options.join(", ")}`)];
      const hint = typeof value === "string" ? didYouMean(value, options) : "";
      return [error(`${subject(path)} must be one of ${options.join(", ")}; got ${show(value)}${hint}`)];
    }
    case "invalid_format": {
      const value = valueAt(data, path);
      if (issue.format === "regex" && issue.pattern === patternKey(HTTPS_URL_PATTERN)) {
        if (typeof value === "string" && /^[^/]*\$\{/.test(value) && !value.startsWith("https://")) {
          return [
            error(
              `${subject(path)} must be an https URL; a \`\${…}\` placeholder cannot choose the scheme — write \`https://\` literally and keep placeholders in the host's labels or the path`,
              "value",
              "insecure-url",
            ),
          ];
        }
        return [error(`${subject(path)} must be an https URL (\`https://host/...\`); got ${show(value)}`, "value", "insecure-url")];
      }
      if (issue.format === "email") return [error(`${subject(path)} must be an email address; got ${show(value)}`)];
      const hint = (issue.pattern && PATTERN_HINTS.get(issue.pattern)) ?? `text matching ${issue.pattern ?? issue.format}`;
      if (issue.pattern === patternKey(CANONICAL_ID_PATTERN) && typeof value === "string" && CANONICAL_ID_PATTERN.test(value.toLowerCase())) {
        return [error(`${subject(path)} must be ${hint}; got ${show(value)} — did you mean \`${value.toLowerCase()}\`?`)];
      }
      if (path[path.length - 1] === "name" && path.length === 1 && typeof value === "string") {
        return [error(`${subject(path)} must be ${hint}; got ${show(value)}`)];
      }
      if (issue.pattern === ENV_VAR_KEY) {
        // Often a pasted key: the value is not repeated.
        return [error(`${subject(path)} must be the name of an environment variable (letters, digits, \`_\`, e.g. \`ACME_API_KEY\`), never the key itself`)];
      }
      return [error(`${subject(path)} must be ${hint}; got ${show(value)}`)];
    }
    case "too_small": {
      const value = valueAt(data, path);
      if (issue.origin === "array") return [error(`${subject(path)} must have at least ${String(issue.minimum)} entr${issue.minimum === 1 ? "y" : "ies"}`)];
      if (issue.origin === "string") return [error(`${subject(path)} must not be empty`)];
      const bound = issue.inclusive ? `at least ${String(issue.minimum)}` : `greater than ${String(issue.minimum)}`;
      return [error(`${subject(path)} must be ${bound}; got ${show(value)}`)];
    }
    case "too_big": {
      const value = valueAt(data, path);
      if (issue.origin === "number" && Number.isInteger(value) && !Number.isSafeInteger(value)) {
        return [error(`${subject(path)} is too large to be exact; got ${show(value)}`)];
      }
      const bound = issue.inclusive ? `at most ${String(issue.maximum)}` : `less than ${String(issue.maximum)}`;
      return [error(`${subject(path)} must be ${bound}; got ${show(value)}`)];
    }
    case "invalid_union": {
      if (issue.discriminator) {
        // Zod puts the discriminator at the end of the issue's path (older versions did not).
        const key = issue.discriminator;
        const keyPath = path[path.length - 1] === key ? path : [...path, key];
        const value = valueAt(data, keyPath);
        const options = ("options" in issue ? (issue.options ?? []) : []).map(String);
        if (value === undefined) return [missing(keyPath, `one of ${options.join(", ")}`)];
        return [
          error(
            `${subject(keyPath)} must be one of ${options.join(", ")}; got ${show(value)}${typeof value === "string" ? didYouMean(value, options) : ""}`,
            "value",
            "schema",
            keyPath,
          ),
        ];
      }
      // Explain the branch the author most plausibly meant: the one that got
      // furthest (its issues are not a type mismatch at the union itself).
      const branches = issue.errors.filter((branch) => branch.length > 0);
      const meant =
        branches.find((branch) => branch.some((inner) => inner.path.length > 0)) ??
        branches.find((branch) => !branch.every((inner) => inner.code === "invalid_type" && inner.path.length === 0)) ??
        branches[0];
      if (!meant) return [error(`${subject(path)} has an invalid value`)];
      return meant.flatMap((inner) => describeIssue(schema, data, inner, [...path, ...(inner.path as DataPath)]));
    }
    case "invalid_key": {
      // The path ends with the key itself: describe the key, not its value.
      const key = String(path[path.length - 1]);
      const where = subject(path.slice(0, -1));
      if (key === "__proto__")
        return [error(`key \`__proto__\` in ${where} is not allowed: JavaScript consumers of the snapshot cannot hold it as a plain key`, "key")];
      return issue.issues.map((inner) => {
        const hint = inner.code === "invalid_format" && inner.pattern ? PATTERN_HINTS.get(inner.pattern) : undefined;
        const what = hint ? `must be ${hint}` : `is not allowed (${inner.message})`;
        return error(`key ${show(key)} in ${where} ${what}`, "key");
      });
    }
    case "custom": {
      // A refinement may point at the key it is about (`reasoning_effort` itself, not its block).
      const at = (issue.params as { at?: "key" | "value" } | undefined)?.at === "key" ? "key" : "value";
      return [error(issue.message, at)];
    }
    default:
      return [error(`${subject(path)}: ${issue.message}`)];
  }
}

/** The keys the schema allows for the object at `path` (for did-you-mean). */
export function keysAt(schema: AnySchema, path: DataPath, data: unknown): string[] {
  const keys = new Set<string>();
  const visit = (node: AnySchema, depth: number): void => {
    const def = (node as unknown as { _zod: { def: Record<string, unknown> } })._zod.def;
    const type = def.type as string;
    if (type === "optional" || type === "nullable" || type === "default" || type === "readonly" || type === "nonoptional" || type === "catch") {
      return visit(def.innerType as AnySchema, depth);
    }
    if (type === "pipe") return visit(def.in as AnySchema, depth);
    if (type === "union") {
      const options = def.options as AnySchema[];
      const discriminator = def.discriminator as string | undefined;
      const here = valueAt(data, path.slice(0, depth));
      for (const option of options) {
        if (discriminator && here && typeof here === "object") {
          const literal = (
            (option as unknown as { _zod: { def: { shape?: Record<string, AnySchema> } } })._zod.def.shape?.[discriminator] as unknown as
              | { _zod: { def: { values?: unknown[] } } }
              | undefined
          )?._zod.def.values;
          const actual = (here as Record<string, unknown>)[discriminator];
          if (literal && !literal.includes(actual)) continue;
        }
        visit(option, depth);
      }
      return;
    }
    if (depth === path.length) {
      if (type === "object") for (const key of Object.keys(def.shape as object)) keys.add(key);
      return;
    }
    const segment = path[depth];
    if (type === "object") {
      const child = (def.shape as Record<string, AnySchema>)[String(segment)];
      if (child) visit(child, depth + 1);
    } else if (type === "array") {
      visit(def.element as AnySchema, depth + 1);
    } else if (type === "record") {
      visit(def.valueType as AnySchema, depth + 1);
    }
  };
  visit(schema, 0);
  return [...keys];
}
