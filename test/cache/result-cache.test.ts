/**
 * The content cache's own guarantees: an entry is used only for the bytes
 * and salt it was computed from; a corrupt, truncated or foreign cache file
 * is never trusted; concurrent writers leave one whole, valid file.
 */
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { cacheLocation, contentDigest, ResultCache, toolchainDigest } from "../../scripts/lib/cache/index.ts";
import { BUN, REPO_ROOT, tempDir } from "../helpers.ts";

const isNumber = (value: unknown): value is number => typeof value === "number";

function location() {
  return cacheLocation(tempDir("cache-root-"), "test", tempDir("cache-store-"));
}

describe("ResultCache", () => {
  it("returns an entry only for the digest it was stored under, and keeps it across runs", () => {
    const where = location();
    const first = ResultCache.open(where, "salt", isNumber);
    expect(first.get("providers/a.yaml", "d1")).toBeUndefined();
    first.set("providers/a.yaml", "d1", 7);
    first.save(new Set(["providers/a.yaml"]));
    const second = ResultCache.open(where, "salt", isNumber);
    expect(second.get("providers/a.yaml", "d1")).toBe(7);
    expect(second.get("providers/a.yaml", "d2")).toBeUndefined();
    expect(ResultCache.open(where, "other salt", isNumber).get("providers/a.yaml", "d1")).toBeUndefined();
  });

  it("drops the entries of files that left the registry, and keeps those a run did not look at", () => {
    const where = location();
    const cache = ResultCache.open(where, "s", isNumber);
    for (const [path, value] of [
      ["a", 1],
      ["b", 2],
      ["c", 3],
    ] as const)
      cache.set(path, "d", value);
    cache.save(new Set(["a", "b", "c"]));
    const partial = ResultCache.open(where, "s", isNumber);
    partial.set("a", "d2", 10);
    partial.save(new Set(["a", "b"]));
    const after = ResultCache.open(where, "s", isNumber);
    expect([after.get("a", "d2"), after.get("b", "d"), after.get("c", "d")]).toEqual([10, 2, undefined]);
  });

  it.each([
    ["garbage", "\u0000\u0001not json"],
    ["truncated", '{"format":1,"salt":"s","entries":{"a":["d",'],
    ["wrong shape", '{"format":1,"salt":"s","entries":{"a":"d"}}'],
    ["wrong value type", '{"format":1,"salt":"s","entries":{"a":["d","seven"]}}'],
    ["other format", '{"format":999,"salt":"s","entries":{"a":["d",7]}}'],
    ["null", "null"],
  ])("never trusts a %s cache file", (_name, content) => {
    const where = location();
    mkdirSync(where.dir, { recursive: true });
    writeFileSync(where.file, content);
    const cache = ResultCache.open(where, "s", isNumber);
    expect(cache.get("a", "d")).toBeUndefined();
    cache.set("a", "d", 1);
    cache.save(new Set(["a"]));
    expect(JSON.parse(readFileSync(where.file, "utf8"))).toMatchObject({ format: 1, salt: "s", entries: { a: ["d", 1] } });
  });

  it("leaves one whole file when many processes save at once", async () => {
    const where = location();
    const module = join(REPO_ROOT, "scripts/lib/cache/index.ts");
    const writer = (n: number) => `
      import { ResultCache } from ${JSON.stringify(module)};
      const cache = ResultCache.open(${JSON.stringify(where)}, "s", (v) => typeof v === "number");
      for (let i = 0; i < 2000; i++) cache.set("providers/p" + i + ".yaml", "d${n}", ${n});
      cache.save(new Set(Array.from({ length: 2000 }, (_, i) => "providers/p" + i + ".yaml")));`;
    await Promise.all(
      Array.from(
        { length: 8 },
        (_, n) =>
          new Promise<void>((resolve, reject) => {
            const child = spawn(BUN, ["-e", writer(n)], { stdio: "ignore" });
            child.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`writer ${n} exited ${code}`))));
          }),
      ),
    );
    const stored = JSON.parse(readFileSync(where.file, "utf8")) as { entries: Record<string, [string, number]> };
    const values = new Set(Object.values(stored.entries).map(([, value]) => value));
    // One writer's complete file, not a mix.
    expect(Object.keys(stored.entries)).toHaveLength(2000);
    expect(values.size).toBe(1);
    expect(readdirSync(where.dir).filter((name) => name.endsWith(".tmp"))).toEqual([]);
  });

  it("a disabled cache remembers and writes nothing", () => {
    const cache = ResultCache.disabled<number>();
    cache.set("a", "d", 1);
    cache.save(new Set(["a"]));
    expect(cache.get("a", "d")).toBeUndefined();
  });

  it("digests content and the toolchain stably", () => {
    expect(contentDigest("abc")).toBe(contentDigest(Buffer.from("abc")));
    expect(contentDigest("abc")).not.toBe(contentDigest("abd"));
    expect(toolchainDigest()).toBe(toolchainDigest());
    expect(existsSync(REPO_ROOT)).toBe(true);
  });
});
