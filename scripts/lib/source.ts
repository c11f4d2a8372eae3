/**
 * Where registry files come from: the working tree, or (for `diff`) a git
 * revision. Listing never follows a symlink and never opens a file; reading
 * happens once per file, through `read`.
 */
import { closeSync, constants, fstatSync, lstatSync, openSync, readdirSync, readSync } from "node:fs";
import { join } from "node:path";
import { CANONICAL_FILE, CONFIG_FILE, MODELS_DIR, PROVIDERS_DIR } from "./registry-layout.ts";

export type EntryType = "file" | "symlink" | "directory" | "other";

export interface SourceEntry {
  /** Relative to the registry root, `/`-separated: `canonical.yaml`, `models/openai.yaml`, `providers/x.yaml`. */
  path: string;
  type: EntryType;
}

export type ReadResult = { ok: true; bytes: Buffer } | { ok: false; reason: "too-large"; size: number } | { ok: false; reason: "not-regular" };

export interface RegistrySource {
  /**
   * `canonical.yaml` and `registry.config.yaml` (when present in any form);
   * `models` itself whenever it exists (so an empty or unsafe one is seen),
   * and every entry directly under it when it is a plain directory; every
   * entry directly under `providers/`, or `providers` itself when it exists
   * but is not a plain directory. A symlink is never listed through.
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
    for (const file of [CANONICAL_FILE, CONFIG_FILE]) {
      const type = this.typeOf(file);
      if (type !== undefined) entries.push({ path: file, type });
    }
    const modelsType = this.typeOf(MODELS_DIR);
    if (modelsType !== undefined) {
      entries.push({ path: MODELS_DIR, type: modelsType });
      if (modelsType === "directory") entries.push(...this.children(MODELS_DIR));
    }
    const providersType = this.typeOf(PROVIDERS_DIR);
    if (providersType !== undefined && providersType !== "directory") entries.push({ path: PROVIDERS_DIR, type: providersType });
    else if (providersType === "directory") entries.push(...this.children(PROVIDERS_DIR));
    return entries;
  }

  /** The entry's type without following a link; undefined when absent. */
  private typeOf(path: string): EntryType | undefined {
    try {
      return entryType(lstatSync(join(this.root, path)));
    } catch {
      return undefined;
    }
  }

  /** The entries directly under a directory, typed from the listing itself (no link followed). */
  private children(directory: string): SourceEntry[] {
    let names: import("node:fs").Dirent[] = [];
    try {
      names = readdirSync(join(this.root, directory), { withFileTypes: true });
    } catch {
      // unreadable: nothing to list
    }
    return names.map((dirent) => ({ path: `${directory}/${dirent.name}`, type: entryType(dirent) }));
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
