/**
 * Problems are data: every stage returns them, one formatter per output
 * format prints them. Positions are fields, never text inside the message.
 */
import { isCanonicalPath } from "./registry-layout.ts";

export const RULE_IDS = [
  "yaml-syntax",
  "layout",
  "schema",
  "unknown-canonical",
  "duplicate-canonical",
  "duplicate-model",
  "canonical-org",
  "filename-mismatch",
  "duplicate-provider",
  "active-without-models",
  "insecure-url",
  "credential",
  "unsafe-file",
  "pricing-sanity",
  "deprecated-field",
  "stale-price",
  "unsourced-price",
  "billing-pricing",
  "unused-pattern",
  "duplicate-alias",
  "scheduled-price-due",
  "model-lifecycle",
] as const;

export type RuleId = (typeof RULE_IDS)[number];
export type Severity = "error" | "warning";
/** A rule's configured severity (SPEC §3, ESLint-style): `off` does not run it. */
export type RuleSeverity = Severity | "off";
export const RULE_SEVERITIES = ["error", "warning", "off"] as const satisfies readonly RuleSeverity[];

/** Rules that protect consumers: a registry or a command line may raise them, never lower them. */
export const PROTECTED_RULES: ReadonlySet<RuleId> = new Set<RuleId>(["yaml-syntax", "schema", "layout", "insecure-url", "credential", "unsafe-file"]);
export type DataPath = Array<string | number>;

/** A problem as a rule reports it: the data path says where; positions come later. */
export interface Finding {
  rule: RuleId;
  severity: Severity;
  path: DataPath;
  message: string;
  /** Point at the key of the last path segment rather than its value. */
  at?: "key" | "value";
  /** Set when the stage that found it already knows the position (YAML syntax errors). */
  line?: number;
  column?: number;
}

export interface Problem {
  severity: Severity;
  rule: RuleId;
  /** Relative to the registry root, `/`-separated. */
  file: string;
  line: number;
  column: number;
  path: DataPath;
  message: string;
}

export interface Summary {
  canonical_models: number;
  providers: number;
  errors: number;
  warnings: number;
}

export interface ValidationReport {
  ok: boolean;
  summary: Summary;
  problems: Problem[];
}

/** Stable order: by file (canonical files first), then position, then rule. */
export function compareProblems(a: Problem, b: Problem): number {
  if (a.file !== b.file) {
    const canonicalA = isCanonicalPath(a.file);
    if (canonicalA !== isCanonicalPath(b.file)) return canonicalA ? -1 : 1;
    return a.file < b.file ? -1 : 1;
  }
  return (
    a.line - b.line || a.column - b.column || (a.rule < b.rule ? -1 : a.rule > b.rule ? 1 : 0) || (a.message < b.message ? -1 : a.message > b.message ? 1 : 0)
  );
}

/** Render a data path for messages: `models[3].pricing.input_tokens`. */
export function formatPath(path: DataPath): string {
  let out = "";
  for (const segment of path) {
    if (typeof segment === "number") out += `[${segment}]`;
    else out += out === "" ? segment : `.${segment}`;
  }
  return out === "" ? "(top level)" : out;
}

/**
 * Control and bidirectional-override characters, which a message can pick up
 * from a quoted YAML value (`"\e[2J"`): printed raw they would drive the
 * terminal or CI log that shows them, so they are shown as `\u{1b}`.
 */
const UNPRINTABLE = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

export function printable(message: string): string {
  return message.replace(UNPRINTABLE, (char) => `\\u{${char.codePointAt(0)!.toString(16)}}`);
}
