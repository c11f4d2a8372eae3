/**
 * The validate CLI as users and CI run it: exit codes, the three output
 * formats, and the flags of SPEC §3 — always the real process.
 */
import { spawnSync } from "node:child_process";
import { cpSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { BUN, REPO_ROOT, runScript, tempDir } from "../helpers.ts";
import { PLANTED_SECRETS, providerYaml, writeRegistry } from "../rules/rule-fixture.ts";

const FIXTURES = join(REPO_ROOT, "test/fixtures/rules");

/** One error (an unknown key) and one warning (a deprecated field), as in the SPEC's JSON example. */
const REDPILL = `name: redpill
status: active
api_base: https://api.redpill.example.com/v1
auth_scheme: bearer
models:
  - id: openai/gpt-4o
    provider_model_id: gpt-4o
    pricng:
      input_tokens: {no_cache: 2.5}
`;

const DEPRECATION = "`auth_scheme` is deprecated: describe authentication with `auth: { kind: bearer, env: <ENV_VAR> }` instead";

function env(extra: Record<string, string>): NodeJS.ProcessEnv {
  return { ...process.env, GITHUB_ACTIONS: "", NO_COLOR: "1", FORCE_COLOR: "", ...extra };
}

describe("exit codes", () => {
  it("0 when there is no problem", () => {
    const result = runScript("validate", ["--root", join(FIXTURES, "schema/valid")]);
    expect(result).toEqual({ code: 0, stdout: "✔ registry is valid (4 providers, 2 canonical models)\n", stderr: "" });
  });

  it("0 with warnings only, 1 with the same warnings under --strict", () => {
    const root = join(FIXTURES, "deprecated-field/invalid");
    expect(runScript("validate", ["--root", root]).code).toBe(0);
    const strict = runScript("validate", ["--root", root, "--strict", "--format", "json"]);
    expect(strict.code).toBe(1);
    const report = JSON.parse(strict.stdout);
    expect(report.ok).toBe(false);
    expect(report.summary).toEqual({ canonical_models: 2, providers: 2, errors: 0, warnings: 2 });
  });

  it("reads `--flag=value` and `--flag value` alike (well-formed arguments never load commander)", () => {
    const root = join(FIXTURES, "deprecated-field/invalid");
    const spaced = runScript("validate", ["--root", root, "--format", "json", "--max-file-size", "100000"]);
    const joined = runScript("validate", [`--root=${root}`, "--format=json", "--max-file-size=100000"]);
    expect(joined.code).toBe(0);
    expect(joined.stdout).toBe(spaced.stdout);
    expect(JSON.parse(joined.stdout).summary.warnings).toBe(2);
    expect(runScript("validate", [`--root=${root}`, "--max-file-size=10"]).code).toBe(1);
  });

  it("1 when there is an error", () => {
    const result = runScript("validate", ["--root", join(FIXTURES, "schema/invalid")]);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe("");
    expect(result.stdout).toMatch(/✖ 30 errors, 0 warnings \(11 providers, 2 canonical models\)\n$/);
  });

  it.each([
    ["an unknown flag", ["--frobnicate"], "unknown option '--frobnicate'"],
    ["a missing root directory", ["--root", "/nonexistent/registry"], "registry root /nonexistent/registry is not a directory"],
    ["a root that is a file", ["--root", join(REPO_ROOT, "package.json")], "is not a directory"],
    ["a directory that is not a registry", ["--root", "test"], "test is not a registry: it has neither canonical.yaml nor providers/"],
    ["an unknown format", ["--format", "xml"], "argument 'xml' is invalid. Allowed choices are text, json, github"],
    ["a size that is not a number", ["--max-file-size", "4MB"], "--max-file-size must be a positive whole number of bytes, got 4MB"],
    ["a size of zero", ["--max-file-size", "0"], "--max-file-size must be a positive whole number of bytes, got 0"],
    ["a flag without its value", ["--root"], "option '--root <dir>' argument missing"],
  ])("2 on %s, with the reason on stderr and nothing on stdout", (_, args, reason) => {
    const result = runScript("validate", args);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe("");
    expect(result.stderr).toContain(reason);
    expect(result.stderr).not.toMatch(/\n\s+at /); // no stack trace
  });

  it("0 for --help, which documents every flag and the exit codes", () => {
    const result = runScript("validate", ["--help"]);
    expect(result.code).toBe(0);
    for (const flag of ["--root", "--format", "--strict", "--max-file-size"]) expect(result.stdout).toContain(flag);
    expect(result.stdout).toContain("Exit codes: 0");
  });

  it("defaults the root to the current directory", () => {
    const result = runScript("validate", [], { cwd: join(FIXTURES, "unknown-canonical/invalid"), env: env({}) });
    expect(result.code).toBe(1);
    expect(result.stdout).toContain("unknown canonical id `openai/gpt-4.0`");
  });
});

describe("--format json", () => {
  it("prints exactly one JSON object, keys in the SPEC's order", () => {
    const dir = writeRegistry({ "providers/redpill.yaml": REDPILL });
    const result = runScript("validate", ["--root", dir, "--format", "json"]);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe("");
    const expected = {
      ok: false,
      summary: { canonical_models: 2, providers: 1, errors: 1, warnings: 1 },
      problems: [
        { severity: "warning", rule: "deprecated-field", file: "providers/redpill.yaml", line: 4, column: 1, path: ["auth_scheme"], message: DEPRECATION },
        {
          severity: "error",
          rule: "schema",
          file: "providers/redpill.yaml",
          line: 8,
          column: 5,
          path: ["models", 0, "pricng"],
          message: "unknown key `pricng` — did you mean `pricing`?",
        },
      ],
    };
    // String equality: same values and the same key order.
    expect(result.stdout).toBe(`${JSON.stringify(expected, null, 2)}\n`);
  });

  it("prints an empty problem list for a valid registry", () => {
    const result = runScript("validate", ["--root", join(FIXTURES, "schema/valid"), "--format", "json"]);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({ ok: true, summary: { canonical_models: 2, providers: 4, errors: 0, warnings: 0 }, problems: [] });
  });
});

describe("--format github", () => {
  it("prints one annotation per problem, file paths relative to the working directory", () => {
    const dir = writeRegistry({ "providers/redpill.yaml": REDPILL });
    const expected =
      `::warning file=providers/redpill.yaml,line=4,col=1,title=deprecated-field::${DEPRECATION}\n` +
      "::error file=providers/redpill.yaml,line=8,col=5,title=schema::unknown key `pricng` — did you mean `pricing`?\n";
    expect(runScript("validate", ["--format", "github"], { cwd: dir, env: env({}) })).toEqual({ code: 1, stdout: expected, stderr: "" });

    // From the directory above, and with an absolute --root, paths gain the registry's directory.
    const parent = join(dir, "..");
    const name = dir.slice(parent.length + 1);
    const fromParent = runScript("validate", ["--root", name, "--format", "github"], { cwd: parent, env: env({}) });
    expect(fromParent.stdout).toBe(expected.replaceAll("file=providers/", `file=${name}/providers/`));
    expect(runScript("validate", ["--root", dir, "--format", "github"], { cwd: parent, env: env({}) }).stdout).toBe(fromParent.stdout);
  });

  it("is the default under GITHUB_ACTIONS=true, and --format text still wins", () => {
    const root = join(FIXTURES, "deprecated-field/invalid");
    const github = runScript("validate", [], { cwd: root, env: env({ GITHUB_ACTIONS: "true" }) });
    expect(github.code).toBe(0);
    expect(github.stdout.split("\n").filter(Boolean)).toEqual([
      expect.stringMatching(/^::warning file=providers\/legacy-bearer\.yaml,line=4,col=1,title=deprecated-field::`auth_scheme` is deprecated/),
      expect.stringMatching(/^::warning file=providers\/legacy\.yaml,line=4,col=1,title=deprecated-field::`auth_scheme` is deprecated/),
    ]);
    const text = runScript("validate", ["--format", "text"], { cwd: root, env: env({ GITHUB_ACTIONS: "true" }) });
    expect(text.stdout).not.toContain("::warning");
    expect(text.stdout).toContain("⚠ 0 errors, 2 warnings");
  });

  it("escapes what would break an annotation: `%` in messages, `,` in properties, and never prints a raw newline", () => {
    const dir = writeRegistry({
      "providers/odd,name.yaml": providerYaml("odd", '"100%\\nkey": 1\n'),
    });
    const result = runScript("validate", ["--format", "github"], { cwd: dir, env: env({}) });
    expect(result.stdout.split("\n").filter(Boolean)).toEqual([
      "::error file=providers/odd%2Cname.yaml,line=1,col=7,title=filename-mismatch::`name` is `odd` but the file is providers/odd,name.yaml: rename the file to providers/odd.yaml",
      expect.stringMatching(/^::error file=providers\/odd%2Cname\.yaml,line=4,col=1,title=schema::unknown key `100%25\\u\{a\}key`; allowed here: /),
    ]);
  });
});

describe("--format text", () => {
  it("groups problems by file with a source excerpt, and ends with a one-line summary, without colour off a TTY", () => {
    const dir = writeRegistry({
      "providers/redpill.yaml": REDPILL,
      "providers/stale.yaml": providerYaml("stale", "", "  - id: openai/gpt-4.0\n    provider_model_id: gpt-4o\n"),
    });
    const result = runScript("validate", ["--root", dir]);
    expect(result.code).toBe(1);
    expect(result.stdout).not.toContain("\u001b[");
    expect(result.stdout).toBe(
      [
        "providers/redpill.yaml",
        `  4:1  warning  ${DEPRECATION}  deprecated-field`,
        "      3 | api_base: https://api.redpill.example.com/v1",
        "    > 4 | auth_scheme: bearer",
        "        | ^",
        "      5 | models:",
        "  8:5  error  unknown key `pricng` — did you mean `pricing`?  schema",
        "      7 |     provider_model_id: gpt-4o",
        "    > 8 |     pricng:",
        "        |     ^",
        "      9 |       input_tokens: {no_cache: 2.5}",
        "",
        "providers/stale.yaml",
        "  5:9  error  unknown canonical id `openai/gpt-4.0` — did you mean `openai/gpt-4o`?  unknown-canonical",
        "      4 | models:",
        "    > 5 |   - id: openai/gpt-4.0",
        "        |         ^",
        "      6 |     provider_model_id: gpt-4o",
        "",
        "✖ 2 errors, 1 warning (2 providers, 2 canonical models)",
        "",
      ].join("\n"),
    );
  });

  it("is coloured on a TTY", () => {
    const dir = writeRegistry({ "providers/redpill.yaml": REDPILL });
    // `script` gives the process a pseudo-terminal; -e passes its exit code on.
    const command = `${BUN} ${join(REPO_ROOT, "scripts/validate.ts")} --root ${dir}`;
    const result = spawnSync("script", ["-qec", command, "/dev/null"], {
      encoding: "utf8",
      env: { ...process.env, NO_COLOR: "", FORCE_COLOR: "", GITHUB_ACTIONS: "" },
      timeout: 60_000,
    });
    expect(result.status).toBe(1);
    expect(result.stdout).toContain("\u001b[31merror\u001b[39m");
    expect(result.stdout).toContain("\u001b[33mwarning\u001b[39m");
  });

  it("shows no excerpt of a file that holds a secret, in any format", () => {
    const root = join(FIXTURES, "credential/invalid");
    for (const format of ["text", "json", "github"]) {
      const result = runScript("validate", ["--root", root, "--format", format]);
      expect(result.code).toBe(1);
      for (const secret of PLANTED_SECRETS) expect(result.stdout, `${format}: ${secret}`).not.toContain(secret.slice(4, 12));
    }
  });
});

describe("output", () => {
  it("is plain on a pipe even when NO_COLOR is unset", () => {
    const dir = writeRegistry({ "providers/redpill.yaml": REDPILL });
    const result = runScript("validate", ["--root", dir], { env: env({ NO_COLOR: "" }) });
    expect(result.code).toBe(1);
    expect(result.stdout).toContain("error");
    expect(result.stdout).not.toContain("\u001b[");
  });

  /** A registry whose JSON report is far larger than a pipe's buffer (64 KiB): 40 files of 100 errors each. */
  function loudRegistry(): string {
    const models = Array.from({ length: 100 }, (_, i) => `  - id: openai/gpt-4o\n    provider_model_id: m${i}\n    pricng: {}\n`).join("");
    return writeRegistry(Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`providers/p${i}.yaml`, providerYaml(`p${i}`, "", models)])));
  }

  it("reaches a slow reader whole: a large report is never cut off at exit", () => {
    const dir = loudRegistry();
    const command = `${BUN} ${join(REPO_ROOT, "scripts/validate.ts")} --root ${dir} --format json | { sleep 1; cat; }`;
    const result = spawnSync("bash", ["-c", command], { encoding: "utf8", env: env({}), maxBuffer: 1 << 28, timeout: 60_000 });
    expect(result.stdout.length).toBeGreaterThan(1 << 16);
    const report = JSON.parse(result.stdout) as { summary: { errors: number; warnings: number }; problems: unknown[] };
    expect(report.problems.length).toBe(report.summary.errors + report.summary.warnings);
    expect(report.summary.errors).toBeGreaterThanOrEqual(4000);
  });

  it("ends quietly when the reader stops early (`| head`): no stack trace, no message", () => {
    const dir = loudRegistry();
    for (const format of ["text", "json"]) {
      // The reader closes its end before validate writes a byte; bash reports validate's own exit status.
      const command = `${BUN} ${join(REPO_ROOT, "scripts/validate.ts")} --root ${dir} --format ${format} | { exec 0<&-; sleep 1; }; echo "status \${PIPESTATUS[0]}"`;
      const result = spawnSync("bash", ["-c", command], { encoding: "utf8", env: env({}), timeout: 60_000 });
      expect(result.stderr, format).toBe("");
      // The code the run had when its reader left: none yet, so 0 (as before output bypassed Node's streams).
      expect(result.stdout, format).toBe("status 0\n");
    }
  });
});

