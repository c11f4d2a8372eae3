/**
 * One YAML 1.2 verdict on every path (SPEC §2): mutations of real registry
 * files, seeded, each read by the fast path and by the precise path (the
 * `yaml` package, YAML 1.2 core schema — the reference). Whenever the fast
 * path vouches for a file, the reference reads the same data without a
 * problem; the generated shape check agrees with Zod on that data; and what
 * passes the schema survives JSON (no value turns into `null` on its way to
 * `dist/`).
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parseDocument } from "yaml";
import { describe, expect, it } from "vitest";
import { providerSchema } from "../../scripts/lib/schema.ts";
import { conformsFast } from "../../scripts/lib/shape/check.ts";
import { openYaml, parseFast } from "../../scripts/lib/yaml/index.ts";
import { CORPORA, copyRegistry, runScript, seededRandom } from "../helpers.ts";

/** Scalars where YAML 1.1-style readers and YAML 1.2 disagree, and their neighbours. */
const SCALARS = [
  "0b101",
  "-0x1F",
  "+0x1F",
  "0x1F",
  "-0o17",
  "0o17",
  "017",
  "+.5",
  "-.5",
  ".5",
  "1e400",
  "-1e400",
  "1e3",
  "1.",
  "+1",
  "-0",
  "1_000",
  ".inf",
  "-.inf",
  ".NaN",
  "~",
  "null",
  "NULL",
  "true",
  "True",
  "yes",
  "on",
  "0",
  "12e03",
  "1.5e-7",
  "2.5",
  "10",
  "4294967296",
  "9007199254740993",
  "'quoted'",
  '"0x1F"',
  "2026-01-01",
  "2026-13-45",
  "a: b",
  "[1, 2]",
  "{a: 1}",
  "*a",
  "&a x",
];

/** Keys and lines that probe the key forms: null keys, collection keys, explicit keys, merge keys, comments that look like them. */
const LINES = [
  "~: x",
  "null: x",
  "? k\n: v",
  "[a, b]: x",
  "{a: 1}: x",
  "<<: {a: 1}",
  "# a comment with << and &anchor and ? key",
  "k: &a v",
  `${"k".repeat(1030)}: 1`,
  "k: v # ~: x",
  '"<<": x',
  "extra: *nope",
  "\tk: v",
];

function corpusFiles(): Array<{ name: string; text: string }> {
  const files: Array<{ name: string; text: string }> = [];
  for (const dir of [join(CORPORA, "upstream/providers"), join(CORPORA, "bitrouter/registry/providers")]) {
    for (const name of readdirSync(dir).sort())
      files.push({ name: `${dir.split("/").slice(-2).join("/")}/${name}`, text: readFileSync(join(dir, name), "utf8") });
  }
  return files;
}

