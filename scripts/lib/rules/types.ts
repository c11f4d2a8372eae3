import type { DataPath, Finding, RuleId, Severity } from "../problems.ts";
import type { CanonicalFile, Provider } from "../schema.ts";

/** What a rule reports; the runner adds rule id and severity. */
export interface Report {
  (finding: { path: DataPath; message: string; at?: "key" | "value" }): void;
}

export interface CanonicalInput {
  file: string;
  /** The parsed top-level mapping, whatever its shape. */
  raw: Record<string, unknown>;
  /** Present when the file passed the schema. */
  canonical: CanonicalFile | undefined;
}

export interface ProviderInput {
  /** `providers/<stem><extension>` */
  file: string;
  stem: string;
  extension: string;
  raw: Record<string, unknown>;
  /** Present when the file passed the schema. */
  provider: Provider | undefined;
}

export interface RegistryIndex {
  /** Ids declared in canonical.yaml; undefined when it could not be read, so nothing is "unknown". */
  canonicalIds: ReadonlySet<string> | undefined;
  /** Provider name → the first file (in path order) that declares it, among files checked so far. */
  providerFiles: ReadonlyMap<string, string>;
  /** Every path listed under `providers/`, read or not (absent when only some files are checked). */
  providerPaths?: ReadonlySet<string>;
}

export interface Rule {
  id: RuleId;
  severity: Severity;
  /** One line for the README rule table and `--help`. */
  summary: string;
  canonical?(input: CanonicalInput, report: Report): void;
  provider?(input: ProviderInput, index: RegistryIndex, report: Report): void;
}

export function defineRule(rule: Rule): Rule {
  return rule;
}

/** Run a rule, stamping its id and severity on what it reports. */
export function collect(rule: Rule, run: (report: Report) => void): Finding[] {
  const findings: Finding[] = [];
  run((finding) => findings.push({ rule: rule.id, severity: rule.severity, ...finding }));
  return findings;
}

// ── Helpers for rules that also read files that failed the schema ────────

export function asRecord(value: unknown): Record<string, unknown> | undefined {
  return value !== null && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

export function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

export function asString(value: unknown): string | undefined {
  return typeof value === "string" ? value : undefined;
}
