/**
 * Writing the build's artifacts — or, with `--check`, comparing them with what
 * is on disk without writing anything.
 *
 * Content arrives as a stream of text chunks and leaves in ~1 MB batches:
 * a view is never one string. Writing goes to temporary files (the shared
 * atomic writer, ../atomic-write.ts) that replace the real ones only once
 * every artifact is complete, so a failed build leaves the previous
 * artifacts whole. Checking reads each existing file
 * alongside and compares byte ranges as they come; an artifact's copies
 * that are hard links to one file (as the build writes them) are read once.
 */
import { closeSync, mkdirSync, openSync, readdirSync, readSync, statSync, unlinkSync } from "node:fs";
import { dirname, join } from "node:path";
import { AtomicFile } from "../atomic-write.ts";
import type { ByteSink } from "./arena.ts";

export type ArtifactState = "written" | "fresh" | "stale" | "missing" | "unexpected" | "removed";

export interface ArtifactResult {
  /** Relative to the registry root, `/`-separated. */
  path: string;
  state: ArtifactState;
}

interface Sink {
  write(bytes: Buffer): void;
  /** Finishes the content; the result for this path. */
  end(): ArtifactState;
  abort(): void;
}

const BATCH = 1 << 20;
/** Worst-case UTF-8 bytes per UTF-16 code unit. */
const MAX_BYTES_PER_UNIT = 3;

/**
 * Writes one content to a temporary file (the shared atomic writer); its
 * other paths get the same bytes as hard links (a copy where linking is
 * refused), so a 200 MB view is written to disk once however many copies
 * the build ships. Nothing replaces the real files until `commit`.
 */
class FileWriter implements Sink {
  private readonly file: AtomicFile;

  constructor(private readonly targets: readonly string[]) {
    for (const target of targets) mkdirSync(dirname(target), { recursive: true });
    // Not flushed to disk: a build is made again by running it again.
    this.file = new AtomicFile(targets[0]!, { durable: false });
  }

  write(bytes: Buffer): void {
    this.file.write(bytes);
  }

  end(): ArtifactState {
    this.file.close();
    for (const copy of this.targets.slice(1)) this.file.alsoAt(copy);
    return "written";
  }

  commit(): void {
    this.file.commit();
  }

  abort(): void {
    this.file.abort();
  }
}

class FileComparer implements Sink {
  private fd: number | undefined;
  private state: ArtifactState = "fresh";
  private buffer = Buffer.alloc(0);

  constructor(target: string) {
    try {
      this.fd = openSync(target, "r");
    } catch {
      this.state = "missing";
    }
  }

  write(bytes: Buffer): void {
    if (this.state !== "fresh" || this.fd === undefined) return;
    if (this.buffer.length < bytes.length) this.buffer = Buffer.alloc(Math.max(bytes.length, BATCH));
    const existing = this.read(bytes.length);
    if (existing.length !== bytes.length || !existing.equals(bytes)) this.state = "stale";
  }

  private read(length: number): Buffer {
    let filled = 0;
    while (filled < length) {
      const n = readSync(this.fd!, this.buffer, filled, length - filled, null);
      if (n === 0) break;
      filled += n;
    }
    return this.buffer.subarray(0, filled);
  }

  end(): ArtifactState {
    // Anything left in the file beyond the expected content makes it stale too.
    if (this.state === "fresh" && this.fd !== undefined && this.read(1).length > 0) this.state = "stale";
    this.abort();
    return this.state;
  }

  abort(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
  }
}

/** Collects bytes into batches of about 1 MB; `flush` must consume each batch before returning. */
class Batcher implements ByteSink {
  private readonly buffer = Buffer.allocUnsafe(BATCH);
  private used = 0;

  constructor(private readonly flush: (bytes: Buffer) => void) {}

  text(text: string): void {
    if (text.length * MAX_BYTES_PER_UNIT > this.buffer.length - this.used) {
      this.drain();
      if (text.length * MAX_BYTES_PER_UNIT > this.buffer.length) {
        this.flush(Buffer.from(text, "utf8"));
        return;
      }
    }
    this.used += this.buffer.write(text, this.used, "utf8");
  }

  bytes(source: Buffer, start: number, end: number): void {
    const length = end - start;
    if (length > this.buffer.length - this.used) {
      this.drain();
      if (length > this.buffer.length) {
        this.flush(source.subarray(start, end));
        return;
      }
    }
    this.used += source.copy(this.buffer, this.used, start, end);
  }

