/**
 * `build`'s content cache: what the collectors derived from each provider
 * file — each view's rendered provider (or that the view left it out), the
 * views' warnings, the catalogue's rows — and the file's validation result,
 * keyed by the file's bytes and a salt of everything else they depend on
 * (validate's provider salt: toolchain, rule severities, day, canonical ids;
 * plus the views built and this format). A rebuild parses and renders only
 * the files that changed.
 *
 * On disk, beside the toolchain (../cache: `cacheLocation(root, "build")`):
 *
 * - `<key>.json`, the index: per file its digest, name, problems, catalogue
 *   rows (compact JSON text) and, per view, where its rendering lies;
 * - `<key>.<generation>.<view>.bin`, the renderings, appended in arrival
 *   order by the run that rendered them. A later run references the blobs of
 *   earlier generations for its unchanged files and writes only what it
 *   rendered into a blob of its own; when dead bytes outweigh live ones (or
 *   too many generations pile up) a view's live bytes are rewritten into the
 *   new blob, and the blobs no index references are removed.
 *
 * Every file is written through the shared atomic writer (a blob under its
 * final name is complete; the index is replaced whole and flushed). An index
 * of another format or salt, a blob that is missing or not the size its index
 * says, or a rendering that does not read as one, is never trusted: the
 * files concerned are built afresh (a rendering found damaged while writing
 * makes the build start again without the cache). Concurrent runs each write
 * their own blobs; the last index written wins, and a blob its loser still
 * reads stays readable until it closes it (it was opened when the run began).
 *
 * Without a cache (`--no-cache`) the renderings still go to a scratch file,
 * removed at the end: only one view's bytes are ever in memory.
 */