describe("--max-file-size", () => {
  it("refuses larger files unread (exit 1), and raising it lets them through", () => {
    const dir = writeRegistry({ "providers/padded.yaml": `${providerYaml("padded")}# ${"padding ".repeat(400)}\n` });
    const tight = runScript("validate", ["--root", dir, "--max-file-size", "1024", "--format", "json"]);
    expect(tight.code).toBe(1);
    expect(JSON.parse(tight.stdout).problems).toEqual([
      {
        severity: "error",
        rule: "unsafe-file",
        file: "providers/padded.yaml",
        line: 1,
        column: 1,
        path: [],
        message: expect.stringMatching(/^providers\/padded\.yaml is 3\d{3} bytes, over the 1024-byte limit; it was not read/),
      },
    ]);
    expect(runScript("validate", ["--root", dir, "--max-file-size", "8192"]).code).toBe(0);
  });

  it("defaults to 4 MiB", () => {
    const dir = tempDir();
    mkdirSync(join(dir, "providers"));
    writeFileSync(join(dir, "canonical.yaml"), `models:\n  - id: openai/gpt-4o\n# ${"x".repeat(4 * 1024 * 1024)}\n`);
    const result = runScript("validate", ["--root", dir, "--format", "json"]);
    expect(JSON.parse(result.stdout).problems).toMatchObject([{ rule: "unsafe-file", message: expect.stringContaining("over the 4194304-byte limit") }]);
  });
});

