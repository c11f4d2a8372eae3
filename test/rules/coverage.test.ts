/**
 * Every row of the SPEC §3 rule table has its test file and fixtures here,
 * with the severity the table gives it.
 */
import { existsSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { RULE_IDS } from "../../scripts/lib/problems.ts";
import { RULES } from "../../scripts/lib/rules/index.ts";
import { REPO_ROOT } from "../helpers.ts";
import { FIXTURES, readExpected, SEVERITY } from "./rule-fixture.ts";

function specRuleTable(): Array<[string, string]> {
  const spec = readFileSync(resolve(REPO_ROOT, "../shared/SPEC.md"), "utf8");
  const section = spec.slice(spec.indexOf("## 3."), spec.indexOf("## 4."));
  return [...section.matchAll(/^\| `([a-z-]+)` \| (error|warning) \|/gm)].map((match) => [match[1]!, match[2]!]);
}

describe("rule coverage", () => {
  it("the rule ids and severities are exactly the SPEC §3 table", () => {
    const table = specRuleTable();
    expect(table.length).toBe(14);
    expect(table.map(([rule]) => rule).sort()).toEqual([...RULE_IDS].sort());
    for (const [rule, severity] of table) expect(SEVERITY[rule as keyof typeof SEVERITY], rule).toBe(severity);
  });

  it("every cross-file rule declares the SPEC severity", () => {
    for (const rule of RULES) expect(rule.severity, rule.id).toBe(SEVERITY[rule.id]);
  });

  it.each([...RULE_IDS])("%s has a test file and invalid/valid fixtures that exercise it", (rule) => {
    expect(existsSync(join(REPO_ROOT, "test/rules", `${rule}.test.ts`))).toBe(true);
    expect(readFileSync(join(REPO_ROOT, "test/rules", `${rule}.test.ts`), "utf8")).toContain(`describeRuleFixtures("${rule}")`);
    for (const kind of ["invalid", "valid"]) {
      expect(existsSync(join(FIXTURES, rule, kind, "canonical.yaml")), `${rule}/${kind}/canonical.yaml`).toBe(true);
    }
    expect(readExpected(join(FIXTURES, rule, "invalid")).filter((problem) => problem.rule === rule).length).toBeGreaterThan(0);
  });
});
