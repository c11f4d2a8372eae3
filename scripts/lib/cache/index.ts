/**
 * A content cache for per-file results (`validate` today): an entry is
 * trusted only when the file's bytes, its path and everything else its
 * result depends on (the salt: toolchain, rule severities, the date, the
 * cross-file facts) are exactly those it was computed from.
 *
 * One file per registry root, under the toolchain's
 * `node_modules/.cache/provider-registry/`: a JSON header line (format,
 * salt), one line per path (path, digest, stamp, the result as JSON), and a
 * trailer line that counts them. It is read once, written once at the end (a
 * temporary file, then a rename), so concurrent runs never see a torn file;
 * the last writer wins, and either writer's file is valid. A file without its
 * header or trailer, or of another format or salt, is ignored, and a result
 * that does not parse as what it should be is a miss: a cache is never
 * trusted when corrupt, only rebuilt. Results are parsed only when asked for,
 * so a run over one named file does not pay for the other ten thousand.
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
import { TOOLCHAIN_CACHE_DIR, TOOLCHAIN_ROOT } from "../toolchain.ts";

const FORMAT = 3;
const TRAILER = "end";
/** The cache is rewritten for new stats alone once they are at least one in this many of its entries. */
const RESTAMPS_PER_WRITE = 64;

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
 * computed from them (when there is one): as stored, until it is asked for.
 */
interface Known<T> {
  digest: string;
  stamp: string | null;
  /** The result as JSON, as read from the file ("" for none); parsed into `value` on first use. */
  stored: string;
  /** Set when `value` holds the result for `digest`. */
  computed: boolean;
  value?: T;
}

/**
 * JSON in plain ASCII (`\u2014` for `—`): the file stays ASCII, which is read
 * and split as one-byte text, several times faster than text with one
 * character outside it.
 */
