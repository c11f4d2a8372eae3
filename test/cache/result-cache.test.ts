/**
 * The content cache's own guarantees: an entry is used only for the bytes
 * and salt it was computed from; a corrupt, truncated or foreign cache file
 * is never trusted; concurrent writers leave one whole, valid file; the stat
 * memo vouches for a file only while its stat is exactly the one remembered,
 * and never remembers the stat of a file that changed just before the run.
 */
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, statSync, symlinkSync, utimesSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { cacheLocation, contentDigest, fileStamp, RACY_WINDOW_NS, ResultCache, toolchainDigest, type FileStamp } from "../../scripts/lib/cache/index.ts";
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

  const HEADER = '{"format":3,"salt":"s"}';
  it.each([
    ["garbage", "\u0000\u0001not json"],
    ["truncated (no trailer)", `${HEADER}\na\td\t\t7\nb\td\t\t`],
    ["truncated (no final line break)", `${HEADER}\na\td\t\t7\nend\t1`],
    ["miscounted", `${HEADER}\na\td\t\t7\nend\t2\n`],
    ["wrong shape (fields)", `${HEADER}\na\td\t7\nend\t1\n`],
    ["wrong shape (no digest)", `${HEADER}\na\t\t\t7\nend\t1\n`],
    ["wrong value type", `${HEADER}\na\td\t\t"seven"\nend\t1\n`],
    ["value not JSON", `${HEADER}\na\td\t\t{7\nend\t1\n`],
    ["other salt", '{"format":3,"salt":"t"}\na\td\t\t7\nend\t1\n'],
    ["other format", '{"format":999,"salt":"s"}\na\td\t\t7\nend\t1\n'],
    ["previous format", '{"format":2,"salt":"s","entries":{"a":["d",null,7]}}'],
    ["null", "null"],
  ])("never trusts a %s cache file", (_name, content) => {
    const where = location();
    mkdirSync(where.dir, { recursive: true });
    writeFileSync(where.file, content);
    const cache = ResultCache.open(where, "s", isNumber);
    expect(cache.get("a", "d")).toBeUndefined();
    cache.set("a", "d", 1);
    cache.save(new Set(["a"]));
    expect(readFileSync(where.file, "utf8")).toBe(`${HEADER}\na\td\t\t1\nend\t1\n`);
    expect(ResultCache.open(where, "s", isNumber).get("a", "d")).toBe(1);
  });

  it("keeps paths and results of any spelling (a tab, a line break, a quote, non-ASCII) in a file of plain ASCII", () => {
    const where = location();
    const paths = [
      "providers/a.yaml",
      "providers/tab\there.yaml",
      "providers/line\nbreak.yaml",
      '"quoted".yaml',
      "back\\slash",
      "end\t1",
      "providers/café—😀.yaml",
    ];
    const isText = (value: unknown): value is string => typeof value === "string";
    const cache = ResultCache.open(where, "s", isText);
    paths.forEach((path, i) => cache.set(path, `d${i}`, `value of ${path}`));
    cache.save(new Set(paths));
    // Plain ASCII throughout (read as one-byte text), whatever the paths and values hold.
    expect(readFileSync(where.file, "latin1")).toMatch(/^[\x20-\x7e\t\n]*$/);
    const after = ResultCache.open(where, "s", isText);
    expect(after.remembered).toBe(paths.length);
    expect(paths.map((path, i) => after.get(path, `d${i}`))).toEqual(paths.map((path) => `value of ${path}`));
  });

  it("writes back a result no run asked for as it was, and parses one only when asked", () => {
    const where = location();
    const first = ResultCache.open(where, "s", isNumber);
    first.set("a", "d", 1);
    first.set("b", "d", 2);
    first.save(new Set(["a", "b"]));
    const second = ResultCache.open(where, "s", isNumber);
    second.set("a", "d2", 3);
    second.save(new Set(["a", "b"]));
    const third = ResultCache.open(where, "s", isNumber);
    expect([third.get("a", "d2"), third.get("b", "d")]).toEqual([3, 2]);
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
    const lines = readFileSync(where.file, "utf8").split("\n");
    // One writer's complete file (header, 2000 entries, trailer), not a mix.
    expect(lines.slice(-2)).toEqual(["end\t2000", ""]);
    const values = new Set(lines.slice(1, -2).map((line) => line.split("\t")[3]));
    expect(values.size).toBe(1);
    const winner = Number([...values][0]);
    const cache = ResultCache.open(where, "s", isNumber);
    expect(cache.remembered).toBe(2000);
    expect(Array.from({ length: 2000 }, (_, i) => cache.get(`providers/p${i}.yaml`, `d${winner}`))).toEqual(Array(2000).fill(winner));
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

const MTIME = 1_700_000_000;

/** A file in a fresh directory, and the moment (ms) that makes its last change `after` ms old. */
function settledFile(text: string) {
  const path = join(tempDir("stamp-"), "providers.yaml");
  writeFileSync(path, text);
  // Whole seconds, so that an mtime put back is exactly the same.
  utimesSync(path, MTIME, MTIME);
  const stamp = fileStamp(path)!;
  const at = (after: number) => Number(stamp.changed / 1_000_000n) + after;
  return { path, stamp, at };
}

/** Opens the cache as a run starting at `now` (ms) would, notes the file's digest under `stamp`, stores `value`, saves. */
function run(where: ReturnType<typeof location>, now: number, path: string, stamp: FileStamp, value: number) {
  const cache = ResultCache.open(where, "s", isNumber, { now });
  const digest = contentDigest(readFileSync(path));
  cache.noteDigest(path, stamp, digest);
  if (cache.get(path, digest) === undefined) cache.set(path, digest, value);
  cache.save(new Set([path]));
  return digest;
}

describe("the stat memo", () => {
  it("gives the remembered digest while the stat is unchanged, and not after an edit that keeps the size and restores the mtime", () => {
    const where = location();
    const { path, stamp, at } = settledFile("name: a\n");
    const digest = run(where, at(60_000), path, stamp, 7);
    const warm = ResultCache.open(where, "s", isNumber, { now: at(61_000) });
    expect(warm.knownDigest(path, fileStamp(path)!)).toBe(digest);
    expect(warm.get(path, digest)).toBe(7);
    // Same size, mtime put back (as `touch -d` does): the ctime still moved.
    writeFileSync(path, "name: b\n");
    utimesSync(path, MTIME, MTIME);
    const edited = fileStamp(path)!;
    expect([edited.size, statSync(path, { bigint: true }).mtimeNs]).toEqual([stamp.size, BigInt(MTIME) * 1_000_000_000n]);
    expect(ResultCache.open(where, "s", isNumber, { now: at(62_000) }).knownDigest(path, edited)).toBeUndefined();
  });

  it("does not vouch for another file moved into the path (another inode), even of the same size and mtime", () => {
    const where = location();
    const { path, stamp, at } = settledFile("name: a\n");
    run(where, at(60_000), path, stamp, 7);
    const other = `${path}.new`;
    writeFileSync(other, "name: c\n");
    utimesSync(other, MTIME, MTIME);
    renameSync(other, path);
    const moved = fileStamp(path)!;
    expect(moved.key).not.toBe(stamp.key);
    expect(ResultCache.open(where, "s", isNumber, { now: at(61_000) }).knownDigest(path, moved)).toBeUndefined();
  });

  it("never remembers the stat of a file changed within the racy window before the run; a later run does once it has settled", () => {
    const where = location();
    const { path, stamp, at } = settledFile("name: a\n");
    const windowMs = Number(RACY_WINDOW_NS / 1_000_000n);
    // Changed in the same second the run began (or just before it): it could change again unseen under this very stat.
    for (const now of [at(0), at(500), at(windowMs - 1)]) {
      const digest = run(where, now, path, stamp, 7);
      const next = ResultCache.open(where, "s", isNumber, { now: now + 1 });
      expect(next.knownDigest(path, stamp), `run at +${now - at(0)} ms`).toBeUndefined();
      // The result itself stays, keyed by the bytes: the file is read and hashed, not checked again.
      expect(next.get(path, digest)).toBe(7);
    }
    run(where, at(windowMs + 1000), path, stamp, 7);
    expect(ResultCache.open(where, "s", isNumber, { now: at(windowMs + 2000) }).knownDigest(path, stamp)).toBe(contentDigest("name: a\n"));
  });

  it("a digest noted for other bytes drops the result stored for the old ones", () => {
    const where = location();
    const { path, stamp, at } = settledFile("name: a\n");
    const old = run(where, at(60_000), path, stamp, 7);
    const cache = ResultCache.open(where, "s", isNumber, { now: at(61_000) });
    cache.noteDigest(path, stamp, "other bytes");
    cache.save(new Set([path]));
    const after = ResultCache.open(where, "s", isNumber, { now: at(62_000) });
    expect(after.get(path, old)).toBeUndefined();
    expect(after.knownDigest(path, stamp)).toBe("other bytes");
  });

  it("rewrites the cache for new stats of unchanged files only when they are more than a few", () => {
    const where = location();
    const paths = Array.from({ length: 200 }, (_, i) => `providers/p${i}.yaml`);
    const old = (key: string): FileStamp => ({ key, size: 1, changed: 0n });
    const first = ResultCache.open(where, "s", isNumber);
    for (const path of paths) {
      first.noteDigest(path, old(`${path} 1`), "d");
      first.set(path, "d", 1);
    }
    first.save(new Set(paths));
    const written = readFileSync(where.file, "utf8");
    // One file touched (same bytes, new stat): not worth rewriting 200 entries; it is hashed again next run instead.
    const touched = ResultCache.open(where, "s", isNumber);
    touched.noteDigest(paths[0]!, old(`${paths[0]} 2`), "d");
    touched.save(new Set(paths));
    expect(readFileSync(where.file, "utf8")).toBe(written);
    expect(ResultCache.open(where, "s", isNumber).knownDigest(paths[0]!, old(`${paths[0]} 2`))).toBeUndefined();
    // Four of 200 (one in 64 or more): remembered.
    const many = ResultCache.open(where, "s", isNumber);
    for (const path of paths.slice(0, 4)) many.noteDigest(path, old(`${path} 2`), "d");
    many.save(new Set(paths));
    const after = ResultCache.open(where, "s", isNumber);
    expect(paths.slice(0, 4).map((path) => after.knownDigest(path, old(`${path} 2`)))).toEqual(["d", "d", "d", "d"]);
    expect(after.get(paths[0]!, "d")).toBe(1);
  });

  it("stamps only regular files, never through a link", () => {
    const { path } = settledFile("name: a\n");
    symlinkSync(path, `${path}.link`);
    expect(fileStamp(`${path}.link`)).toBeUndefined();
    expect(fileStamp(path)).toBeDefined();
    expect(fileStamp(join(path, ".."))).toBeUndefined();
    expect(fileStamp(`${path}.absent`)).toBeUndefined();
  });
});
