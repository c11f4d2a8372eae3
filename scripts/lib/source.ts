/**
 * Where registry files come from: the working tree, or (for `diff`) a git
 * revision. Listing never follows a symlink and never opens a file; reading
 * happens once per file, through `read`.
 */
import { closeSync, constants, fstatSync, lstatSync, openSync, readdirSync, readSync } from "node:fs";
import { join } from "node:path";
import { CANONICAL_FILE, PROVIDERS_DIR } from "./registry-layout.ts";

export type EntryType = "file" | "symlink" | "directory" | "other";

export interface SourceEntry {
  /** Relative to the registry root, `/`-separated: `canonical.yaml`, `providers/x.yaml`. */
  path: string;
  type: EntryType;
}

export type ReadResult =
  | { ok: true; bytes: Buffer }
  | { ok: false; reason: "too-large"; size: number }
  | { ok: false; reason: "not-regular" };

export interface RegistrySource {
  /**
   * `canonical.yaml` (when present in any form) and every entry directly
   * under `providers/`; `providers` itself when it exists but is not a
   * plain directory (a symlink to elsewhere is never listed through).
   */
  list(): SourceEntry[];
  /** Whether the registry has a `providers/` directory at all. */
  hasProvidersDirectory(): boolean;
  /** Reads one file, refusing (without reading) anything over `maxBytes` or not a regular file. */
  read(path: string, maxBytes: number): ReadResult;
}

function entryType(stats: { isFile(): boolean; isSymbolicLink(): boolean; isDirectory(): boolean }): EntryType {
  if (stats.isSymbolicLink()) return "symlink";
  if (stats.isFile()) return "file";
  if (stats.isDirectory()) return "directory";
  return "other";
}

export class DirectorySource implements RegistrySource {
  constructor(readonly root: string) {}

  list(): SourceEntry[] {
    const entries: SourceEntry[] = [];
    try {
      entries.push({ path: CANONICAL_FILE, type: entryType(lstatSync(join(this.root, CANONICAL_FILE))) });
    } catch {
      // absent: reported by the loader
    }
    let names: import("node:fs").Dirent[] = [];
    let providersType: EntryType | undefined;
    try {
      providersType = entryType(lstatSync(join(this.root, PROVIDERS_DIR)));
    } catch {
      // absent: an empty registry is still a registry
    }
    if (providersType !== undefined && providersType !== "directory") {
      entries.push({ path: PROVIDERS_DIR, type: providersType });
      return entries;
    }
    try {
      if (providersType === "directory") names = readdirSync(join(this.root, PROVIDERS_DIR), { withFileTypes: true });
    } catch {
      // unreadable: nothing to list
    }
    for (const dirent of names) entries.push({ path: `${PROVIDERS_DIR}/${dirent.name}`, type: entryType(dirent) });
    return entries;
  }

  hasProvidersDirectory(): boolean {
    try {
      return lstatSync(join(this.root, PROVIDERS_DIR)).isDirectory();
    } catch {
      return false;
    }
  }

  read(path: string, maxBytes: number): ReadResult {
    // O_NOFOLLOW: a symlink swapped in after listing is refused, not followed.
    // O_NONBLOCK: a FIFO must not hang the run.
    let fd: number;
    try {
      fd = openSync(join(this.root, path), constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
    } catch {
      return { ok: false, reason: "not-regular" };
    }
    try {
      const stats = fstatSync(fd);
      if (!stats.isFile()) return { ok: false, reason: "not-regular" };
      if (stats.size > maxBytes) return { ok: false, reason: "too-large", size: stats.size };
      const bytes = Buffer.allocUnsafe(stats.size);
      let offset = 0;
      while (offset < stats.size) {
        const n = readSync(fd, bytes, offset, stats.size - offset, null);
        if (n === 0) break;
        offset += n;
      }
      return { ok: true, bytes: offset === stats.size ? bytes : bytes.subarray(0, offset) };
    } finally {
      closeSync(fd);
    }
  }
}