function mutate(text: string, next: () => number): string {
  const lines = text.split("\n");
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!;
  const count = 1 + Math.floor(next() * 3);
  for (let i = 0; i < count; i++) {
    const at = Math.floor(next() * lines.length);
    const line = lines[at]!;
    const value = /^(\s*(?:- )?[A-Za-z_"][^:#]*:) (.+)$/.exec(line);
    if (value && next() < 0.7) {
      lines[at] = `${value[1]} ${pick(SCALARS)}`;
    } else {
      const indent = /^\s*/.exec(line)![0];
      lines.splice(
        at,
        0,
        ...pick(LINES)
          .split("\n")
          .map((added) => `${indent}${added}`),
      );
    }
  }
  return lines.join("\n");
}

/** The reference reading: YAML 1.2 core, no merge keys, duplicate keys refused. */
function reference(text: string): { ok: boolean; data?: unknown } {
  const document = parseDocument(text, { schema: "core", version: "1.2", merge: false, uniqueKeys: true });
  if (document.errors.length > 0) return { ok: false };
  try {
    return { ok: true, data: document.toJS({ maxAliasCount: -1 }) };
  } catch {
    return { ok: false }; // an alias with no anchor before it
  }
}

describe("one YAML 1.2 verdict", () => {
  it("the fast path reads every scalar form as YAML 1.2 does", () => {
    for (const scalar of SCALARS.filter((value) => !/[:[{*&]/.test(value))) {
      const text = `name: x\nvalue: ${scalar}\n`;
      const fast = parseFast(text);
      const expected = reference(text);
      if (fast.ok) expect(fast.data, scalar).toStrictEqual(expected.data);
    }
    expect(parseFast("v: 0b101\n")).toMatchObject({ ok: true, data: { v: "0b101" } });
    expect(parseFast("v: +.5\n")).toMatchObject({ ok: true, data: { v: 0.5 } });
    expect(parseFast("v: 1e400\n")).toMatchObject({ ok: true, data: { v: Infinity } });
  });

  it("a comment never changes the verdict", async () => {
    const plain = "name: x\nstatus: staging\n";
    const commented = "# see << in the docs\nname: x # ~: or ? k or [a]: x\nstatus: staging\n";
    expect((await openYaml(commented)).data).toEqual((await openYaml(plain)).data);
    expect((await openYaml(commented)).findings).toEqual([]);
  });

  it("mutations of real files: the fast path, the precise path, the shape check and Zod agree", { timeout: 60_000 }, async () => {
    const files = corpusFiles();
    const next = seededRandom(20261201);
    let vouched = 0;
    let refused = 0;
    for (let round = 0; round < 600; round++) {
      const file = files[Math.floor(next() * files.length)]!;
      const text = mutate(file.text, next);
      const replay = `${file.name}, round ${round}`;
      const expected = reference(text);
      const opened = await openYaml(text);
      const fast = parseFast(text);
      if (fast.ok) {
        expect(expected.ok, `${replay}: the fast path vouched for a file YAML 1.2 refuses`).toBe(true);
        expect(fast.data, replay).toStrictEqual(expected.data);
      }
      if (opened.data === undefined) {
        refused++;
        expect(opened.findings.length, replay).toBeGreaterThan(0);
        continue;
      }
      vouched++;
      expect(expected.ok, `${replay}: accepted a file YAML 1.2 refuses`).toBe(true);
      expect(opened.data, replay).toStrictEqual(expected.data);
      const zod = providerSchema.safeParse(expected.data).success;
      expect(conformsFast("provider", opened.data), `${replay}: the generated shape check and Zod disagree`).toBe(zod);
      if (zod) expect(JSON.parse(JSON.stringify(opened.data)), `${replay}: a valid value does not survive JSON`).toStrictEqual(opened.data);
    }
    // Both outcomes are exercised, or the test proves nothing.
    expect(vouched).toBeGreaterThan(50);
    expect(refused).toBeGreaterThan(50);
  });
});

describe("the defects one YAML 1.2 reading mends", () => {
  it("no_cache: 0b101 is refused as a string (it was read as 5 and reached dist), provider_model_id: -0x1F is a string id", async () => {
    const { providerYaml, validateDirectory, writeRegistry } = await import("../rules/rule-fixture.ts");
    const priced = providerYaml(
      "binary",
      "",
      "  - id: openai/gpt-4o\n    provider_model_id: -0x1F\n    pricing:\n      input_tokens:\n        no_cache: 0b101\n",
    );
    const report = await validateDirectory(writeRegistry({ "providers/binary.yaml": priced }));
    expect(report.problems.map((problem) => [problem.rule, problem.path.join(".")])).toEqual([["schema", "models.0.pricing.input_tokens.no_cache"]]);
  });

  it("manage writes a value that reads back as written: --display-name 0b101 is accepted", () => {
    const root = copyRegistry("upstream");
    const result = runScript("manage", ["--root", root, "add", "openai", "--display-name", "0b101"]);
    expect([result.code, result.stderr]).toEqual([0, ""]);
    expect(readFileSync(join(root, "providers/openai.yaml"), "utf8")).toMatch(/^display_name: (0b101|"0b101"|'0b101')$/m);
  });
});