import { closeSync, fstatSync, mkdirSync, openSync, readdirSync, readFileSync, readSync, statSync, unlinkSync, utimesSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { AtomicFile, temporaryWriter } from "../atomic-write.ts";
import { cacheLocation, contentDigest } from "../cache/index.ts";
import type { Problem } from "../problems.ts";
import type { ProviderOutcome } from "../validate.ts";
import { decodeYaml } from "../yaml/index.ts";
import type { SiteCollector } from "../site/collect.ts";
import { ItemsUnreadable, storedLength, type ItemRef, type ItemStorage, type LoadedItems, type ProviderRecord, type SnapshotCollector } from "./views.ts";
import { collectFully, collectGarbage } from "./garbage.ts";
import type { ViewName } from "./view-formats.ts";

const FORMAT = 2;
/** Rewrite a view's live bytes into this run's blob when the blobs it references hold more than this many times as much. */
const MAX_WASTE = 2;
/** …or when its renderings are spread over more blobs than this. */
const MAX_GENERATIONS = 6;
/** Blobs and temporaries of this root no index references, older than this, are a dead run's leftovers. */
const LEFTOVER_AGE_MS = 60 * 60 * 1000;
/** The files of a root whose index has not been replaced for this long are removed by any build. */
const ABANDONED_AGE_MS = 7 * 24 * 60 * 60 * 1000;
const BATCH = 1 << 20;
/**
 * Bun lets its heap grow far beyond what is live before collecting (the
 * files' bytes, read and digested, are garbage at once): on a warm build it
 * is asked to collect after every this many bytes of files answered for.
 */
const COLLECT_EVERY_BYTES = 32 << 20;
/** The largest read into one Buffer chunk when loading a view (offsets into it are 32-bit). */
const LOAD_CHUNK = 1 << 30;

/** A view's rendering as the index keeps it: blob name, offset, length, entry count. */
type StoredRef = [blob: string, offset: number, length: number, entries: number];

interface StoredFile {
  digest: string;
  name: string;
  problems: Problem[];
  /** Present when the file passed its schema (the collectors received it). */
  data: { entries: number; views: Array<StoredRef | null>; warnings: Array<[ViewName, string]>; rows: string } | null;
}

/** The index's first line: what its files were computed under, and the blobs they reference. */
interface StoredHeader {
  format: number;
  salt: string;
  views: ViewName[];
  /** Blob name → its size in bytes. */
  blobs: Record<string, number>;
}

/** The whole index: the header line, then the files (path → StoredFile) on the second. */
interface StoredIndex extends StoredHeader {
  files: Record<string, StoredFile>;
}

/** The first line of an index file, parsed; undefined when there is none or it does not parse. */
function readHeader(path: string): StoredHeader | undefined {
  let fd: number;
  try {
    fd = openSync(path, "r");
  } catch {
    return undefined;
  }
  try {
    const chunks: Buffer[] = [];
    const buffer = Buffer.allocUnsafe(64 << 10);
    let position = 0;
    for (;;) {
      const n = readSync(fd, buffer, 0, buffer.length, position);
      if (n === 0) return undefined;
      const newline = buffer.subarray(0, n).indexOf(0x0a);
      chunks.push(Buffer.from(buffer.subarray(0, newline < 0 ? n : newline)));
      if (newline >= 0) return JSON.parse(Buffer.concat(chunks).toString("utf8")) as StoredHeader;
      position += n;
      if (position > 16 << 20) return undefined;
    }
  } catch {
    return undefined;
  } finally {
    closeSync(fd);
  }
}

function isStoredIndex(value: unknown, views: readonly ViewName[]): value is StoredIndex {
  const index = value as Partial<StoredIndex> | null;
  return (
    typeof index === "object" &&
    index !== null &&
    index.format === FORMAT &&
    typeof index.salt === "string" &&
    Array.isArray(index.views) &&
    index.views.join(",") === views.join(",") &&
    typeof index.blobs === "object" &&
    index.blobs !== null &&
    typeof index.files === "object" &&
    index.files !== null
  );
}

function isStoredFile(value: unknown, views: number): value is StoredFile {
  const file = value as Partial<StoredFile> | null;
  if (typeof file !== "object" || file === null || typeof file.digest !== "string" || typeof file.name !== "string" || !Array.isArray(file.problems))
    return false;
  if (file.data === null) return true;
  const data = file.data;
  return (
    typeof data === "object" &&
    data !== undefined &&
    typeof data.entries === "number" &&
    typeof data.rows === "string" &&
    Array.isArray(data.warnings) &&
    Array.isArray(data.views) &&
    data.views.length === views &&
    data.views.every(
      (ref) =>
        ref === null ||
        (Array.isArray(ref) &&
          ref.length === 4 &&
          typeof ref[0] === "string" &&
          Number.isSafeInteger(ref[1]) &&
          Number.isSafeInteger(ref[2]) &&
          ref[2] > 0 &&
          Number.isSafeInteger(ref[3])),
    )
  );
}

interface Blob {
  name: string;
  /** -1 once closed. */
  fd: number;
  size: number;
  /** This run's blob of a view, while it is being written. */
  writer?: BlobWriter;
}

/** Appends to one new blob through the atomic writer, in ~1 MB batches; readable while written. */
class BlobWriter {
  private readonly file: AtomicFile;
  private temporary = "";
  readonly fd: number;
  private readonly buffer = Buffer.allocUnsafe(BATCH);
  private used = 0;
  /** Bytes appended so far (written or batched). */
  size = 0;

  constructor(readonly path: string) {
    this.file = new AtomicFile(path, { durable: false, beforeCreate: (temporary) => (this.temporary = temporary) });
    this.fd = openSync(this.temporary, "r");
  }

  /** Appends `parts` one after the other; returns where the first starts. */
  append(...parts: Buffer[]): number {
    const offset = this.size;
    for (const part of parts) {
      if (part.length > BATCH - this.used) {
        this.flush();
        if (part.length > BATCH) {
          this.file.write(part);
          this.size += part.length;
          continue;
        }
      }
      this.used += part.copy(this.buffer, this.used);
      this.size += part.length;
    }
    return offset;
  }

  flush(): void {
    if (this.used === 0) return;
    this.file.write(this.buffer.subarray(0, this.used));
    this.used = 0;
  }

  commit(): void {
    this.flush();
    this.file.commit();
  }

  abort(): void {
    closeSync(this.fd);
    this.file.abort();
  }

  closeReader(): void {
    closeSync(this.fd);
  }
}

function readFully(fd: number, target: Buffer, at: number, length: number, position: number): void {
  let filled = 0;
  while (filled < length) {
    const n = readSync(fd, target, at + filled, length - filled, position + filled);
    if (n === 0) throw new RangeError("short read");
    filled += n;
  }
}

/**
 * The renderings' storage for one run: the blobs of earlier runs it found
 * (read-only), and one blob per view of its own.
 */
class BlobStorage implements ItemStorage {
  readonly blobs: Blob[] = [];
  private readonly byName = new Map<string, number>();
  private readonly own = new Map<ViewName, number>();
  /** A view's live renderings were rewritten into this run's blob (the index must be written). */
  compacted = false;
  private readonly generation = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`;

  constructor(
    private readonly dir: string,
    private readonly prefix: string,
  ) {}

  /** Opens an earlier run's blob; undefined when it is missing or not `size` bytes. */
  open(name: string, size: number): number | undefined {
    const known = this.byName.get(name);
    if (known !== undefined) return known;
    let fd: number;
    try {
      fd = openSync(join(this.dir, name), "r");
    } catch {
      return undefined;
    }
    if (!fstatSync(fd).isFile() || fstatSync(fd).size !== size) {
      closeSync(fd);
      return undefined;
    }
    const id = this.blobs.push({ name, fd, size }) - 1;
    this.byName.set(name, id);
    return id;
  }

  private ownBlob(view: ViewName): number {
    let id = this.own.get(view);
    if (id === undefined) {
      mkdirSync(this.dir, { recursive: true });
      const name = `${this.prefix}.${this.generation}.${view}.bin`;
      const writer = new BlobWriter(join(this.dir, name));
      id = this.blobs.push({ name, fd: writer.fd, size: 0, writer }) - 1;
      this.byName.set(name, id);
      this.own.set(view, id);
    }
    return id;
  }

  append(view: ViewName, item: Buffer, places: Buffer): [number, number, number] {
    const id = this.ownBlob(view);
    return [id, this.blobs[id]!.writer!.append(item, places), item.length];
  }

  load(view: ViewName, refs: readonly ItemRef[]): LoadedItems {
    for (const blob of this.blobs) blob.writer?.flush();
    // Read in blob order, each run of adjacent renderings at once.
    const order = refs.map((_, i) => i).sort((a, b) => refs[a]![0] - refs[b]![0] || refs[a]![1] - refs[b]![1]);
    const chunkOf = new Int32Array(refs.length);
    const start = new Float64Array(refs.length);
    const end = new Float64Array(refs.length);
    const sizes: number[] = [];
    let size = 0;
    for (const i of order) {
      const length = storedLength(refs[i]!);
      if (size + length > LOAD_CHUNK && size > 0) {
        sizes.push(size);
        size = 0;
      }
      chunkOf[i] = sizes.length;
      start[i] = size;
      end[i] = size + refs[i]![2];
      size += length;
    }
    sizes.push(size);
    const chunks = sizes.map((bytes) => Buffer.allocUnsafe(bytes));
    for (let k = 0; k < order.length; ) {
      const first = refs[order[k]!]!;
      let last = k;
      let length = storedLength(first);
      while (last + 1 < order.length) {
        const next = refs[order[last + 1]!]!;
        const i = order[last + 1]!;
        if (next[0] !== first[0] || next[1] !== first[1] + length || chunkOf[i] !== chunkOf[order[k]!]) break;
        length += storedLength(next);
        last++;
      }
      const i = order[k]!;
      try {
        readFully(this.blobs[first[0]]!.fd, chunks[chunkOf[i]!]!, start[i]!, length, first[1]);
      } catch (error) {
        throw new ItemsUnreadable(`the cached ${view} renderings cannot be read: ${(error as Error).message}`);
      }
      k = last + 1;
    }
    this.maybeCompact(view, refs, chunks, chunkOf, start);
    return { chunks, chunkOf, start, end };
  }

  /**
   * Rewrites a view's live renderings into this run's blob when the blobs
   * they are spread over are mostly dead bytes, or too many; the refs (shared
   * with the records the index will keep) are pointed at the copy.
   */
  private maybeCompact(view: ViewName, refs: readonly ItemRef[], chunks: Buffer[], chunkOf: Int32Array, start: Float64Array): void {
    const own = this.own.get(view);
    const live = new Map<number, number>();
    for (const ref of refs) if (ref[0] !== own) live.set(ref[0], (live.get(ref[0]) ?? 0) + storedLength(ref));
    if (live.size === 0) return;
    let liveBytes = 0;
    let total = 0;
    for (const [blob, bytes] of live) {
      liveBytes += bytes;
      total += this.blobs[blob]!.size;
    }
    if (total <= MAX_WASTE * liveBytes && live.size < MAX_GENERATIONS) return;
    this.compacted = true;
    const id = this.ownBlob(view);
    const writer = this.blobs[id]!.writer!;
    const bases = chunks.map((chunk) => writer.append(chunk));
    refs.forEach((ref, i) => {
      // In place: the record the index keeps and the view share this ref.
      ref[0] = id;
      ref[1] = bases[chunkOf[i]!]! + start[i]!;
    });
  }

  /** Puts this run's blobs in place (renamed to their names); their sizes by name. */
  commit(): Map<string, number> {
    const sizes = new Map<string, number>();
    for (const blob of this.blobs) {
      if (!blob.writer) continue;
      if (blob.writer.size === 0) {
        blob.writer.abort();
        blob.fd = -1;
      } else {
        blob.writer.commit();
        blob.size = blob.writer.size;
      }
      blob.writer = undefined;
    }
    for (const blob of this.blobs) if (blob.size > 0) sizes.set(blob.name, blob.size);
    return sizes;
  }

  /** Closes every blob; this run's own are removed unless committed. */
  close(): void {
    for (const blob of this.blobs) {
      try {
        if (blob.writer) blob.writer.abort();
        else if (blob.fd >= 0) closeSync(blob.fd);
      } catch {
        // already closed
      }
    }
    this.blobs.length = 0;
  }

  /** The id of a blob opened (or written) this run; undefined when it could not be opened. */
  lookup(name: string): number | undefined {
    return this.byName.get(name);
  }

  /** The id of a blob opened (or written) this run. */
  idOf(name: string): number {
    return this.byName.get(name)!;
  }

  nameOf(blob: number): string {
    return this.blobs[blob]!.name;
  }
}

export interface BuildCacheOptions {
  root: string;
  views: readonly ViewName[];
  /** Keep nothing between runs (`--no-cache`): the renderings go to a scratch file removed at the end. */
  disabled?: boolean;
  /** Where cache files live (tests); default: beside the toolchain. */
  base?: string;
}

export type ProviderChecker = (file: string, bytes: Buffer, check: () => Promise<ProviderOutcome>) => Promise<ProviderOutcome>;

export class BuildCache {
  readonly storage: BlobStorage;
  private readonly previous: Map<string, StoredFile>;
  private readonly previousBlobs: Set<string>;
  private readonly next = new Map<string, StoredFile>();
  private readonly index: string | undefined;
  private readonly dir: string;
  private readonly prefix: string;
  private storedSalt = "";
  private sinceCollect = 0;
  /** The salt of the index found is this run's. */
  private trusted = false;
  /** Every file of the index found was answered for and no other was checked: it need not be written again. */
  private unchanged = false;
  /** Files answered from the cache, and files checked, this run (for tests and the build's summary). */
  hits = 0;
  misses = 0;

  /** The collector's records of the files kept: their refs are resolved to blob names when saving (a compaction may move them). */
  private readonly records = new Map<string, ProviderRecord>();

  constructor(private readonly options: BuildCacheOptions) {
    this.previous = new Map();
    this.previousBlobs = new Set();
    if (options.disabled) {
      this.dir = join(tmpdir(), "provider-registry-build");
      this.prefix = `scratch-${process.pid}`;
      this.index = undefined;
      this.storage = new BlobStorage(this.dir, this.prefix);
      removeDeadScratch(this.dir);
      return;
    }
    const location = options.base === undefined ? cacheLocation(options.root, "build") : cacheLocation(options.root, "build", options.base);
    this.dir = location.dir;
    this.index = location.file;
    this.prefix = location.file.slice(location.dir.length + 1).replace(/\.json$/, "");
    this.storage = new BlobStorage(this.dir, this.prefix);
    // The header (format, salt, views, blobs) alone is read now; the files only when the salt is this run's.
    const header = readHeader(location.file);
    if (!header || !isStoredIndex({ ...header, files: {} }, options.views)) return;
    this.storedSalt = header.salt;
    this.storedBlobs = header.blobs;
    for (const [name, size] of Object.entries(header.blobs)) {
      this.previousBlobs.add(name);
      // Opened now, so a run that removes them meanwhile leaves them readable to this one.
      if (name.startsWith(`${this.prefix}.`) && Number.isSafeInteger(size)) this.storage.open(name, size);
    }
  }

  private storedBlobs: Record<string, number> = {};

  /** The previous run's files, read when its salt is this run's. */
  private readFiles(): void {
    let files: unknown;
    try {
      const text = readFileSync(this.index!, "utf8");
      files = JSON.parse(text.slice(text.indexOf("\n") + 1));
    } catch {
      return;
    }
    if (typeof files !== "object" || files === null) return;
    for (const [path, file] of Object.entries(files as Record<string, unknown>)) {
      if (!isStoredFile(file, this.options.views.length)) continue;
      const unavailable = (ref: StoredRef | null) =>
        ref !== null && (this.storage.lookup(ref[0]) === undefined || ref[1] + storedLength(ref) > (this.storedBlobs[ref[0]] ?? 0));
      if (file.data?.views.some(unavailable)) continue;
      this.previous.set(path, file);
    }
  }

  /**
   * validate's hook (`reuseProviderResults`): answers for a provider file
   * from the cache when its bytes and the salt are those of a stored result,
   * handing the stored renderings and rows to the collectors; otherwise lets
   * `check` run (the collectors receive the file) and keeps what it gave.
   */
  checker(validateSalt: string, collector: SnapshotCollector, site: SiteCollector): ProviderChecker {
    const salt = contentDigest(`${FORMAT}\n${validateSalt}\n${this.options.views.join(",")}`);
    const trusted = salt === this.storedSalt;
    this.trusted = trusted;
    if (trusted) this.readFiles();
    this.storedSalt = salt;
    site.keepRows = true;
    return async (file, bytes, check) => {
      const digest = contentDigest(bytes);
      const stored = trusted ? this.previous.get(file) : undefined;
      if (stored && stored.digest === digest) {
        this.hits++;
        if (stored.data) {
          const views = stored.data.views.map((ref) => ref && ([this.storage.idOf(ref[0]), ref[1], ref[2], ref[3]] as ItemRef));
          const record: ProviderRecord = { name: stored.name, entries: stored.data.entries, views, warnings: stored.data.warnings };
          collector.add(file, record);
          site.addRows(stored.data.rows);
          this.next.set(file, { ...stored, data: { ...stored.data, views: [] } });
          this.records.set(file, record);
        } else {
          this.next.set(file, stored);
        }
        // The text is for excerpts of the errors that refuse a build: a file with warnings only needs none.
        const refusing = stored.problems.some((problem) => problem.severity === "error");
        if ((this.sinceCollect += bytes.length) > COLLECT_EVERY_BYTES) {
          this.sinceCollect = 0;
          collectGarbage();
        }
        return { name: stored.name, problems: stored.problems, ...(refusing ? { text: decodeYaml(bytes) } : {}) };
      }
      this.misses++;
      collector.lastRecord = undefined;
      site.lastRows = undefined;
      const outcome = await check();
      // A file named unlike its stem depends on the other files' names (validate never caches it either).
      if (typeof outcome.name === "string" && file === `providers/${outcome.name}.yaml`) {
        const record = collector.lastRecord as ProviderRecord | undefined;
        const rows = site.lastRows as string | undefined;
        const data = record && rows !== undefined ? { entries: record.entries, views: [], warnings: record.warnings, rows } : null;
        this.next.set(file, { digest, name: outcome.name, problems: outcome.problems, data });
        if (record && data) this.records.set(file, record);
      }
      return outcome;
    };
  }

  /** Every provider file has been seen: what the previous run left is no longer needed. */
  endOfFiles(): void {
    this.unchanged = this.trusted && this.misses === 0 && this.hits === this.previous.size;
    this.previous.clear();
  }

  /**
   * Puts this run's blobs and the index in place, then removes the blobs no
   * index references any more. A failure to write changes no build result.
   */
  save(): void {
    if (this.options.disabled || this.index === undefined) {
      this.storage.close();
      return;
    }
    try {
      const sizes = this.storage.commit();
      if (this.unchanged && !this.storage.compacted) {
        // Every file answered, nothing new: the index stays (touched, so the root does not look abandoned).
        const now = new Date();
        utimesSync(this.index, now, now);
        this.removeUnreferenced(new Set(Object.keys(this.storedBlobs)));
        return;
      }
      const refsOf = (path: string, file: StoredFile): Array<StoredRef | null> | undefined => {
        const record = this.records.get(path);
        if (!file.data || !record) return undefined;
        return record.views.map((ref) => (ref ? ([this.storage.nameOf(ref[0]), ref[1], ref[2], ref[3]] as StoredRef) : null));
      };
      const used = new Set<string>();
      for (const [path, file] of this.next) for (const ref of refsOf(path, file) ?? []) if (ref) used.add(ref[0]);
      const blobs: Record<string, number> = {};
      for (const name of used) blobs[name] = sizes.get(name)!;
      const header: StoredHeader = { format: FORMAT, salt: this.storedSalt, views: [...this.options.views], blobs };
      // What the collectors held is garbage by now: collected before the index is written, a file at a time.
      collectFully();
      const index = new AtomicFile(this.index);
      try {
        let pending = `${JSON.stringify(header)}\n{`;
        let first = true;
        for (const [path, file] of this.next) {
          const views = refsOf(path, file);
          const entry = views && file.data ? { ...file, data: { ...file.data, views } } : file;
          pending += `${first ? "" : ","}${JSON.stringify(path)}:${JSON.stringify(entry)}`;
          first = false;
          if (pending.length > BATCH) {
            index.write(Buffer.from(pending, "utf8"));
            pending = "";
          }
        }
        index.write(Buffer.from(`${pending}}`, "utf8"));
        index.commit();
      } catch (error) {
        index.abort();
        throw error;
      }
      this.removeUnreferenced(new Set(used));
    } catch {
      // a read-only toolchain or a full disk: the next build starts cold
    } finally {
      this.storage.close();
    }
  }

  /** Blobs the previous index referenced and this one does not; leftovers of dead runs. */
  private removeUnreferenced(used: ReadonlySet<string>): void {
    let names: string[];
    try {
      names = readdirSync(this.dir);
    } catch {
      return;
    }
    const now = Date.now();
    // Roots not built for a week (a temporary copy, a removed checkout): all their files go.
    const abandoned = new Set<string>();
    for (const name of names) {
      if (!name.endsWith(".json") || name === `${this.prefix}.json`) continue;
      try {
        if (now - statSync(join(this.dir, name)).mtimeMs > ABANDONED_AGE_MS) abandoned.add(name.slice(0, -".json".length));
      } catch {
        // removed meanwhile
      }
    }
    for (const name of names) {
      if (used.has(name)) continue;
      const root = name.replace(/^\./, "").split(".")[0]!;
      if (abandoned.has(root)) {
        const writer = temporaryWriter(name);
        if (writer === undefined || !alive(writer)) removeFile(join(this.dir, name));
        continue;
      }
      const ours = name.startsWith(`${this.prefix}.`) && name.endsWith(".bin");
      const writer = temporaryWriter(name);
      const temporaryOfOurs = writer !== undefined && name.startsWith(`.${this.prefix}.`);
      if (!ours && !temporaryOfOurs) continue;
      const path = join(this.dir, name);
      let stale = this.previousBlobs.has(name);
      if (!stale) {
        try {
          stale = now - statSync(path).mtimeMs > LEFTOVER_AGE_MS && (writer === undefined || !alive(writer));
        } catch {
          continue;
        }
      }
      if (stale) removeFile(path);
    }
  }

  /** Drops everything of this run's (after a failure), keeping the previous index as it was. */
  abort(): void {
    this.storage.close();
  }

  /** Forgets the index (a damaged rendering was found): the next run starts cold. */
  discard(): void {
    this.storage.close();
    if (this.index === undefined) return;
    try {
      unlinkSync(this.index);
    } catch {
      // already gone
    }
  }
}

/** Scratch files of builds that died before removing them (their writer is gone). */
function removeDeadScratch(dir: string): void {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return;
  }
  for (const name of names) {
    const writer = temporaryWriter(name);
    if (name.startsWith(".scratch-") && writer !== undefined && !alive(writer)) removeFile(join(dir, name));
  }
}

function removeFile(path: string): void {
  try {
    unlinkSync(path);
  } catch {
    // another run removed it
  }
}

/** Removes the content cache of a registry root (its index and blobs), as a benchmark does with the temporary corpora it built. */
export function removeBuildCache(root: string, base?: string): void {
  const location = base === undefined ? cacheLocation(root, "build") : cacheLocation(root, "build", base);
  const prefix = location.file.slice(location.dir.length + 1).replace(/\.json$/, "");
  let names: string[];
  try {
    names = readdirSync(location.dir);
  } catch {
    return;
  }
  for (const name of names)
    if (name === `${prefix}.json` || name.startsWith(`${prefix}.`) || name.startsWith(`.${prefix}.`)) removeFile(join(location.dir, name));
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
