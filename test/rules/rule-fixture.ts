/**
 * Rule fixtures, in the style of eslint-plugin-yml: for each SPEC §3 rule,
 * test/fixtures/rules/<rule>/invalid/ is a small registry that breaks the
 * rule, with every problem `validate` must report listed beside it in
 * expected.json, and test/fixtures/rules/<rule>/valid/ is one that validates
 * without a single problem.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import jsyaml from "js-yaml";
import { dirname, join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import type { Problem, RuleId, RuleSeverity, ValidationReport } from "../../scripts/lib/problems.ts";
import { detectLayout, CONFIG_FILE } from "../../scripts/lib/registry-layout.ts";
import { DirectorySource } from "../../scripts/lib/source.ts";
import { validateRegistry, type ValidateOptions } from "../../scripts/lib/validate.ts";
import { tempDir } from "../helpers.ts";

export const FIXTURES = resolve(import.meta.dirname, "../fixtures/rules");

/** The severity column of the SPEC §3 rule table. */
export const SEVERITY: Record<RuleId, RuleSeverity> = {
  "yaml-syntax": "error",
  layout: "error",
  schema: "error",
  "unknown-canonical": "error",
  "duplicate-canonical": "error",
  "duplicate-model": "error",
  "canonical-org": "error",
  "filename-mismatch": "error",
  "duplicate-provider": "error",
  "active-without-models": "error",
  "insecure-url": "error",
  credential: "error",
  "unsafe-file": "error",
  "pricing-sanity": "warning",
  "deprecated-field": "warning",
  "stale-price": "warning",
  "unsourced-price": "off",
  "billing-pricing": "warning",
  "unused-pattern": "warning",
  "duplicate-alias": "error",
  "scheduled-price-due": "warning",
  "model-lifecycle": "warning",
};

/** One line of expected.json; `message` is a substring the real message must contain. */
export type ExpectedProblem = Omit<Problem, "severity">;

export function validateDirectory(dir: string, options: ValidateOptions = {}): Promise<ValidationReport> {
  return validateRegistry(new DirectorySource(dir), options);
}

export function readExpected(dir: string): ExpectedProblem[] {
  return JSON.parse(readFileSync(join(dir, "expected.json"), "utf8")) as ExpectedProblem[];
}

/** Problems without their message, for exact comparison with expected.json. */
function where(problem: Problem | ExpectedProblem) {
  return { rule: problem.rule, file: problem.file, line: problem.line, column: problem.column, path: problem.path };
}

/** The severities a fixture's own registry.config.yaml asks for (`rules:`), if it has one. */
export function configuredSeverities(dir: string): Partial<Record<RuleId, RuleSeverity>> {
  const path = join(dir, CONFIG_FILE);
  if (!existsSync(path)) return {};
  return (jsyaml.load(readFileSync(path, "utf8")) as { rules?: Partial<Record<RuleId, RuleSeverity>> } | null)?.rules ?? {};
}

/**
 * Assert that `report` holds exactly `expected`, in order: same rule, file,
 * line, column and data path, a message containing the expected text, and
 * the severity the SPEC gives the rule (or the one the run configured).
 */
export function expectProblems(report: ValidationReport, expected: ExpectedProblem[], configured: Partial<Record<RuleId, RuleSeverity>> = {}): void {
  expect(report.problems.map(where)).toEqual(expected.map(where));
  report.problems.forEach((problem, i) => {
    expect(problem.message, `${problem.file}:${problem.line}:${problem.column} ${problem.rule}`).toContain(expected[i]!.message);
    expect(problem.severity, problem.rule).toBe(configured[problem.rule] ?? SEVERITY[problem.rule]);
  });
  const errors = report.problems.filter((problem) => problem.severity === "error").length;
  expect(report.summary.errors).toBe(errors);
  expect(report.summary.warnings).toBe(report.problems.length - errors);
  expect(report.ok).toBe(errors === 0);
}

/**
 * The two fixture tests every rule has: invalid/ reports exactly what
 * expected.json lists (so removing the rule, or moving its position, fails),
 * and valid/ reports nothing at all.
 */
export function describeRuleFixtures(rule: RuleId, options: ValidateOptions = {}): void {
  const base = join(FIXTURES, rule);
  describe(`${rule} fixtures`, () => {
    it("invalid/ reports exactly the problems in expected.json", async () => {
      const dir = join(base, "invalid");
      const expected = readExpected(dir);
      expect(
        expected.some((problem) => problem.rule === rule),
        `expected.json lists no ${rule} problem`,
      ).toBe(true);
      expectProblems(await validateDirectory(dir, options), expected, { ...configuredSeverities(dir), ...options.severities });
    });

    it("valid/ has no problem", async () => {
      const dir = join(base, "valid");
      expect(detectLayout(dir).layout, "valid/ holds its canonical models in one layout").toBeDefined();
      const report = await validateDirectory(dir, options);
      expect(report.problems).toEqual([]);
      expect(report.ok).toBe(true);
    });
  });
}

/** The secret values planted in credential/invalid (for tests that no output repeats them) (everything after the key, unquoted). */
export const PLANTED_SECRETS = [
  "AKIAIOSFODNN7EXAMPLE",
  "EXAMPLEtoken0123456789abcdef",
  "sk-ant-api03-EXAMPLEexampleEXAMPLEexample0123",
  "q8Zr2LmX0vT7yB4nK1wP9sD3",
  "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJleGFtcGxlIn0.EXAMPLEsignature0",
  "123e4567-e89b-12d3-a456-426614174000",
  "EXAMPLE-not-real",
  "EXAMPLEEXAMPLEEXAMPLEEXAMPLEEXAMPLEEXAMPLE",
  "AIzaSyEXAMPLE-example_EXAMPLE0123456789",
  "sk-proj-EXAMPLE0example1EXAMPLE2example3",
];

export const CANONICAL_YAML = `models:
  - id: openai/gpt-4o
    name: GPT-4o
  - id: anthropic/claude-sonnet-4
    name: Claude Sonnet 4
`;

/** A temporary registry from a map of relative paths to contents (canonical.yaml defaults to CANONICAL_YAML). */
export function writeRegistry(files: Record<string, string | Buffer>): string {
  const dir = tempDir();
  mkdirSync(join(dir, "providers"));
  const all: Record<string, string | Buffer> = { "canonical.yaml": CANONICAL_YAML, ...files };
  for (const [path, content] of Object.entries(all)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), content);
  }
  return dir;
}

/** A minimal valid provider file, with `extra` top-level YAML spliced in before `models:`. */
export function providerYaml(name: string, extra = "", models = "  - id: openai/gpt-4o\n    provider_model_id: gpt-4o\n"): string {
  return `name: ${name}\nstatus: active\napi_base: https://api.${name}.example.com/v1\n${extra}models:\n${models}`;
}