function asciiJson(value: unknown): string {
  return JSON.stringify(value).replace(/[\u007f-\uffff]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

/** A path as one field of a line: itself, or as (ASCII) JSON when it holds anything but printable ASCII or starts with a quote. */
function pathField(path: string): string {
  return /[^\x20-\x7e]|^"/.test(path) ? asciiJson(path) : path;
}

function fieldPath(field: string): string | undefined {
  if (!field.startsWith('"')) return field;
  try {
    const path: unknown = JSON.parse(field);
    return typeof path === "string" ? path : undefined;
  } catch {
    return undefined;
  }
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
export function cacheLocation(root: string, purpose: string, base = TOOLCHAIN_CACHE_DIR): CacheLocation {
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
  /** Files whose bytes are as remembered but whose stat is new (touched, or restored): news, but little. */
  private restamped = 0;

  private constructor(
    private readonly location: CacheLocation | undefined,
    private readonly salt: string,
    private readonly previous: Map<string, Known<T>>,
    /** Files changed at or after this (ns since the epoch) may still change unseen under the same stat: their stat is not remembered. */
    private readonly racyFrom: bigint,
    private readonly isValue: (value: unknown) => value is T = (_value): _value is T => false,
  ) {}

  /** A cache that remembers nothing and writes nothing (`--no-cache`, or nowhere to keep one). */
  static disabled<T>(): ResultCache<T> {
    return new ResultCache<T>(undefined, "", new Map(), 0n);
  }

  /** Opens the cache at `location` for results computed under `salt`; a missing, corrupt or foreign file is an empty cache. */
  static open<T>(location: CacheLocation, salt: string, isValue: (value: unknown) => value is T, options: OpenOptions = {}): ResultCache<T> {
    const racyFrom = BigInt(Math.floor(options.now ?? Date.now())) * 1_000_000n - RACY_WINDOW_NS;
    return new ResultCache<T>(location, salt, readEntries<T>(location.file, salt), racyFrom, isValue);
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
      known = before ? { ...before } : { digest: "", stamp: null, stored: "", computed: false };
      this.next.set(path, known);
    }
    return known;
  }

  /** Short results (most are "no problems") are parsed once and shared: callers only read them. */
  private readonly short = new Map<string, unknown>();

  private parse(stored: string): unknown {
    if (stored.length > 64) return JSON.parse(stored);
    let value = this.short.get(stored);
    if (value === undefined) this.short.set(stored, (value = JSON.parse(stored)));
    return value;
  }

  /** The value a previous run stored for `path` when its content digest is `digest` (shared with other paths of the same result: read-only). */
  get(path: string, digest: string): T | undefined {
    const known = this.previous.get(path);
    if (!known || known.digest !== digest) return undefined;
    if (!known.computed && known.stored !== "") {
      // Parsed on first use; a result that is not what it should be is a miss (and is not kept).
      try {
        const value = this.parse(known.stored);
        if (this.isValue(value)) {
          known.value = value;
          known.computed = true;
        }
      } catch {
        // corrupt: as if absent
      }
      known.stored = "";
    }
    return known.computed ? known.value : undefined;
  }

  set(path: string, digest: string, value: T): void {
    const known = this.learnt(path);
    // A stamp vouches for the bytes it was noted with, no others.
    if (known.digest !== digest) known.stamp = null;
    known.digest = digest;
    known.computed = true;
    known.value = value;
    known.stored = "";
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
      known.stored = "";
      this.changed = true;
    } else {
      this.restamped++;
    }
    known.digest = digest;
    known.stamp = key;
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
    const kept: Array<[string, Known<T>]> = [];
    for (const path of present) {
      const known = this.known(path);
      if (known && (known.computed || known.stored !== "" || known.stamp)) kept.push([path, known]);
    }
    // New stats of a few files whose bytes did not change are not worth rewriting the whole cache for:
    // those files are read and hashed again next run, which costs less. (An old stat never matches again: ctimes only grow.)
    if (!this.changed && kept.length === this.previous.size && this.restamped * RESTAMPS_PER_WRITE < kept.length) return;
    const lines = [JSON.stringify({ format: FORMAT, salt: this.salt })];
    for (const [path, known] of kept) {
      // A result never asked for this run is written back as it was read.
      const value = known.computed ? asciiJson(known.value) : known.stored;
      lines.push(`${pathField(path)}\t${known.digest}\t${known.stamp ?? ""}\t${value}`);
    }
    lines.push(`${TRAILER}\t${kept.length}`, "");
    const temporary = `${this.location.file}.${process.pid}.${crypto().randomBytes(4).toString("hex")}.tmp`;
    try {
      mkdirSync(this.location.dir, { recursive: true });
      const fd = openSync(temporary, "wx", 0o644);
      try {
        writeSync(fd, lines.join("\n"));
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

/** The entries of a cache file written under `salt`; none when it is absent, of another format or salt, or not whole. */
function readEntries<T>(file: string, salt: string): Map<string, Known<T>> {
  const entries = new Map<string, Known<T>>();
  let lines: string[];
  try {
    lines = readFileSync(file, "utf8").split("\n");
    const header = JSON.parse(lines[0]!) as { format?: unknown; salt?: unknown } | null;
    if (header?.format !== FORMAT || header.salt !== salt) return entries;
  } catch {
    return entries; // absent or unreadable: start empty
  }
  // Whole only with its trailer, which counts the lines between, and a final line break.
  const count = lines.length - 3;
  if (count < 0 || lines[lines.length - 1] !== "" || lines[lines.length - 2] !== `${TRAILER}\t${count}`) return entries;
  for (let i = 1; i <= count; i++) {
    const fields = lines[i]!.split("\t");
    if (fields.length !== 4) return new Map();
    const [pathText, digest, stamp, stored] = fields as [string, string, string, string];
    const path = fieldPath(pathText);
    if (path === undefined || digest === "" || (stamp === "" && stored === "")) return new Map();
    entries.set(path, { digest, stamp: stamp === "" ? null : stamp, stored, computed: false });
  }
  return entries;
}
