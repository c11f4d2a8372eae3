/**
 * Safe writes for `manage`: one registry-wide lock (so two processes never
 * lose each other's change) around the shared atomic writer. Nothing is left
 * behind: the lock and any temporary file are removed on exit, on an error,
 * and on Ctrl-C or SIGTERM; a temporary a killed writer left is removed by
 * the next one, under the lock (each write notes its temporary first, so
 * finding it costs no listing of the registry).
 *
 * The lock records who holds it — pid, host, and the process's identity
 * (boot id and start time, where the system tells them) — so a lock whose
 * pid now belongs to another process is recognised as stale, not waited on.
 */
import { closeSync, openSync, readFileSync, statSync, unlinkSync, writeFileSync, writeSync } from "node:fs";
import { hostname } from "node:os";
import { join } from "node:path";
import { dirname, isAbsolute, relative, sep } from "node:path";
import { abandonTemporaries, temporaryWriter, writeFileAtomic } from "../atomic-write.ts";
import { RefusedError } from "../errors.ts";

export const LOCK_FILE = ".manage.lock";
/** The temporary a write under the lock is about to create, noted first: a writer killed before its rename leaves it named here. */
export const PENDING_FILE = ".manage.pending";

/** Who holds the lock. `identity` tells a process from a later one that got the same pid. */
interface Holder {
  pid: number;
  host?: string;
  identity?: string;
  since?: string;
}

/** `<boot id>:<start time in clock ticks>` of a process, on systems with /proc; undefined elsewhere. */
function processIdentity(pid: number | "self"): string | undefined {
  try {
    const boot = readFileSync("/proc/sys/kernel/random/boot_id", "utf8").trim();
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // Fields after the command name (which may hold spaces) start after the last `)`; start time is field 22.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return `${boot}:${fields[19]}`;
  } catch {
    return undefined;
  }
}

let ownHolder: Holder | undefined;
function self(): Holder {
  ownHolder ??= { pid: process.pid, host: hostname(), identity: processIdentity("self"), since: new Date().toISOString() };
  return ownHolder;
}

/** Paths to remove if the process ends before it could tidy up. */
const leftovers = new Set<string>();

function removeLeftovers(): void {
  abandonTemporaries();
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

/** A lock's content: the JSON record, or (older locks) a bare pid. */
function parseHolder(text: string): Holder | undefined {
  try {
    const record = JSON.parse(text) as Partial<Holder> | number;
    if (typeof record === "number") return Number.isSafeInteger(record) && record > 0 ? { pid: record } : undefined;
    if (typeof record.pid === "number" && Number.isSafeInteger(record.pid) && record.pid > 0) return record as Holder;
  } catch {
    // not JSON: a bare pid, or half written
  }
  const pid = Number.parseInt(text, 10);
  return Number.isSafeInteger(pid) && pid > 0 && /^\d+\s*$/.test(text) ? { pid } : undefined;
}

function readHolder(path: string): { holder: Holder | undefined; ageMs: number; text: string } | undefined {
  try {
    const text = readFileSync(path, "utf8");
    return { holder: parseHolder(text), ageMs: Date.now() - statSync(path).mtimeMs, text };
  } catch {
    return undefined; // released meanwhile
  }
}

/** Whether the lock's holder is certainly gone: its pid is free, or taken by a process started later. */
function holderGone(holder: Holder): boolean {
  // Another machine's process (a shared file system) cannot be checked from here.
  if (holder.host !== undefined && holder.host !== hostname()) return false;
  if (!isAlive(holder.pid)) return true;
  if (holder.identity === undefined) return false;
  const now = processIdentity(holder.pid);
  return now !== undefined && now !== holder.identity;
}

function describe(holder: Holder | undefined): string {
  if (!holder) return "pid unknown";
  const where = holder.host !== undefined && holder.host !== hostname() ? ` on ${holder.host}` : "";
  return `pid ${holder.pid}${where}${holder.since ? `, since ${holder.since}` : ""}`;
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
 * created exclusively, holding our record). A lock whose process is gone is
 * taken over; a live one is waited for. Once held, temporaries a dead writer
 * left are cleared first.
 */
export async function withRegistryLock<T>(root: string, critical: () => Promise<T>, options: LockOptions = {}): Promise<T> {
  const path = join(root, LOCK_FILE);
  const started = Date.now();
  const deadline = started + (options.timeoutMs ?? 60_000);
  const record = `${JSON.stringify(self())}\n`;
  let told = false;
  const release = guard();
  try {
    for (let attempt = 0; ; attempt++) {
      try {
        const fd = openSync(path, "wx", 0o644);
        leftovers.add(path);
        try {
          writeSync(fd, record);
        } finally {
          closeSync(fd);
        }
        break;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      }
      const current = readHolder(path);
      if (current) {
        // A lock without a readable holder is being written, unless it has been like that for a while.
        const stale = current.holder === undefined ? current.ageMs > 5_000 : holderGone(current.holder);
        if (stale) {
          breakStaleLock(path, current.text);
          continue;
        }
        if (Date.now() > deadline) {
          throw new RefusedError(
            `another manage process (${describe(current.holder)}) holds the registry lock ${path}; nothing was changed — wait for it to finish, or, if no manage is running${current.holder?.host && current.holder.host !== hostname() ? ` on ${current.holder.host}` : ""}, delete ${path} and run the command again`,
          );
        }
        if (!told && Date.now() - started > WAIT_NOTICE_MS) {
          process.stderr.write(`manage: waiting for another manage process (pid ${current.holder?.pid ?? "unknown"}) to finish…\n`);
          told = true;
        }
      }
      await sleep(5 + Math.random() * Math.min(40, 5 + attempt * 2));
    }
    try {
      clearDeadWritersTemporary(root);
      return await critical();
    } finally {
      leftovers.delete(path);
      // Only remove what is still ours.
      if (readHolder(path)?.text === record) unlinkSync(path);
    }
  } finally {
    release();
  }
}

/**
 * Remove the temporary a killed writer left (the one PENDING_FILE names),
 * and the note. Only a temporary's name inside the root is ever removed.
 */
function clearDeadWritersTemporary(root: string): void {
  const pending = join(root, PENDING_FILE);
  let noted: string;
  try {
    noted = readFileSync(pending, "utf8").trim();
  } catch {
    return; // no write was cut short
  }
  const path = join(root, noted);
  const inside = noted !== "" && !isAbsolute(noted) && !relative(root, path).startsWith(`..${sep}`);
  if (inside && temporaryWriter(path.slice(dirname(path).length + 1)) !== undefined) {
    try {
      unlinkSync(path);
    } catch {
      // never created, or already gone
    }
  }
  unlinkSync(pending);
}

/**
 * Write `path` (inside `root`) atomically while holding the registry lock:
 * the temporary's name is noted first, so the next run can remove it should
 * this process die before the rename; the note goes once the file is in place.
 */
export function writeUnderLock(root: string, path: string, text: string): void {
  const pending = join(root, PENDING_FILE);
  leftovers.add(pending);
  // The note itself need not be atomic: a torn one names no temporary, and is only removed.
  writeFileAtomic(path, text, (temporary) => writeFileSync(pending, `${relative(root, temporary)}\n`));
  unlinkSync(pending);
  leftovers.delete(pending);
}

function breakStaleLock(path: string, text: string): void {
  // Re-check right before removing, so a lock just re-taken by a live process survives.
  if (readHolder(path)?.text !== text) return;
  try {
    unlinkSync(path);
  } catch {
    // someone else removed it first
  }
}
