/**
 * Safe writes for `manage`: one registry-wide lock (so two processes never
 * lose each other's change) and atomic file replacement (a reader sees the
 * old file or the new one, never half of it). Nothing is left behind: the
 * lock and any temporary file are removed on exit, on an error, and on
 * Ctrl-C or SIGTERM.
 */
import { closeSync, fsyncSync, openSync, readFileSync, renameSync, statSync, unlinkSync, writeSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { RefusedError } from "../cli.ts";

export const LOCK_FILE = ".manage.lock";

/** Paths to remove if the process ends before it could tidy up. */
const leftovers = new Set<string>();

function removeLeftovers(): void {
  for (const path of leftovers) {
    try {
      unlinkSync(path);
    } catch {
      // already gone
    }
  }
  leftovers.clear();
}

const SIGNALS = { SIGINT: 130, SIGTERM: 143, SIGHUP: 129 } as const;
const onSignal = (signal: NodeJS.Signals) => {
  removeLeftovers();
  // Writes are synchronous and happen after the last chance for a signal to land: nothing was written.
  process.stderr.write("manage: interrupted; nothing was changed\n");
  process.exit(SIGNALS[signal as keyof typeof SIGNALS] ?? 1);
};

let guarded = 0;
/** While something is held, a signal tidies up before the process ends. */
function guard(): () => void {
  if (guarded++ === 0) {
    process.on("exit", removeLeftovers);
    for (const signal of Object.keys(SIGNALS)) process.on(signal, onSignal);
  }
  let released = false;
  return () => {
    if (released) return;
    released = true;
    if (--guarded === 0) {
      process.off("exit", removeLeftovers);
      for (const signal of Object.keys(SIGNALS)) process.off(signal, onSignal);
    }
  };
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

function readHolder(path: string): { pid: number | undefined; ageMs: number } | undefined {
  try {
    const text = readFileSync(path, "utf8");
    const pid = Number.parseInt(text, 10);
    return { pid: Number.isSafeInteger(pid) && pid > 0 ? pid : undefined, ageMs: Date.now() - statSync(path).mtimeMs };
  } catch {
    return undefined; // released meanwhile
  }
}

/** Say why nothing seems to happen once the wait is long enough to notice. */
const WAIT_NOTICE_MS = 2_000;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export interface LockOptions {
  /** Give up after this long while a live process holds the lock. */
  timeoutMs?: number;
}

/**
 * Run `critical` while holding the registry lock (`<root>/.manage.lock`,
 * created exclusively, holding our pid). A lock whose process is gone is
 * taken over; a live one is waited for.
 */
export async function withRegistryLock<T>(root: string, critical: () => Promise<T>, options: LockOptions = {}): Promise<T> {
  const path = join(root, LOCK_FILE);
  const started = Date.now();
  const deadline = started + (options.timeoutMs ?? 60_000);
  let told = false;
  const release = guard();
  try {
    for (let attempt = 0; ; attempt++) {
      try {
        const fd = openSync(path, "wx", 0o644);
        leftovers.add(path);
        try {
          writeSync(fd, `${process.pid}\n`);
        } finally {
          closeSync(fd);
        }
        break;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      }
      const holder = readHolder(path);
      if (holder) {
        // A lock without a pid is being written, unless it has been like that for a while.
        const stale = holder.pid === undefined ? holder.ageMs > 5_000 : !isAlive(holder.pid);
        if (stale) {
          breakStaleLock(path, holder.pid);
          continue;
        }
        if (Date.now() > deadline) {
          throw new RefusedError(`another manage process (pid ${holder.pid ?? "unknown"}) holds the registry lock ${path}; nothing was changed — try again when it has finished`);
        }
        if (!told && Date.now() - started > WAIT_NOTICE_MS) {
          process.stderr.write(`manage: waiting for another manage process (pid ${holder.pid ?? "unknown"}) to finish…\n`);
          told = true;
        }
      }
      await sleep(5 + Math.random() * Math.min(40, 5 + attempt * 2));
    }
    try {
      return await critical();
    } finally {
      leftovers.delete(path);
      // Only remove what is still ours.
      if (readHolder(path)?.pid === process.pid) unlinkSync(path);
    }
  } finally {
    release();
  }
}

function breakStaleLock(path: string, pid: number | undefined): void {
  // Re-check right before removing, so a lock just re-taken by a live process survives.
  const again = readHolder(path);
  if (!again || again.pid !== pid) return;
  try {
    unlinkSync(path);
  } catch {
    // someone else removed it first
  }
}

/**
 * Replace `path` with `text` atomically: a temporary file in the same
 * directory (same file system, so the rename is atomic), flushed, then
 * renamed over the target. The target's permissions are kept.
 */
export function writeFileAtomic(path: string, text: string): void {
  let mode = 0o644;
  try {
    mode = statSync(path).mode & 0o777;
  } catch {
    // a new file
  }
  const temporary = join(dirname(path), `.${basename(path)}.${process.pid}.${Math.random().toString(36).slice(2, 10)}.tmp`);
  const release = guard();
  leftovers.add(temporary);
  try {
    const fd = openSync(temporary, "wx", mode);
    try {
      const bytes = Buffer.from(text, "utf8");
      let offset = 0;
      while (offset < bytes.length) offset += writeSync(fd, bytes, offset, bytes.length - offset);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temporary, path);
    leftovers.delete(temporary);
  } finally {
    if (leftovers.delete(temporary)) {
      try {
        unlinkSync(temporary);
      } catch {
        // never created
      }
    }
    release();
  }
}
