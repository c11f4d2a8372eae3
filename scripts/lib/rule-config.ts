/**
 * Rule severities, ESLint-style (SPEC §3): a registry's optional
 * `registry.config.yaml` (`rules: { unknown-canonical: warning }`) and the
 * command line's `--rule ID=SEVERITY` (which wins). Rules that protect
 * consumers can be raised, never lowered.
 *
 * The file is checked like any registry file: read through the source (no
 * link followed), parsed once, its problems positioned in it.
 */
import { PROTECTED_RULES, RULE_IDS, RULE_SEVERITIES, type DataPath, type Finding, type RuleId, type RuleSeverity } from "./problems.ts";
import { asRecord } from "./data.ts";

export type Severities = Partial<Record<RuleId, RuleSeverity>>;

const RULE_ID_SET: ReadonlySet<string> = new Set(RULE_IDS);
const SEVERITY_SET: ReadonlySet<string> = new Set(RULE_SEVERITIES);

export function isRuleId(value: string): value is RuleId {
  return RULE_ID_SET.has(value);
}

export function isRuleSeverity(value: string): value is RuleSeverity {
  return SEVERITY_SET.has(value);
}

/** Why `severity` may not be asked of `rule`, or undefined when it may. */
export function loweringRefused(rule: RuleId, severity: RuleSeverity): string | undefined {
  if (!PROTECTED_RULES.has(rule) || severity === "error") return undefined;
  return `rule \`${rule}\` protects the registry's consumers and cannot be lowered to \`${severity}\` (only \`error\`); the protected rules are ${[...PROTECTED_RULES].join(", ")}`;
}

export interface ConfigCheck {
  severities: Severities;
  findings: Finding[];
  /** The protected rules the file asks to lower (a usage error for the command line). */
  refused: Array<{ rule: RuleId; path: DataPath; message: string }>;
}

function schemaFinding(path: DataPath, message: string, at: "key" | "value" = "value"): Finding {
  return { rule: "schema", severity: "error", path, message, at };
}

/** Check the parsed `registry.config.yaml` and read its severities (entries with a problem are ignored). */
export async function checkRuleConfig(raw: Record<string, unknown>): Promise<ConfigCheck> {
  const { didYouMean } = await import("./suggest.ts");
  const result: ConfigCheck = { severities: {}, findings: [], refused: [] };
  for (const key of Object.keys(raw)) {
    if (key !== "rules") result.findings.push(schemaFinding([key], `unknown key \`${key}\`${didYouMean(key, ["rules"])}; allowed here: rules`, "key"));
  }
  if (raw.rules === undefined || raw.rules === null) return result;
  const rules = asRecord(raw.rules);
  if (!rules) {
    result.findings.push(schemaFinding(["rules"], "`rules` must be a mapping of rule id to severity, e.g. `rules: { unknown-canonical: warning }`"));
    return result;
  }
  for (const [rule, severity] of Object.entries(rules)) {
    if (!isRuleId(rule)) {
      result.findings.push(schemaFinding(["rules", rule], `unknown rule \`${rule}\`${didYouMean(rule, RULE_IDS)}`, "key"));
      continue;
    }
    if (typeof severity !== "string" || !isRuleSeverity(severity)) {
      const got =
        typeof severity === "string"
          ? `\`${severity}\`${didYouMean(severity, RULE_SEVERITIES)}`
          : severity === null
            ? "nothing"
            : `a ${Array.isArray(severity) ? "list" : typeof severity}`;
      result.findings.push(schemaFinding(["rules", rule], `\`rules.${rule}\` must be one of error, warning, off; got ${got}`));
      continue;
    }
    const refused = loweringRefused(rule, severity);
    if (refused) {
      result.findings.push(schemaFinding(["rules", rule], refused));
      result.refused.push({ rule, path: ["rules", rule], message: refused });
      continue;
    }
    result.severities[rule] = severity;
  }
  return result;
}

/**
 * `--rule ID=SEVERITY` values, in order (a later one wins). Throws a message
 * naming the argument for anything malformed, unknown or refused.
 */
export function parseRuleFlags(values: readonly string[]): Severities {
  const severities: Severities = {};
  for (const value of values) {
    const equals = value.indexOf("=");
    const rule = equals === -1 ? value : value.slice(0, equals);
    const severity = equals === -1 ? "" : value.slice(equals + 1);
    if (equals === -1 || !isRuleSeverity(severity)) throw new Error(`--rule ${value}: expected ID=error|warning|off, e.g. --rule unknown-canonical=warning`);
    if (!isRuleId(rule)) throw new Error(`--rule ${value}: unknown rule \`${rule}\`; the rules are ${RULE_IDS.join(", ")}`);
    const refused = loweringRefused(rule, severity);
    if (refused) throw new Error(`--rule ${value}: ${refused}`);
    severities[rule] = severity;
  }
  return severities;
}
