/**
 * Where the toolchain itself lives (this checkout, or the installed
 * package): found from this module's own place, scripts/lib/. Where the
 * runtime gives `import.meta.dirname` (Bun, Node ≥ 20.11) node:url is never
 * loaded — it costs Bun about 3 ms of start-up, and validate runs on every
 * commit.
 */
import { statSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";

function moduleDirectory(): string {
  // Spelled out whole: the compiled toolchain (./launch/) writes each module's own place in its stead.
  const dirname = import.meta.dirname as string | undefined;
  if (dirname !== undefined) return dirname;
  const { fileURLToPath } = createRequire(import.meta.url)("node:url") as typeof import("node:url");
  return fileURLToPath(new URL(".", import.meta.url));
}

/** The toolchain's root: the directory holding its package.json and scripts/. */
export const TOOLCHAIN_ROOT = join(moduleDirectory(), "..", "..");

/**
 * Whether the toolchain runs from its TypeScript sources (a checkout, under
 * Bun) rather than as the installed package's compiled JavaScript. The
 * compiled toolchain (launch/) writes this module's source URL into its
 * bundle, so there it says true as well.
 */
export const RUNS_FROM_TYPESCRIPT = import.meta.url.endsWith(".ts");

/** Where the toolchain keeps its caches and memos, as tools do: under its own node_modules/.cache. */
export const TOOLCHAIN_CACHE_DIR = join(TOOLCHAIN_ROOT, "node_modules", ".cache", "provider-registry");

/**
 * What identifies a toolchain file's contents without reading it: path,
 * size, inode and modification time as one string; undefined when it is
 * missing. Memos (cache/memo.ts) and the compiled toolchain (launch/) are
 * kept under such stamps. (The content cache has its own, racy-safe
 * `fileStamp` for registry files, and `toolchainDigest` for the whole
 * toolchain's code.)
 */
export function toolchainFileStamp(path: string): string | undefined {
  try {
    const stats = statSync(path, { bigint: true });
    return `${path}\0${stats.size}\0${stats.ino}\0${stats.mtimeNs}`;
  } catch {
    return undefined;
  }
}