describe("--rule and registry.config.yaml", () => {
  const unknownId = providerYaml("stale", "", "  - id: openai/gpt-4.0\n    provider_model_id: gpt-4o\n");

  it("--rule changes a rule's severity for the run; repeated, the last one wins", () => {
    const dir = writeRegistry({ "providers/stale.yaml": unknownId });
    expect(runScript("validate", ["--root", dir]).code).toBe(1);
    const lowered = runScript("validate", ["--root", dir, "--rule", "unknown-canonical=warning", "--format", "json"]);
    expect(lowered.code).toBe(0);
    expect(JSON.parse(lowered.stdout).problems).toMatchObject([{ rule: "unknown-canonical", severity: "warning" }]);
    expect(JSON.parse(runScript("validate", ["--root", dir, "--rule=unknown-canonical=off", "--format=json"]).stdout).problems).toEqual([]);
    expect(runScript("validate", ["--root", dir, "--rule", "unknown-canonical=off", "--rule", "unknown-canonical=error"]).code).toBe(1);
  });

  it.each([
    ["schema=off", "rule `schema` protects the registry's consumers and cannot be lowered to `off`"],
    ["credential=warning", "rule `credential` protects the registry's consumers and cannot be lowered to `warning`"],
    ["unknown-canonical", "expected ID=error|warning|off"],
    ["unknown-canonical=quiet", "expected ID=error|warning|off"],
    ["unkown-canonical=warning", "unknown rule `unkown-canonical`"],
  ])("--rule %s is a usage error (exit 2) that says why", (value, message) => {
    const result = runScript("validate", ["--root", join(FIXTURES, "schema/valid"), "--rule", value]);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe("");
    expect(result.stderr).toContain(message);
  });

  it("a protected rule may be raised (it already is an error)", () => {
    expect(runScript("validate", ["--root", join(FIXTURES, "schema/valid"), "--rule", "insecure-url=error"]).code).toBe(0);
  });

  it("reads the registry's registry.config.yaml, and positions its problems in it", () => {
    const dir = writeRegistry({ "providers/stale.yaml": unknownId, "registry.config.yaml": "rules:\n  unknown-canonical: warning\n  unused-patern: off\n" });
    const result = runScript("validate", ["--root", dir, "--format", "json"]);
    expect(result.code).toBe(1);
    expect(JSON.parse(result.stdout).problems).toEqual([
      expect.objectContaining({ severity: "warning", rule: "unknown-canonical", file: "providers/stale.yaml" }),
      {
        severity: "error",
        rule: "schema",
        file: "registry.config.yaml",
        line: 3,
        column: 3,
        path: ["rules", "unused-patern"],
        message: "unknown rule `unused-patern` — did you mean `unused-pattern`?",
      },
    ]);
  });

  it("a registry.config.yaml that lowers a protected rule is a usage error naming the rule and its place", () => {
    const dir = writeRegistry({ "registry.config.yaml": "rules:\n  insecure-url: warning\n" });
    const result = runScript("validate", ["--root", dir]);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      "validate: registry.config.yaml:2:17: rule `insecure-url` protects the registry's consumers and cannot be lowered to `warning` (only `error`); the protected rules are yaml-syntax, schema, layout, insecure-url, credential, unsafe-file\n",
    );
  });

  it("never follows a symlinked registry.config.yaml", () => {
    const elsewhere = tempDir();
    writeFileSync(join(elsewhere, "config.yaml"), "rules:\n  unknown-canonical: off\n");
    const dir = writeRegistry({ "providers/stale.yaml": unknownId });
    symlinkSync(join(elsewhere, "config.yaml"), join(dir, "registry.config.yaml"));
    const result = runScript("validate", ["--root", dir, "--format", "json"]);
    expect(result.code).toBe(1);
    expect(JSON.parse(result.stdout).problems.map((problem: { rule: string; file: string }) => [problem.rule, problem.file])).toEqual([
      ["unknown-canonical", "providers/stale.yaml"],
      ["unsafe-file", "registry.config.yaml"],
    ]);
  });
});