  drain(): void {
    if (this.used === 0) return;
    this.flush(this.buffer.subarray(0, this.used));
    this.used = 0;
  }
}

export class Artifacts {
  private readonly results: ArtifactResult[] = [];
  private readonly pending: FileWriter[] = [];
  private readonly expected = new Set<string>();

  constructor(
    private readonly root: string,
    /** Compare with the files on disk instead of writing them. */
    readonly check: boolean,
  ) {}

  /**
   * One artifact, written to every path given (identical files): a text, or
   * a producer that writes its bytes to a sink. `observe` sees every byte.
   */
  emit(paths: readonly string[], content: string | ((out: ByteSink) => void), observe?: (bytes: Buffer) => void): void {
    for (const path of paths) this.expected.add(path);
    const targets = paths.map((path) => join(this.root, path));
    let sinks: Sink[];
    /** For each path, the sink whose result it shares (a hard link to an earlier path is compared once). */
    let resultOf: number[] = paths.map((_, i) => i);
    if (this.check) {
      const { distinct, same } = distinctFiles(targets);
      sinks = distinct.map((target) => new FileComparer(target));
      resultOf = same;
    } else {
      const writer = new FileWriter(targets);
      this.pending.push(writer);
      sinks = [writer];
    }
    try {
      const batcher = new Batcher((bytes) => {
        observe?.(bytes);
        for (const sink of sinks) sink.write(bytes);
      });
      if (typeof content === "string") batcher.text(content);
      else content(batcher);
      batcher.drain();
      const states = sinks.map((sink) => sink.end());
      paths.forEach((path, i) => this.results.push({ path, state: states[resultOf[i]!] ?? states[0]! }));
    } catch (error) {
      for (const sink of sinks) sink.abort();
      throw error;
    }
  }

  /**
   * Puts every written file in place and returns what happened to each
   * artifact. Files under the `generatedDirectories` (wholly owned by the
   * build, such as `dist/npm` and `dist/site`) that no artifact accounts for are reported when
   * checking and removed when writing.
   */
  finish(...generatedDirectories: string[]): ArtifactResult[] {
    for (const writer of this.pending) writer.commit();
    this.pending.length = 0;
    for (const generatedDirectory of generatedDirectories) {
      for (const path of listFiles(this.root, generatedDirectory)) {
        if (this.expected.has(path)) continue;
        if (this.check) this.results.push({ path, state: "unexpected" });
        else {
          unlinkSync(join(this.root, path));
          this.results.push({ path, state: "removed" });
        }
      }
    }
    return this.results;
  }

  /** Drops every temporary file (after a failure). */
  abort(): void {
    for (const writer of this.pending) writer.abort();
    this.pending.length = 0;
  }
}

/**
 * The targets to read when checking: a path that is a hard link to an
 * earlier one (as `build` writes the package's copies of the views) is the
 * same bytes, so it is read once. `same[i]` is the index in `distinct` whose
 * result path `i` takes.
 */
function distinctFiles(targets: readonly string[]): { distinct: string[]; same: number[] } {
  const distinct: string[] = [];
  const same: number[] = [];
  const seen = new Map<string, number>();
  for (const target of targets) {
    let identity: string | undefined;
    try {
      const stats = statSync(target, { bigint: true });
      if (stats.isFile()) identity = `${stats.dev}:${stats.ino}`;
    } catch {
      // missing: compared (and reported) on its own
    }
    const earlier = identity === undefined ? undefined : seen.get(identity);
    if (earlier !== undefined) {
      same.push(earlier);
      continue;
    }
    if (identity !== undefined) seen.set(identity, distinct.length);
    same.push(distinct.length);
    distinct.push(target);
  }
  return { distinct, same };
}

function listFiles(root: string, directory: string): string[] {
  let entries: import("node:fs").Dirent[];
  try {
    entries = readdirSync(join(root, directory), { withFileTypes: true });
  } catch {
    return [];
  }
  const files: string[] = [];
  for (const entry of entries) {
    const path = `${directory}/${entry.name}`;
    if (entry.isDirectory()) files.push(...listFiles(root, path));
    else files.push(path);
  }
  return files.sort();
}
