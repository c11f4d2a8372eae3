/**
 * The one atomic writer: a temporary file beside the target (same directory,
 * so the same file system and an atomic rename), written in full and flushed,
 * then renamed over the target, whose permissions it keeps. A reader sees
 * the old file or the new one, never half of either. A temporary left by a
 * writer that died between creating and renaming it is recognisable by its
 * name (`temporaryWriter`).
 */
import { closeSync, fsyncSync, openSync, renameSync, statSync, unlinkSync, writeSync } from "node:fs";
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
 * Replace `path` with `content` atomically, keeping the target's permissions.
 * `beforeCreate` learns the temporary's path first (a caller can note it, to
 * clear it should the process die before the rename).
 */
export function writeFileAtomic(path: string, content: string | Uint8Array, beforeCreate?: (temporary: string) => void): void {
  let mode = 0o644;
  try {
    mode = statSync(path).mode & 0o777;
  } catch {
    // a new file
  }
  const temporary = temporaryPathFor(path);
  beforeCreate?.(temporary);
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
