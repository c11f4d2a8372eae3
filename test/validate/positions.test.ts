/**
 * Positions and the alias budget are the same whichever path read a file:
 * the fast path (js-yaml, with its own locator and alias accounting) must
 * report exactly what the precise path (the `yaml` package) reports, on
 * every data path of the real corpora's files and on files built to sit on
 * the edges of SPEC §2's budget.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { DataPath } from "../../scripts/lib/problems.ts";
import { documentLocator } from "../../scripts/lib/yaml/document-positions.ts";
import { createLocator } from "../../scripts/lib/yaml/fast-positions.ts";
import { loadYamlModule, parsePrecise } from "../../scripts/lib/yaml/precise.ts";
import { openYaml, parseFast, type TopLevel } from "../../scripts/lib/yaml/index.ts";
import { CORPORA } from "../helpers.ts";

function registryFiles(root: string): Array<{ name: string; text: string; topLevel: TopLevel }> {
  const files: Array<{ name: string; text: string; topLevel: TopLevel }> = [];
  for (const [dir, topLevel] of [
    ["providers", "mapping"],
    ["models", "sequence"],
  ] as const) {
    let names: string[];
    try {
      names = readdirSync(join(root, dir)).sort();
    } catch {
      continue;
    }
    for (const name of names) files.push({ name: `${dir}/${name}`, text: readFileSync(join(root, dir, name), "utf8"), topLevel });
  }
  return files;
}

/** Every path into `data` up to `depth` segments, depth first. */
function* dataPaths(value: unknown, depth: number, prefix: DataPath = []): Generator<DataPath> {
  if (depth === 0 || value === null || typeof value !== "object") return;
  const keys: Array<string | number> = Array.isArray(value) ? value.map((_, index) => index) : Object.keys(value);
  for (const key of keys) {
    const path = [...prefix, key];
    yield path;
    yield* dataPaths((value as Record<string | number, unknown>)[key], depth - 1, path);
  }
}

describe("the fast path's positions", () => {
  it("equal the precise path's on every path of the upstream and bitrouter files, anchored files included", async () => {
    const YAML = await loadYamlModule();
    let compared = 0;
    let anchored = 0;
    for (const root of [join(CORPORA, "upstream"), join(CORPORA, "bitrouter/registry")]) {
      for (const file of registryFiles(root)) {
        const fast = parseFast(file.text, file.topLevel);
        expect(fast.ok, `${file.name} is read on the fast path`).toBe(true);
        if (!fast.ok) continue;
        if (file.text.includes("&")) anchored++;
        const precise = await parsePrecise(file.text, file.topLevel);
        const reference = documentLocator(YAML, precise.document!, precise.lineCounter!);
        const locate = createLocator(file.text, fast.data);
        for (const path of dataPaths(fast.data, 6)) {
          for (const at of ["key", "value"] as const) {
            compared++;
            expect(locate(path, at), `${file.name} ${path.join(".")} (${at})`).toEqual(reference(path, at));
          }
        }
      }
    }
    expect(anchored).toBeGreaterThan(3);
    expect(compared).toBeGreaterThan(10_000);
  });

  it("read from lines only where the full position tree agrees, on the forms the line reading must not trust", () => {
    const texts = [
      // empty values, an indentless sequence, comments and blank lines between items
      "name: x\nmodels:\n- id: a\n  pricing:\n  status: active\n\n  # note\n- id: b\n  tags:\n  - t\n",
      // a flow item, a quoted key, a look-alike line inside a block string
      'name: x\nmodels:\n  - {id: a}\n  - "id": b\n  - id: c\n    notes: |\n      id: d\n',
      // an item whose keys start on the line after its dash, an anchored value and an alias
      "name: x\nmodels:\n  -\n    id: a\n    effort: &e\n      levels: [low]\n  - id: b\n    effort: *e\n",
      // CRLF line ends
      "name: x\r\nmodels:\r\n  - id: a\r\n    pricing:\r\n      input: 1\r\n",
      // nested mappings: a look-alike line in a block string, a comment after the key, odd indentation, a value on the next line
      "name: x\nmodels:\n  - id: a\n    pricing: # per million\n       input:\n          no_cache: 1\n       note: |\n         input: 2\n       tier:\n         high\n",
      // a sequence at its key's column inside an item, a nested list of mappings, a document start
      "---\nname: x\nmodels:\n  - id: a\n    tags:\n    - t\n    history:\n      - since: 2026-01-01\n        input: 1\n      - since: 2026-02-01\n        input: 2\n",
      // an anchored block mapping and its alias, a flow mapping, an empty mapping value
      "name: x\nmodels:\n  - id: a\n    pricing: &p\n      input: 1\n  - id: b\n    pricing: *p\n  - id: c\n    pricing: {input: 3}\n    limits:\n  - id: d\n",
      // a key repeated in a nested look-alike, and a whole document indented
      "  name: x\n  auth:\n    env: KEY\n    notes: >\n      env: other\n",
      // a mapping large enough to be looked up by name, and a blank line holding a tab
      `name: x\n${Array.from({ length: 40 }, (_, k) => `k${k}: ${k}`).join("\n")}\nmodels:\n  - id: a\n    \t\n    notes: b\n`,
    ];
    const lists = ["- id: openai/a\n  name: A\n  pricing:\n    input: 1\n- id: openai/b\n  aliases:\n  - b\n", "-   id: x\n    name: X\n"];
    for (const [text, topLevel] of [...texts.map((text) => [text, "mapping"] as const), ...lists.map((text) => [text, "sequence"] as const)]) {
      const fast = parseFast(text, topLevel);
      expect(fast.ok, text).toBe(true);
      if (!fast.ok) continue;
      // Without the data the locator cannot check what lines say, so it always walks the tree.
      const tree = createLocator(text);
      const locate = createLocator(text, fast.data);
      for (const path of dataPaths(fast.data, 6))
        for (const at of ["key", "value"] as const) expect(locate(path, at), `${JSON.stringify(text)} ${path.join(".")} (${at})`).toEqual(tree(path, at));
    }
  });
});

