/**
 * Every row of the README's rule table (the published contract of rule ids
 * and severities) has its test file and fixtures here, with the severity the
 * table gives it. The README is the project's own copy of that contract, so
 * the check runs in any clone.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { RULE_IDS } from "../../scripts/lib/problems.ts";
import { RULES } from "../../scripts/lib/rules/index.ts";
import { REPO_ROOT } from "../helpers.ts";
import { FIXTURES, readExpected, SEVERITY } from "./rule-fixture.ts";

function readmeRuleTable(): Array<[string, string]> {
  const readme = readFileSync(join(REPO_ROOT, "README.md"), "utf8");
  const start = readme.indexOf("### Rules");
  const section = readme.slice(start, readme.indexOf("\n## ", start));
  return [...section.matchAll(/^\| `([a-z-]+)` \| (error|warning|off) \|/gm)].map((match) => [match[1]!, match[2]!]);
}

describe("rule coverage", () => {
  it("the rule ids and severities are exactly the README's rule table", () => {
    const table = readmeRuleTable();
    expect(table.length).toBe(RULE_IDS.length);
    expect(table.map(([rule]) => rule).sort()).toEqual([...RULE_IDS].sort());
    for (const [rule, severity] of table) expect(SEVERITY[rule as keyof typeof SEVERITY], rule).toBe(severity);
  });

  it("every cross-file rule declares the documented severity", () => {
    for (const rule of RULES) expect(rule.severity, rule.id).toBe(SEVERITY[rule.id]);
  });

  it.each([...RULE_IDS])("%s has a test file and invalid/valid fixtures that exercise it", (rule) => {
    expect(existsSync(join(REPO_ROOT, "test/rules", `${rule}.test.ts`))).toBe(true);
    // The fixtures may run with options (a fixed "today" for stale-price).
    expect(readFileSync(join(REPO_ROOT, "test/rules", `${rule}.test.ts`), "utf8")).toMatch(new RegExp(`describeRuleFixtures\\("${rule}"[,)]`));
    for (const kind of ["invalid", "valid"]) {
      // canonical.yaml, or the models/<org>.yaml layout.
      const dir = join(FIXTURES, rule, kind);
      expect(existsSync(join(dir, "canonical.yaml")) || existsSync(join(dir, "models")), `${rule}/${kind} has canonical models`).toBe(true);
    }
    expect(readExpected(join(FIXTURES, rule, "invalid")).filter((problem) => problem.rule === rule).length).toBeGreaterThan(0);
  });
});
