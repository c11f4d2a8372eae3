/**
 * Toolchain memos: small answers that depend on the toolchain alone, never on
 * a registry's verdict (whether the generated validators are current, the
 * registrable domain of a placeholder host), kept beside the content cache
 * under a stamp of what they were computed from (../toolchain.ts). `--no-cache` keeps them too;
 * a stamp that differs, or a memo that does not read back, is never trusted,
 * and a read-only toolchain just computes the answer every run.
 */
import { mkdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { writeFileAtomic } from "../atomic-write.ts";
import { TOOLCHAIN_CACHE_DIR } from "../toolchain.ts";

/** Beside the content cache. */
function memoPath(name: string): string {
  return join(TOOLCHAIN_CACHE_DIR, `${name}.json`);
}

/** The value remembered under `name` when it was computed under `stamp` and is still of its shape. */
export function readMemo<T>(name: string, stamp: string, isValue: (value: unknown) => value is T): T | undefined {
  try {
    const memo = JSON.parse(readFileSync(memoPath(name), "utf8")) as { stamp?: unknown; value?: unknown };
    return memo.stamp === stamp && isValue(memo.value) ? memo.value : undefined;
  } catch {
    return undefined;
  }
}

export function writeMemo(name: string, stamp: string, value: unknown): void {
  try {
    const path = memoPath(name);
    mkdirSync(dirname(path), { recursive: true });
    writeFileAtomic(path, JSON.stringify({ stamp, value }));
  } catch {
    // a read-only toolchain computes it again next run
  }
}
