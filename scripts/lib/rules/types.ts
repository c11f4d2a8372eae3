import type { DataPath, Finding, RuleId, RuleSeverity } from "../problems.ts";
import type { CanonicalFile, Provider } from "../schema.ts";

/** What a rule reports; the runner adds rule id and severity. */
export type Report = (finding: { path: DataPath; message: string; at?: "key" | "value" }) => void;

export interface CanonicalInput {
  /** `canonical.yaml` or `models/<org>.yaml`. */
  file: string;
  /** The org of a `models/<org>.yaml` file; undefined for canonical.yaml. */
  org?: string | undefined;
  /**
   * The parsed top-level mapping, whatever its shape. A `models/<org>.yaml`
   * sequence arrives as `{ models: [...] }`, so rules read both layouts alike;
   * the leading `models` of the paths they report is dropped for that file.
   */
  raw: Record<string, unknown>;
  /** Present when the file passed the schema. */
  canonical: CanonicalFile | undefined;
  /** The file's text as parsed, when the caller has it: a rule may rule a whole file out by a text search before walking its data. */
  text?: string | undefined;
}

export interface ProviderInput {
  /** `providers/<stem><extension>` */
  file: string;
  stem: string;
  extension: string;
  raw: Record<string, unknown>;
  /** Present when the file passed the schema. */
  provider: Provider | undefined;
  /** The file's text as parsed, when the caller has it (see CanonicalInput.text). */
  text?: string | undefined;
}

export interface RegistryIndex {
  /** Ids declared by the canonical files; undefined when none could be read, so nothing is "unknown". */
  canonicalIds: ReadonlySet<string> | undefined;
  /** Canonical id → where it was first declared, among canonical files checked so far (across `models/<org>.yaml` files). */
  canonicalOwners?: ReadonlyMap<string, { file: string; index: number }>;
  /** Today, `YYYY-MM-DD` (UTC), for rules that age (`stale-price`); injectable for tests. */
  today?: string;
  /** Provider name → the first file (in path order) that declares it, among files checked so far. */
  providerFiles: ReadonlyMap<string, string>;
  /** Every path listed under `providers/`, read or not (absent when only some files are checked). */
  providerPaths?: ReadonlySet<string>;
}

export interface Rule {
  id: RuleId;
  /** The default severity; a registry's `registry.config.yaml` or `--rule` may change it. `off` does not run. */
  severity: RuleSeverity;
  /** One line for the README rule table and `--help`. */
  summary: string;
  canonical?(input: CanonicalInput, report: Report, index: RegistryIndex): void;
  provider?(input: ProviderInput, index: RegistryIndex, report: Report): void;
}

export function defineRule(rule: Rule): Rule {
  return rule;
}

/** Run a rule, stamping its id and severity on what it reports (a rule that is `off` is never run). */
export function collect(rule: Rule, run: (report: Report) => void): Finding[] {
  const findings: Finding[] = [];
  if (rule.severity === "off") return findings;
  const severity = rule.severity;
  run((finding) => findings.push({ rule: rule.id, severity, ...finding }));
  return findings;
}

/** The rules with the severities a run asked for: overridden ones copied once per run, `off` ones left out. */
export function withSeverities(rules: readonly Rule[], severities: Partial<Record<RuleId, RuleSeverity>> | undefined): Rule[] {
  const effective: Rule[] = [];
  for (const rule of rules) {
    const severity = severities?.[rule.id] ?? rule.severity;
    if (severity === "off") continue;
    effective.push(severity === rule.severity ? rule : { ...rule, severity });
  }
  return effective;
}
