/**
 * The lookup unknown-canonical uses for the canonical ids answers exactly as
 * a Set does: on real ids, on strings that share prefixes or differ only in
 * length, on the empty string and on text beyond ASCII.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { CompactStringSet } from "../../scripts/lib/compact-string-set.ts";
import { loadWithCoreSchema } from "../../scripts/lib/yaml/core-schema.ts";
import { CORPORA, seededRandom } from "../helpers.ts";

describe("CompactStringSet", () => {
  it("answers as a Set does for every id of models-dev's canonical list and for near misses", () => {
    const ids = (loadWithCoreSchema(readFileSync(join(CORPORA, "models-dev/canonical.yaml"), "utf8")) as { models: Array<{ id: string }> }).models.map(
      (model) => model.id,
    );
    expect(ids.length).toBeGreaterThan(1000);
    const known = new Set(ids);
    const lookup = new CompactStringSet(ids);
    const probes = ids.flatMap((id) => [id, `${id}-x`, id.slice(0, -1), id.toUpperCase(), ` ${id}`]);
    for (const probe of probes) expect(lookup.has(probe), probe).toBe(known.has(probe));
  });

  it("holds the empty string, repeated strings and text beyond ASCII", () => {
    const lookup = new CompactStringSet(["", "a", "a", "ab", "é/模型", "😀"]);
    for (const present of ["", "a", "ab", "é/模型", "😀"]) expect(lookup.has(present), present).toBe(true);
    for (const absent of ["b", "aa", "abc", "é", "模型", "\ud83d"]) expect(lookup.has(absent), absent).toBe(false);
    expect(new CompactStringSet([]).has("")).toBe(false);
  });

  it("answers as a Set does for random strings over a small alphabet (many share hashes' slots)", () => {
    const next = seededRandom(20261203);
    const word = () => Array.from({ length: 1 + Math.floor(next() * 6) }, () => "ab/"[Math.floor(next() * 3)]).join("");
    const members = Array.from({ length: 300 }, word);
    const known = new Set(members);
    const lookup = new CompactStringSet(members);
    for (let i = 0; i < 3000; i++) {
      const probe = word();
      expect(lookup.has(probe), probe).toBe(known.has(probe));
    }
  });
});
