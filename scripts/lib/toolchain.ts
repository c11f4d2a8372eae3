/**
 * Where the toolchain itself lives (this checkout, or the installed
 * package): found from this module's own place, scripts/lib/. Where the
 * runtime gives `import.meta.dirname` (Bun, Node ≥ 20.11) node:url is never
 * loaded — it costs Bun about 3 ms of start-up, and validate runs on every
 * commit.
 */
import { createRequire } from "node:module";
import { join } from "node:path";

function moduleDirectory(): string {
  const { dirname } = import.meta as { dirname?: string };
  if (dirname !== undefined) return dirname;
  const { fileURLToPath } = createRequire(import.meta.url)("node:url") as typeof import("node:url");
  return fileURLToPath(new URL(".", import.meta.url));
}

/** The toolchain's root: the directory holding its package.json and scripts/. */
export const TOOLCHAIN_ROOT = join(moduleDirectory(), "..", "..");

/** Where the toolchain keeps its caches and memos, as tools do: under its own node_modules/.cache. */
export const TOOLCHAIN_CACHE_DIR = join(TOOLCHAIN_ROOT, "node_modules", ".cache", "provider-registry");