describe("validate FILE…", () => {
  const files = {
    "providers/good.yaml": providerYaml("good"),
    "providers/typo.yaml": providerYaml("typo", "", "  - id: openai/gpt-4.0\n    provider_model_id: gpt-4o\n"),
    "providers/zcopy.yaml": providerYaml("good"),
  };

  it("reports only the named files' problems, while the cross-file rules still read the whole registry", () => {
    const dir = writeRegistry(files);
    const all = JSON.parse(runScript("validate", ["--root", dir, "--format", "json"]).stdout);
    expect(all.problems.map((problem: { file: string }) => problem.file)).toEqual(["providers/typo.yaml", "providers/zcopy.yaml", "providers/zcopy.yaml"]);
    // Named as the shell gives them, from another directory: the copy is still a duplicate of good.yaml.
    const copy = runScript("validate", ["--root", dir, "--format", "json", join(dir, "providers/zcopy.yaml")], { cwd: REPO_ROOT });
    expect(copy.code).toBe(1);
    expect(JSON.parse(copy.stdout).problems.map((problem: { rule: string; file: string }) => [problem.rule, problem.file])).toEqual([
      ["duplicate-provider", "providers/zcopy.yaml"],
      ["filename-mismatch", "providers/zcopy.yaml"],
    ]);
    const good = runScript("validate", ["--format", "json", "providers/good.yaml"], { cwd: dir });
    expect(good.code).toBe(0);
    expect(JSON.parse(good.stdout)).toMatchObject({ ok: true, summary: { providers: 3, errors: 0, warnings: 0 }, problems: [] });
  });

  it("refuses a path outside the root (exit 2)", () => {
    const dir = writeRegistry(files);
    const result = runScript("validate", ["--root", dir, join(REPO_ROOT, "package.json")]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("is not inside the registry root");
  });
});

describe("generated validators older than the schema", () => {
  it("are never consulted: Zod decides, and validate says how to regenerate", () => {
    // A copy of the toolchain whose schema narrows `weight` after the validators were generated.
    const toolchain = tempDir("toolchain-");
    cpSync(join(REPO_ROOT, "scripts"), join(toolchain, "scripts"), { recursive: true });
    cpSync(join(REPO_ROOT, "package.json"), join(toolchain, "package.json"));
    symlinkSync(join(REPO_ROOT, "node_modules"), join(toolchain, "node_modules"));
    const schemaFile = join(toolchain, "scripts/lib/schema.ts");
    const schema = readFileSync(schemaFile, "utf8");
    const weight = "weight: z.number().min(0).max(1)";
    expect(schema).toContain(weight);
    const dir = writeRegistry({ "providers/heavy.yaml": providerYaml("heavy", "weight: 0.9\n") });
    const run = (script: string) => spawnSync(BUN, [script, "--root", dir, "--format", "json"], { encoding: "utf8", env: env({}) });
    // A first run remembers the copy's fingerprint; an edit of the same size must still be noticed.
    expect(run(join(toolchain, "scripts/validate.ts")).stderr).toBe("");
    writeFileSync(schemaFile, schema.replace(weight, "weight: z.number().min(0).max(0)"));

    const stale = run(join(toolchain, "scripts/validate.ts"));
    expect(stale.stderr).toContain("older than scripts/lib/schema.ts");
    expect(stale.stderr).toContain("bun run generate");
    expect(stale.status).toBe(1);
    expect(JSON.parse(stale.stdout).problems).toMatchObject([{ rule: "schema", path: ["weight"], message: expect.stringContaining("at most 0") }]);
    // This checkout's validators are current: no note, and 0.9 is a valid weight.
    const current = run(join(REPO_ROOT, "scripts/validate.ts"));
    expect(current.stderr).toBe("");
    expect(current.status).toBe(0);
  });
});
