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
 *
 * Beside the results it keeps a stat memo, as git's index does: per file its
 * size, mtime, ctime, inode and device with the digest of the bytes read
 * then. When a file's stat is still exactly that, its digest is trusted
 * without reading the file. A stat is remembered only when the file had not
 * changed for RACY_WINDOW_NS before the run began (its mtime and ctime are
 * older than that): a file written in the same tick as (or after) it was read
 * could otherwise keep its stat with other bytes. Such a file is read and
 * hashed again next run, which then remembers its stat.
 */
import { createRequire } from "node:module";
import {
  closeSync,
  fsyncSync,
  lstatSync,
  mkdirSync,
  openSync,
  readFileSync,
  readdirSync,
  realpathSync,
  renameSync,
  statSync,
  unlinkSync,
  writeSync,
} from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const FORMAT = 2;

/**
 * How much older than the start of the run a file's last change must be for
 * its stat to be remembered: more than one timestamp tick of any common
 * filesystem (1 s, 2 s on FAT) and than the lag of the kernel's coarse clock.
 */
export const RACY_WINDOW_NS = 2_000_000_000n;

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

/** What a regular file's stat says of it: the fields git's index compares, as one key, and when it last changed. */
export interface FileStamp {
  /** size, mtime and ctime (ns), inode and device. */
  key: string;
  size: number;
  /** The later of its mtime and ctime, in ns since the epoch. */
  changed: bigint;
}

/** The stamp of the file at `path` (not followed if a link); undefined when it is not a regular file. */
export function fileStamp(path: string): FileStamp | undefined {
  let stats: import("node:fs").BigIntStats | undefined;
  try {
    stats = lstatSync(path, { bigint: true, throwIfNoEntry: false });
  } catch {
    return undefined;
  }
  if (!stats?.isFile()) return undefined;
  // BigInts: no Math.max. An mtime set ahead (touch -d) counts as a change then.
  let changed = stats.ctimeNs;
  if (stats.mtimeNs > changed) changed = stats.mtimeNs;
  return { key: `${stats.size}:${stats.mtimeNs}:${stats.ctimeNs}:${stats.ino}:${stats.dev}`, size: Number(stats.size), changed };
}

/**
 * What the cache knows of one path: the digest of its bytes as last seen, the
 * stamp they were read under (when it may vouch for them), and the result
 * computed from them (when there is one).
 */
type StoredEntry<T> = [digest: string, stamp: string | null] | [digest: string, stamp: string | null, value: T];

interface Stored<T> {
  format: number;
  salt: string;
  entries: Record<string, StoredEntry<T>>;
}

interface Known<T> {
  digest: string;
  stamp: string | null;
  /** Set when `value` holds the result for `digest`. */
  computed: boolean;
  value?: T;
}

export interface OpenOptions {
  /** When the run began, in ms since the epoch (tests); defaults to the clock. */
  now?: number;
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
  /** What this run learnt, over what the previous run left. */
  private readonly next = new Map<string, Known<T>>();
  private changed = false;

  private constructor(
    private readonly location: CacheLocation | undefined,
    private readonly salt: string,
    private readonly previous: Map<string, Known<T>>,
    /** Files changed at or after this (ns since the epoch) may still change unseen under the same stat: their stat is not remembered. */
    private readonly racyFrom: bigint,
  ) {}

  /** A cache that remembers nothing and writes nothing (`--no-cache`, or nowhere to keep one). */
  static disabled<T>(): ResultCache<T> {
    return new ResultCache<T>(undefined, "", new Map(), 0n);
  }

  /** Opens the cache at `location` for results computed under `salt`; a missing, corrupt or foreign file is an empty cache. */
  static open<T>(location: CacheLocation, salt: string, isValue: (value: unknown) => value is T, options: OpenOptions = {}): ResultCache<T> {
    const racyFrom = BigInt(Math.floor(options.now ?? Date.now())) * 1_000_000n - RACY_WINDOW_NS;
    const previous = new Map<string, Known<T>>();
    try {
      const stored = JSON.parse(readFileSync(location.file, "utf8")) as Partial<Stored<unknown>>;
      if (stored && stored.format === FORMAT && stored.salt === salt && isObject(stored.entries)) {
        for (const [path, entry] of Object.entries(stored.entries)) {
          if (!Array.isArray(entry) || typeof entry[0] !== "string" || (entry[1] !== null && typeof entry[1] !== "string")) continue;
          if (entry.length === 3 && isValue(entry[2])) previous.set(path, { digest: entry[0], stamp: entry[1], computed: true, value: entry[2] });
          else if (entry.length === 2 && entry[1] !== null) previous.set(path, { digest: entry[0], stamp: entry[1], computed: false });
        }
      }
    } catch {
      // absent or unreadable: start empty
    }
    return new ResultCache<T>(location, salt, previous, racyFrom);
  }

  /** How many results the previous run left (none: every file is checked afresh this run). */
  get remembered(): number {
    return this.previous.size;
  }

  private known(path: string): Known<T> | undefined {
    return this.next.get(path) ?? this.previous.get(path);
  }

  /** This run's record of `path`, started from the previous run's. */
  private learnt(path: string): Known<T> {
    let known = this.next.get(path);
    if (!known) {
      const before = this.previous.get(path);
      known = before ? { ...before } : { digest: "", stamp: null, computed: false };
      this.next.set(path, known);
    }
    return known;
  }

  /** The value a previous run stored for `path` when its content digest is `digest`. */
  get(path: string, digest: string): T | undefined {
    const known = this.previous.get(path);
    return known?.computed && known.digest === digest ? known.value : undefined;
  }

  set(path: string, digest: string, value: T): void {
    const known = this.learnt(path);
    // A stamp vouches for the bytes it was noted with, no others.
    if (known.digest !== digest) known.stamp = null;
    known.digest = digest;
    known.computed = true;
    known.value = value;
    this.changed = true;
  }

  /** The digest of `path`'s bytes, when its stat is exactly the one a previous run remembered with it: the file need not be read. */
  knownDigest(path: string, stamp: FileStamp): string | undefined {
    const known = this.previous.get(path);
    return known && known.stamp === stamp.key ? known.digest : undefined;
  }

  /**
   * Notes that `path`, read under `stamp` (taken before it was read), has
   * bytes of `digest`; its stat is remembered only when the file had not
   * changed for a while before the run began (else it could change again
   * unseen under the same stat).
   */
  noteDigest(path: string, stamp: FileStamp, digest: string): void {
    const key = stamp.changed < this.racyFrom ? stamp.key : null;
    const before = this.known(path);
    if (before && before.digest === digest && before.stamp === key) return;
    const known = this.learnt(path);
    if (known.digest !== digest) {
      known.computed = false;
      known.value = undefined;
    }
    known.digest = digest;
    known.stamp = key;
    this.changed = true;
  }

  /**
   * Writes what is known of the files still in the registry (`present`):
   * what this run used, noted or computed, and what it did not look at (a
   * run over a few named files keeps the rest). Nothing is written when
   * nothing changed; a write that fails (read-only toolchain, full disk)
   * changes no result.
   */
  save(present: ReadonlySet<string>): void {
    if (!this.location) return;
    const entries: Array<[string, StoredEntry<T>]> = [];
    for (const path of present) {
      const known = this.known(path);
      if (known?.computed) entries.push([path, [known.digest, known.stamp, known.value as T]]);
      else if (known?.stamp) entries.push([path, [known.digest, known.stamp]]);
    }
    if (!this.changed && entries.length === this.previous.size) return;
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

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
