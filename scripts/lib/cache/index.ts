/**
 * A content cache for per-file results (`validate` today): an entry is
 * trusted only when the file's bytes, its path and everything else its
 * result depends on (the salt: toolchain, rule severities, the date, the
 * cross-file facts) are exactly those it was computed from.
 *
 * One JSON file per registry root, under the toolchain's
 * `node_modules/.cache/provider-registry/`. It is read once, written once at
 * the end (a temporary file, then a rename), so concurrent runs never see a
 * torn file; the last writer wins, and either writer's file is valid. A file
 * that does not parse, or is of another format or salt, is ignored: a cache
 * is never trusted when corrupt, only rebuilt.
 */
import { createRequire } from "node:module";
import { closeSync, fsyncSync, mkdirSync, openSync, readFileSync, readdirSync, realpathSync, renameSync, statSync, unlinkSync, writeSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const FORMAT = 1;

type Crypto = typeof import("node:crypto");
let cryptoModule: Crypto | undefined;
/** Loaded on the first digest: it costs Bun 10–15 ms of start-up, which a `--no-cache` run never needs. */
function crypto(): Crypto {
  return (cryptoModule ??= createRequire(import.meta.url)("node:crypto") as Crypto);
}

/** The toolchain's own root (scripts/lib/cache → the repository or installed package). */
const TOOLCHAIN_ROOT = fileURLToPath(new URL("../../../", import.meta.url));

/** Digest of a file's bytes (or any text): what an entry is keyed by. */
export function contentDigest(bytes: Uint8Array | string): string {
  return crypto().createHash("sha256").update(bytes).digest("base64url");
}

let toolchainStamp: string | undefined;

/**
 * What identifies this toolchain's code: its version and the size and mtime
 * of every file of its library, so an edited rule (in a checkout, without a
 * version bump) never meets results of the old one. About 150 stats.
 */
export function toolchainDigest(): string {
  if (toolchainStamp) return toolchainStamp;
  const hash = crypto().createHash("sha256");
  try {
    hash.update(readFileSync(join(TOOLCHAIN_ROOT, "package.json")));
  } catch {
    // an embedded toolchain without a manifest: its files still count
  }
  const walk = (dir: string): void => {
    let names: string[];
    try {
      names = readdirSync(dir).sort();
    } catch {
      return;
    }
    for (const name of names) {
      const path = join(dir, name);
      const stats = statSync(path, { throwIfNoEntry: false });
      if (!stats) continue;
      if (stats.isDirectory()) walk(path);
      else hash.update(`${path}\0${stats.size}\0${stats.mtimeMs}\n`);
    }
  };
  walk(join(TOOLCHAIN_ROOT, "scripts"));
  toolchainStamp = hash.digest("base64url");
  return toolchainStamp;
}

interface Stored<T> {
  format: number;
  salt: string;
  entries: Record<string, [digest: string, value: T]>;
}

export interface CacheLocation {
  /** The directory cache files live in. */
  dir: string;
  /** The cache file of this registry root. */
  file: string;
}

/** Where the cache of a registry root lives: under the toolchain's node_modules/.cache, one file per root. */
export function cacheLocation(root: string, purpose: string, base = join(TOOLCHAIN_ROOT, "node_modules", ".cache", "provider-registry")): CacheLocation {
  let real = root;
  try {
    real = realpathSync(root);
  } catch {
    // a root that does not resolve still gets a stable name
  }
  const dir = join(base, purpose);
  return { dir, file: join(dir, `${contentDigest(real).slice(0, 24)}.json`) };
}

export class ResultCache<T> {
  private readonly previous: Map<string, [string, T]>;
  private readonly next = new Map<string, [string, T]>();
  private changed = false;

  private constructor(
    private readonly location: CacheLocation | undefined,
    private readonly salt: string,
    previous: Map<string, [string, T]>,
  ) {
    this.previous = previous;
  }

  /** A cache that remembers nothing and writes nothing (`--no-cache`, or nowhere to keep one). */
  static disabled<T>(): ResultCache<T> {
    return new ResultCache<T>(undefined, "", new Map());
  }

  /** Opens the cache at `location` for results computed under `salt`; a missing, corrupt or foreign file is an empty cache. */
  static open<T>(location: CacheLocation, salt: string, isValue: (value: unknown) => value is T): ResultCache<T> {
    const previous = new Map<string, [string, T]>();
    try {
      const stored = JSON.parse(readFileSync(location.file, "utf8")) as Partial<Stored<unknown>>;
      if (stored && stored.format === FORMAT && stored.salt === salt && stored.entries && typeof stored.entries === "object") {
        for (const [path, entry] of Object.entries(stored.entries)) {
          if (Array.isArray(entry) && entry.length === 2 && typeof entry[0] === "string" && isValue(entry[1])) previous.set(path, [entry[0], entry[1]]);
        }
      }
    } catch {
      // absent or unreadable: start empty
    }
    return new ResultCache<T>(location, salt, previous);
  }

  /** The value stored for `path` when its content digest is `digest`. */
  /** How many results the previous run left (none: every file is checked afresh this run). */
  get remembered(): number {
    return this.previous.size;
  }

  get(path: string, digest: string): T | undefined {
    const entry = this.previous.get(path);
    if (!entry || entry[0] !== digest) return undefined;
    this.next.set(path, entry);
    return entry[1];
  }

  set(path: string, digest: string, value: T): void {
    this.next.set(path, [digest, value]);
    this.changed = true;
  }

  /**
   * Writes the entries of the files still in the registry (`present`): what
   * this run used or computed, and what it did not look at (a run over a few
   * named files keeps the rest). Nothing is written when nothing changed; a
   * write that fails (read-only toolchain, full disk) changes no result.
   */
  save(present: ReadonlySet<string>): void {
    if (!this.location) return;
    const entries = new Map<string, [string, T]>();
    for (const path of present) {
      const entry = this.next.get(path) ?? this.previous.get(path);
      if (entry) entries.set(path, entry);
    }
    if (!this.changed && entries.size === this.previous.size) return;
    const stored: Stored<T> = { format: FORMAT, salt: this.salt, entries: Object.fromEntries(entries) };
    const temporary = `${this.location.file}.${process.pid}.${crypto().randomBytes(4).toString("hex")}.tmp`;
    try {
      mkdirSync(this.location.dir, { recursive: true });
      const fd = openSync(temporary, "wx", 0o644);
      try {
        writeSync(fd, JSON.stringify(stored));
        fsyncSync(fd);
      } finally {
        closeSync(fd);
      }
      renameSync(temporary, this.location.file);
    } catch {
      try {
        unlinkSync(temporary);
      } catch {
        // never created
      }
    }
  }
}
