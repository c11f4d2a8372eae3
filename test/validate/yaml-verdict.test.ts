/**
 * One YAML 1.2 verdict on every path (SPEC §2): mutations of real registry
 * files, seeded, each read by the fast path and by the precise path (the
 * `yaml` package, YAML 1.2 core schema — the reference). Whenever the fast
 * path vouches for a file, the reference reads the same data without a
 * problem; the generated shape check agrees with Zod on that data; and what
 * passes the schema survives JSON (no value turns into `null` on its way to
 * `dist/`).
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { providerSchema } from "../../scripts/lib/schema.ts";
import { conformsFast } from "../../scripts/lib/shape/check.ts";
import { openYaml, parseFast } from "../../scripts/lib/yaml/index.ts";
import { copyRegistry, runScript, seededRandom } from "../helpers.ts";
import { corpusFiles, mutate, reference, SCALARS } from "./yaml-mutations.ts";

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

  it("a quoted scalar or a flow collection that runs on to a line not indented past its key is refused", async () => {
    const runOn = [
      'name: x\nmodels:\n  - id: a\n    name: "x\n    provider_model_id: y\n  z"\n    provider_model_id: real\n',
      'a: "x\ny"\n',
      "m:\n  k: 'a\n  b'\n",
      'm:\n  k: "a\\\n  b"\n',
      'm:\n  k: &x "a\n  b"\n',
      'm:\n  k: !!str "a\n  b"\n',
      'm:\n  - "x\n  y"\n',
      // A quote that only looks like one opens a pair of them earlier on the line.
      'm:\n  - a "b, c: "d\n  e"\n',
      "m: [a,\nb]\n",
      "m:\n  k: {a: [1, 2],\n  b: 3}\n",
      "m:\n  k: [&x a,\n  b]\n",
      "m:\n  k: ['a''b,\n  c']\n",
    ];
    for (const text of runOn) {
      expect(reference(text).ok, text).toBe(false);
      expect(parseFast(text).ok, text).toBe(false);
      const opened = await openYaml(text);
      expect([opened.data, opened.findings.length > 0], text).toEqual([undefined, true]);
    }
    // Indented past the key, both are YAML; so are quotes and brackets in comments.
    for (const text of ['m:\n  a: "x\n   y"\n', "m:\n  k: {a: 1,\n   b: 2}\n", "m:\n  k: x # it's \"fine\n", "m:\n  k: x # [a\n"]) {
      expect((await openYaml(text)).data, text).toStrictEqual(reference(text).data);
    }
    expect(parseFast("m:\n  k: x # it's \"fine, [a\n")).toMatchObject({ ok: true, data: { m: { k: "x" } } });
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
