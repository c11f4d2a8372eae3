/**
 * The one atomic writer: a temporary file beside the target (same directory,
 * so the same file system and an atomic rename), written in full and flushed,
 * then renamed over the target, whose permissions it keeps. A reader sees
 * the old file or the new one, never half of either. A temporary left by a
 * writer that died between creating and renaming it is recognisable by its
 * name, so the next writer can clear it.
 */
import { closeSync, fsyncSync, openSync, readdirSync, renameSync, statSync, unlinkSync, writeSync } from "node:fs";
import { basename, dirname, join } from "node:path";

/** `.<name>.<pid>.<random>.tmp`: hidden, and never a name the registry itself uses. */
const TEMPORARY = /^\.(.+)\.(\d+)\.([a-z0-9]+)\.tmp$/;

/** Temporaries of this process not yet renamed (removed on a signal by whoever handles it). */
const inFlight = new Set<string>();

export function temporaryPathFor(target: string): string {
  return join(dirname(target), `.${basename(target)}.${process.pid}.${Math.random().toString(36).slice(2, 10)}.tmp`);
}

/** The writer's pid when `name` is one of our temporaries. */
export function temporaryWriter(name: string): number | undefined {
  const match = TEMPORARY.exec(name);
  return match ? Number(match[2]) : undefined;
}

/** Remove this process's temporaries that were never renamed (a signal arrived mid-write). */
export function abandonTemporaries(): void {
  for (const path of inFlight) {
    try {
      unlinkSync(path);
    } catch {
      // already gone
    }
  }
  inFlight.clear();
}

/**
 * Remove the temporaries in `directory` whose writer can no longer be
 * writing: callers hold the lock every writer takes, so any temporary not of
 * this process is a dead writer's. Returns the names removed.
 */
export function removeStaleTemporaries(directory: string): string[] {
  let names: string[] = [];
  try {
    names = readdirSync(directory);
  } catch {
    return [];
  }
  const removed: string[] = [];
  for (const name of names) {
    const path = join(directory, name);
    if (temporaryWriter(name) === undefined || inFlight.has(path)) continue;
    try {
      if (!statSync(path).isFile()) continue;
      unlinkSync(path);
      removed.push(name);
    } catch {
      // gone meanwhile
    }
  }
  return removed;
}

/** Replace `path` with `content` atomically, keeping the target's permissions. */
export function writeFileAtomic(path: string, content: string | Uint8Array): void {
  let mode = 0o644;
  try {
    mode = statSync(path).mode & 0o777;
  } catch {
    // a new file
  }
  const temporary = temporaryPathFor(path);
  inFlight.add(temporary);
  try {
    const fd = openSync(temporary, "wx", mode);
    try {
      const bytes = typeof content === "string" ? Buffer.from(content, "utf8") : content;
      let offset = 0;
      while (offset < bytes.length) offset += writeSync(fd, bytes, offset, bytes.length - offset);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temporary, path);
  } finally {
    if (inFlight.delete(temporary)) {
      try {
        unlinkSync(temporary);
      } catch {
        // renamed, or never created
      }
    }
  }
}
