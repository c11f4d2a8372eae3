/**
 * Hostile input (SPEC §3): every case ends as problems with rule ids, in
 * bounded time, through the real CLI — and what validate refused to read
 * (or could not read as text) never appears in its output.
 */
import { execFileSync } from "node:child_process";
import { symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { ValidationReport } from "../../scripts/lib/problems.ts";
import { DirectorySource } from "../../scripts/lib/source.ts";
import { validateRegistry } from "../../scripts/lib/validate.ts";
import { runScript, tempDir } from "../helpers.ts";
import { providerYaml, writeRegistry } from "../rules/rule-fixture.ts";

/** Text planted in hostile files: it must never reach the output. */
const CANARY = "CANARY-9d41e7-MUST-NOT-BE-PRINTED";

/** Wall-clock bound per CLI run; the slowest case takes a few seconds here. */
const BOUND_MS = 15_000;

interface HostileRun {
  report: ValidationReport;
  text: string;
  github: string;
}

/** Validate `dir` through the real CLI in all three formats, each within the bound. */
function runHostile(dir: string): HostileRun {
  const outputs: Record<string, string> = {};
  for (const format of ["json", "text", "github"]) {
    const started = Date.now();
    const result = runScript("validate", ["--root", dir, "--format", format], { timeout: BOUND_MS * 2 });
    const elapsed = Date.now() - started;
    expect(elapsed, `--format ${format} took ${elapsed} ms`).toBeLessThan(BOUND_MS);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(1);
    outputs[format] = result.stdout;
  }
  for (const output of Object.values(outputs)) expect(output).not.toContain(CANARY);
  return { report: JSON.parse(outputs.json!) as ValidationReport, text: outputs.text!, github: outputs.github! };
}

function rulesOf(report: ValidationReport, file: string): string[] {
  return [...new Set(report.problems.filter((problem) => problem.file === file).map((problem) => problem.rule))];
}

/** The classic "billion laughs": nine anchors, each aliasing the previous one nine times. */
function billionLaughs(): string {
  const lines = [`a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]`];
  for (let level = 1; level < 9; level++) {
    const previous = String.fromCharCode(96 + level);
    const name = String.fromCharCode(97 + level);
    lines.push(`${name}: &${name} [${Array(9).fill(`*${previous}`).join(", ")}]`);
  }
  return `name: bomb\nstatus: staging\napi_base: https://api.bomb.example.com\nmodels: []\n${lines.join("\n")}\n`;
}

describe("alias bombs", () => {
  it("a billion laughs is refused as yaml-syntax, in one problem at the first alias", () => {
    const { report } = runHostile(writeRegistry({ "providers/bomb.yaml": billionLaughs() }));
    expect(rulesOf(report, "providers/bomb.yaml")).toEqual(["yaml-syntax"]);
    expect(report.problems.filter((problem) => problem.file === "providers/bomb.yaml")).toEqual([
      expect.objectContaining({ line: 6, column: 8, message: expect.stringContaining("the aliases expand this file to") }),
    ]);
  });

  it("a file with 100,000 aliases is refused in one problem naming the count", () => {
    const uses = Array.from({ length: 100_000 }, (_, i) => `k${i}: *a`).join("\n");
    const { report } = runHostile(writeRegistry({ "providers/aliases.yaml": `a: &a [1]\n${uses}\n` }));
    expect(rulesOf(report, "providers/aliases.yaml")).toEqual(["yaml-syntax"]);
    expect(report.problems.filter((problem) => problem.file === "providers/aliases.yaml").map((problem) => problem.message)).toEqual([
      expect.stringContaining("the file uses 100000 aliases, more than the 100 allowed"),
    ]);
  });
});

describe("deep nesting", () => {
  it.each([
    ["a 20,000-deep flow sequence", `x: ${"[".repeat(20_000)}${"]".repeat(20_000)}\n`],
    ["a 20,000-deep flow mapping", `x: ${"{a: ".repeat(20_000)}1${"}".repeat(20_000)}\n`],
    ["20,000 unclosed brackets", `x: ${"[".repeat(20_000)}\n`],
    ["a 2,500-deep block nesting", `x:\n${Array.from({ length: 2_500 }, (_, i) => `${" ".repeat(i + 1)}- `).join("\n")}\n`],
  ])("%s is refused as yaml-syntax", (_, text) => {
    const { report } = runHostile(writeRegistry({ "providers/deep.yaml": `name: deep\n${text}` }));
    expect(report.problems).toMatchObject([
      { rule: "yaml-syntax", file: "providers/deep.yaml", message: expect.stringContaining("nests more than 100 levels deep") },
    ]);
  });
});

describe("huge files", () => {
  it("a 20 MB file is refused unread", () => {
    const dir = writeRegistry({});
    const line = `# ${CANARY}\n`;
    writeFileSync(join(dir, "providers/huge.yaml"), line.repeat(Math.ceil((20 * 1024 * 1024) / line.length)));
    const { report } = runHostile(dir);
    expect(report.problems).toMatchObject([
      {
        rule: "unsafe-file",
        file: "providers/huge.yaml",
        line: 1,
        column: 1,
        message: expect.stringMatching(/is 2\d{7} bytes, over the 4194304-byte limit; it was not read/),
      },
    ]);
  });

  it("a 4 MB single-line value is reported with a shortened excerpt and message", () => {
    const { report, text } = runHostile(
      writeRegistry({ "providers/long.yaml": providerYaml("long", `display_name: "${"x".repeat(4_000_000)}"\nweight: heavy\n`) }),
    );
    expect(rulesOf(report, "providers/long.yaml")).toEqual(["schema"]);
    expect(text.length).toBeLessThan(2_000);
  });

  it("100,000 unknown keys end as 100 listed problems and a count", () => {
    // Locating each key by scanning its mapping once took minutes here.
    const keys = Array.from({ length: 100_000 }, (_, i) => `k${i}: 1`).join("\n");
    const { report, text } = runHostile(writeRegistry({ "providers/keys.yaml": `${providerYaml("keys")}${keys}\n` }));
    expect(report.problems).toHaveLength(101);
    expect(report.problems[100]!.message).toBe("99900 more `schema` problems in this file from here on are not listed; fix the ones above first");
    expect(text.length).toBeLessThan(100_000);
  });
});

describe("__proto__ and constructor keys", () => {
  const PROTO = `__proto__: {polluted: yes}
constructor: {prototype: {polluted: yes}}
name: proto
status: active
api_base: https://api.proto.example.com/v1
auth:
  kind: bearer
  env: PROTO_API_KEY
  extra_headers:
    __proto__: polluted
    constructor: x
rate_limits:
  - "__proto__": {requests_per_minute: 1}
  - "constructor": {requests_per_minute: 1}
models:
  - id: openai/gpt-4o
    provider_model_id: gpt-4o
    __proto__: {polluted: yes}
`;

  it("are ordinary unknown keys and patterns, reported with rule ids", () => {
    const { report } = runHostile(writeRegistry({ "providers/proto.yaml": PROTO }));
    // As a record key (a header, a pattern) `__proto__` is refused by name: no consumer could hold it.
    expect(report.problems.map((problem) => [problem.rule, problem.line, problem.path])).toEqual([
      ["schema", 1, ["__proto__"]],
      ["schema", 2, ["constructor"]],
      ["schema", 10, ["auth", "extra_headers", "__proto__"]],
      ["schema", 13, ["rate_limits", 0, "__proto__"]],
      ["unused-pattern", 14, ["rate_limits", 1, "constructor"]],
      ["schema", 18, ["models", 0, "__proto__"]],
    ]);
  });

  it("pollute no prototype when validated in-process", async () => {
    const dir = writeRegistry({ "providers/proto.yaml": PROTO, "providers/constructor.yaml": providerYaml("constructor") });
    const report = await validateRegistry(new DirectorySource(dir));
    expect(report.problems.some((problem) => problem.file === "providers/constructor.yaml")).toBe(false);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty("polluted");
  });
});

describe("binary garbage and foreign files", () => {
  it("binary garbage is yaml-syntax, with no excerpt of its bytes", () => {
    const garbage = Buffer.concat([
      Buffer.from(`name: garbage\n# ${CANARY}\n`),
      Buffer.from([0x00, 0xff, 0xfe, 0x1b, 0x5b, 0x32, 0x4a, 0x07, 0x00]),
      Buffer.from(CANARY),
    ]);
    const { report, text } = runHostile(writeRegistry({ "providers/garbage.yaml": garbage }));
    expect(report.problems).toMatchObject([
      { rule: "yaml-syntax", file: "providers/garbage.yaml", line: 3, column: 1, message: expect.stringContaining("not UTF-8 text") },
    ]);
    // No raw control bytes (a terminal escape among them) reach the output.
    expect(text).not.toMatch(/[\u0000\u0007\u001b]/);
  });

  it("invalid UTF-8 in otherwise valid YAML is yaml-syntax", () => {
    // `Café` written in Latin-1: the é is one byte that is not UTF-8.
    const text = Buffer.concat([Buffer.from(`${providerYaml("latin1")}display_name: "Caf`), Buffer.from([0xe9]), Buffer.from('"\n')]);
    const { report } = runHostile(writeRegistry({ "providers/latin1.yaml": text }));
    expect(report.problems).toMatchObject([{ rule: "yaml-syntax", line: 7, column: 19, message: expect.stringContaining("not UTF-8 text") }]);
  });

  it("non-YAML files in providers/ are unsafe-file, never read", () => {
    const dir = writeRegistry({
      "providers/fine.yaml": providerYaml("fine"),
      "providers/README.md": `# ${CANARY}\n`,
      "providers/provider.json": `{"name": "${CANARY}"}\n`,
      "providers/.DS_Store": Buffer.concat([Buffer.from([0, 0, 0, 1]), Buffer.from(CANARY)]),
    });
    const { report } = runHostile(dir);
    expect(report.problems.map((problem) => [problem.rule, problem.file])).toEqual([
      ["unsafe-file", "providers/.DS_Store"],
      ["unsafe-file", "providers/README.md"],
      ["unsafe-file", "providers/provider.json"],
    ]);
  });

  it.each([
    ["a JavaScript function tag", "!!js/function 'function () { return 1 }'"],
    ["a binary tag", "!!binary aGVsbG8="],
    ["a Python object tag", "!!python/object:os.system [echo]"],
    ["a verbatim tag", "!<tag:example.com,2024:x> value"],
  ])("%s is yaml-syntax", (_, value) => {
    const { report } = runHostile(writeRegistry({ "providers/tagged.yaml": providerYaml("tagged", `display_name: ${value}\n`) }));
    expect(rulesOf(report, "providers/tagged.yaml")).toEqual(["yaml-syntax"]);
    expect(report.problems[0]).toMatchObject({ line: 4, column: 15, message: expect.stringMatching(/^tag `.+` is not allowed/) });
  });
});

describe("terminal escapes", () => {
  it("control and bidi characters from quoted YAML values are shown escaped, never raw", () => {
    // YAML double quotes turn `\e` into ESC: an unknown key that clears the screen and fakes a line.
    const provider = providerYaml("escapes", '"\\e[2J\\e[32m✔ registry is valid": 1\nweight: "\\u202Eevil"\n');
    const { report, text, github } = runHostile(writeRegistry({ "providers/escapes.yaml": provider }));
    expect(report.problems.map((problem) => problem.message)).toEqual([
      expect.stringContaining("unknown key `\\u{1b}[2J\\u{1b}[32m✔ registry is valid`"),
      "`weight` must be a finite number; got the text `\\u{202e}evil`",
    ]);
    for (const output of [text, github]) expect(output).not.toMatch(/[\u001b\u202e]/);
  });
});

describe("links and special files", () => {
  it("a symlink to a file outside the registry is unsafe-file, and its target is never shown", () => {
    const outside = join(tempDir("outside-"), "credentials.yaml");
    writeFileSync(outside, `name: stolen\nsecret: ${CANARY}\n`);
    const dir = writeRegistry({ "providers/fine.yaml": providerYaml("fine") });
    symlinkSync(outside, join(dir, "providers/stolen.yaml"));
    symlinkSync("/etc/passwd", join(dir, "providers/passwd.yaml"));
    const { report, text } = runHostile(dir);
    expect(report.problems.map((problem) => [problem.rule, problem.file])).toEqual([
      ["unsafe-file", "providers/passwd.yaml"],
      ["unsafe-file", "providers/stolen.yaml"],
    ]);
    expect(text).not.toContain("root:");
  });

  it("a FIFO is unsafe-file and does not block the run", () => {
    const dir = writeRegistry({ "providers/fine.yaml": providerYaml("fine") });
    execFileSync("mkfifo", [join(dir, "providers/pipe.yaml")]);
    const { report } = runHostile(dir);
    expect(report.problems).toMatchObject([{ rule: "unsafe-file", file: "providers/pipe.yaml" }]);
  });
});
