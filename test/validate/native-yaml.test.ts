/**
 * Bun's own YAML parser on the fast path (scripts/lib/yaml/native.ts): every
 * text it vouches for means, to the last bit, what the rest of the toolchain
 * and the reference make of it. The texts are read under Bun by
 * native-probe.ts and judged here, under Node, by the js-yaml and precise
 * paths (`openYaml`, which has no Bun parser here) and by the reference.
 */
import { spawnSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { HAS_NATIVE_YAML } from "../../scripts/lib/yaml/native.ts";
import { openYaml, type TopLevel } from "../../scripts/lib/yaml/index.ts";
import { BUN, CORPORA, REPO_ROOT, seededRandom } from "../helpers.ts";
import { corpusFiles, LINES, mutate, reference } from "./yaml-mutations.ts";

interface Probe {
  text: string;
  topLevel: TopLevel;
  /** Where the text came from, to replay a failure. */
  name: string;
}

/** Bun's reading of each text: its data when the fast path takes Bun's reading, undefined when it does not. */
function readUnderBun(probes: readonly Probe[]): Array<{ vouched: boolean; data?: unknown }> {
  const result = spawnSync(BUN, [join(REPO_ROOT, "test/validate/native-probe.ts")], {
    input: JSON.stringify(probes.map(({ text, topLevel }) => ({ text, topLevel }))),
    encoding: "utf8",
    maxBuffer: 1 << 30,
    env: { ...process.env, NO_COLOR: "1" },
  });
  expect(result.stderr).toBe("");
  expect(result.status).toBe(0);
  const decode = (_key: string, value: unknown) =>
    value !== null && typeof value === "object" && "$number" in value ? Number((value as { $number: string }).$number) : value;
  return result.stdout
    .trimEnd()
    .split("\n")
    .map((line) => JSON.parse(line, decode) as { vouched: boolean; data?: unknown });
}

/** Each text Bun vouched for reads the same, with no problem, on Node's paths and in the reference; returns how many it vouched for. */
async function expectAgreement(probes: readonly Probe[]): Promise<number> {
  const readings = readUnderBun(probes);
  expect(readings).toHaveLength(probes.length);
  let vouched = 0;
  for (const [i, probe] of probes.entries()) {
    const reading = readings[i]!;
    if (!reading.vouched) continue;
    vouched++;
    const opened = await openYaml(probe.text, { topLevel: probe.topLevel });
    expect(opened.findings, `${probe.name}: Bun's reading was taken for a file with problems`).toEqual([]);
    expect(reading.data, probe.name).toStrictEqual(opened.data);
    const expected = reference(probe.text);
    expect(expected.ok, `${probe.name}: Bun's reading was taken for a file YAML 1.2 refuses`).toBe(true);
    expect(reading.data, probe.name).toStrictEqual(expected.data);
  }
  return vouched;
}

/** Forms where Bun reads otherwise than YAML 1.2, or cannot say what the text held. */
const NATIVE_LINES = [
  ...LINES,
  'k: !!int "3"',
  "k: !custom x",
  "k: ! x",
  "!!str k: v",
  "---",
  "...",
  "%YAML 1.1",
  'k: "a: b"',
  "k: 'a: b'",
  "k: 'it''s: x'",
  'k: "a # b: c"',
  'k: "say \\"a: b\\""',
  "k: x # note: y",
  "# note: y",
  '"k": 1',
  "'k': 1",
  '{"a":1, "a":2}',
  "k: {a: 1, a: 2}",
  'k: [a, "b: c"]',
  "__proto__: {polluted: 1}",
  'k: |\n  a: b\n  c: "d',
  "k: >-\n  x: y",
  'k: "open\n  a: b"',
  'k: a, "b: c"',
  "k:\r\n  v",
  "k: \u0085x",
  "k: a\u2028b: c",
  "k: \u0007",
  'k: "\\ud800"',
  `k: ${"[".repeat(120)}${"]".repeat(120)}`,
  "k: *a",
  "k: &a [1]",
  "? k",
  "k: +0x1F",
  "k: -0o17",
  `k: 0x${"F".repeat(20)}`,
  "k: ,x",
  ",k: 1",
  "- : x",
  "k: {: x}",
];

/** Characters and pieces that change what a line is, for edits at any offset. */
const PIECES = [":", "#", "'", '"', "-", "?", "[", "]", "{", "}", ",", "|", ">", "\\", " ", "\t", "\n", ": ", " #", "\n  ", "\n- "];

/**
 * A mutation of `text` for Bun's parser: a line repeated (the way a
 * duplicate key is usually written), lines of NATIVE_LINES, and characters
 * inserted or removed anywhere.
 */
function mutateForNative(text: string, next: () => number): string {
  let mutated = text;
  if (next() < 0.35) {
    const lines = mutated.split("\n");
    const at = Math.floor(next() * lines.length);
    lines.splice(at + 1 + Math.floor(next() * 3), 0, lines[at]!);
    mutated = lines.join("\n");
  }
  if (mutated === text || next() < 0.5) mutated = mutate(mutated, next, NATIVE_LINES);
  for (let edits = Math.floor(next() * 3); edits > 0; edits--) {
    const at = Math.floor(next() * mutated.length);
    mutated =
      next() < 0.6
        ? mutated.slice(0, at) + PIECES[Math.floor(next() * PIECES.length)] + mutated.slice(at)
        : mutated.slice(0, at) + mutated.slice(at + 1 + Math.floor(next() * 3));
  }
  return mutated;
}

function registryFiles(root: string): Probe[] {
  const probes: Probe[] = [];
  const add = (path: string, topLevel: TopLevel) => probes.push({ name: path.slice(CORPORA.length + 1), text: readFileSync(path, "utf8"), topLevel });
  for (const entry of readdirSync(root)) if (entry === "canonical.yaml") add(join(root, entry), "mapping");
  for (const [dir, topLevel] of [
    ["providers", "mapping"],
    ["models", "sequence"],
  ] as const) {
    let names: string[] = [];
    try {
      names = readdirSync(join(root, dir));
    } catch {
      continue;
    }
    for (const name of names.sort()) if (name.endsWith(".yaml")) add(join(root, dir, name), topLevel);
  }
  return probes;
}

/** An anchor or alias the fast path leaves to js-yaml: `&name` or `*name` at a token start. */
const HAS_ANCHOR = /(?:^|[\s[{,:])[&*][^\s,[\]{}]/m;

describe("Bun's parser on the fast path", () => {
  it("is used under Bun only", () => {
    expect(HAS_NATIVE_YAML).toBe(false); // vitest runs on Node
  });

  it("reads every file of the three corpora as the other paths do, and is taken for every file without an anchor", { timeout: 120_000 }, async () => {
    const probes = ["upstream", "bitrouter/registry", "models-dev"].flatMap((corpus) => registryFiles(join(CORPORA, corpus)));
    const vouched = await expectAgreement(probes);
    const plain = probes.filter((probe) => !HAS_ANCHOR.test(probe.text)).length;
    expect(plain).toBeGreaterThan(200);
    expect(vouched).toBe(plain);
  });

  it("mutations of real files: whatever Bun's reading is taken for reads the same everywhere", { timeout: 120_000 }, async () => {
    const files = corpusFiles();
    const next = seededRandom(20261202);
    const probes: Probe[] = [];
    for (let round = 0; round < 2000; round++) {
      const file = files[Math.floor(next() * files.length)]!;
      probes.push({ name: `${file.name}, round ${round}`, text: mutateForNative(file.text, next), topLevel: "mapping" });
    }
    const vouched = await expectAgreement(probes);
    // Both outcomes are exercised, or the test proves nothing.
    expect(vouched).toBeGreaterThan(150);
    expect(probes.length - vouched).toBeGreaterThan(150);
  });

  it("is not taken for a key written twice, however the text hides it", async () => {
    const hidden = [
      "name: x\nname: y\n",
      'name: "a: b"\nname: y\n',
      "# note: one\nname: x\nname: y\n",
      "name: x # also: here\nname: y\n",
      "m: {a: 1, a: 2}\n",
      '{"a":1, "a":2}\n',
      "m:\n  a: 1\n  b: 'it''s: fine'\n  a: 2\n",
      "- id: a/b\n  name: 'X: Y'\n  id: a/c\n",
    ];
    const readings = readUnderBun(hidden.map((text, i) => ({ text, topLevel: text.startsWith("-") ? "sequence" : "mapping", name: `case ${i}` })));
    expect(readings.map((reading) => reading.vouched)).toEqual(hidden.map(() => false));
    for (const text of hidden) expect(reference(text).ok, text).toBe(false);
  });

  it("is not taken where Bun reads otherwise than YAML 1.2", () => {
    const misread: Array<[string, TopLevel]> = [
      ["k: +0x1F\n", "mapping"], // YAML: a string; Bun: 31
      ["k: -0o17\n", "mapping"],
      [`k: 0x${"F".repeat(20)}\n`, "mapping"], // YAML: a number; Bun: a string
      ["k: ,x\n", "mapping"], // YAML refuses a plain scalar starting with `,`
      ["- : x\n", "sequence"], // an empty key: YAML's null, Bun's "null"
      ["k: {: x}\n", "mapping"],
      ["k: !!int '3'\n", "mapping"], // Bun ignores tags
      ["<<: {a: 1}\nb: 2\n", "mapping"], // Bun merges
      ["- a: 1\n---\n- b: 2\n", "sequence"], // Bun reads two documents as a list
      ["k: 'a\r\n  b'\r\n", "mapping"], // Bun folds a CRLF break in a quoted scalar to a line feed
      ["k: a\u2028b\n", "mapping"],
      ["k: \ud800x\n", "mapping"], // an unpaired surrogate
      ["k: 😀 0x1F\n", "mapping"], // a surrogate pair does not hide what follows it
      [`k: ${"[".repeat(120)}${"]".repeat(120)}\n`, "mapping"], // Bun reads it; js-yaml stops at 100 levels
    ];
    const readings = readUnderBun(misread.map(([text, topLevel], i) => ({ text, topLevel, name: `case ${i}` })));
    expect(readings.map((reading) => reading.vouched)).toEqual(misread.map(() => false));
  });

  it("is taken for quoted values and comments that hold colons, and for emoji", () => {
    const texts = ['name: "AI21: Jamba"\n# pricing: per million tokens\nid: x # note: y\n', "- id: a/b\n  name: 'Google: Gemini 😀'\n"];
    const readings = readUnderBun(texts.map((text, i) => ({ text, topLevel: text.startsWith("-") ? "sequence" : "mapping", name: `case ${i}` })));
    expect(readings).toEqual([
      { vouched: true, data: { name: "AI21: Jamba", id: "x" } },
      { vouched: true, data: [{ id: "a/b", name: "Google: Gemini 😀" }] },
    ]);
  });
});