/** `count` aliases to a block of `size` keys. */
function aliased(count: number, size: number): string {
  const block = Array.from({ length: size }, (_, index) => `    k${index}: ${index}`).join("\n");
  const uses = Array.from({ length: count }, (_, index) => `  u${index}: *b`).join("\n");
  return `name: x\nshared:\n  base: &b\n${block}\n${uses}\n`;
}

describe("the alias budget on the fast path", () => {
  it("gives the precise path's verdict at the edges of SPEC §2's budget", async () => {
    const cases = [aliased(1, 3), aliased(100, 1), aliased(101, 1), aliased(3, 3), aliased(12, 12), aliased(20, 20), aliased(2, 200)];
    // a chain of anchors, each doubling the one before: the classic bomb
    cases.push(`name: x\na: &a [1, 1]\nb: &b [*a, *a]\nc: &c [*b, *b]\nd: &d [*c, *c]\ne: &e [*d, *d]\nf: [*e, *e]\n`);
    let refused = 0;
    for (const text of cases) {
      const opened = await openYaml(text);
      const precise = await parsePrecise(text, "mapping");
      expect(
        opened.findings.map((finding) => finding.message),
        text.slice(0, 60),
      ).toEqual(precise.findings.map((finding) => finding.message));
      if (precise.findings.length > 0) {
        refused++;
        expect(parseFast(text).ok, "the fast path vouched for a file over the budget").toBe(false);
      } else {
        expect(opened.data).toStrictEqual(precise.data);
      }
    }
    expect(refused).toBeGreaterThanOrEqual(3);
  });

  it("gives every alias its own copy, as the precise path does", async () => {
    const text = "name: x\na: &a {k: [1]}\nb: *a\n";
    for (const data of [(await openYaml(text)).data, (await parsePrecise(text, "mapping")).data] as Array<{ a: { k: number[] }; b: { k: number[] } }>) {
      expect(data.b).toEqual(data.a);
      expect(data.b).not.toBe(data.a);
      expect(data.b.k).not.toBe(data.a.k);
    }
  });
});
