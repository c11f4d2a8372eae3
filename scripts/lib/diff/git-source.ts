/**
 * A registry as it was at a git commit, read from the object database: the
 * working tree, the index and HEAD are never touched, so `diff` can compare
 * a pull request with its base while the checkout stays as it is.
 *
 * Listing is one `git ls-tree`; file contents come from `git cat-file --batch`
 * in windows of files (in the order `validate` reads them), so a large
 * registry costs a few processes and only one window of bytes in memory.
 */
import { spawnSync } from "node:child_process";
import type { EntryType, ReadResult, RegistrySource, SourceEntry } from "../source.ts";
import { CANONICAL_FILE, CONFIG_FILE, MODELS_DIR, PROVIDERS_DIR } from "../registry-layout.ts";

/** Why a git command could not give what was asked; the CLI turns it into a usage error. */
export class GitError extends Error {}

const WINDOW_FILES = 256;
const WINDOW_BYTES = 32 * 1024 * 1024;

function git(cwd: string, args: string[], input?: Buffer | string): { code: number; stdout: Buffer; stderr: string } {
  const result = spawnSync("git", args, {
    cwd,
    input,
    maxBuffer: 1024 * 1024 * 1024,
    env: { ...process.env, GIT_TERMINAL_PROMPT: "0", GIT_OPTIONAL_LOCKS: "0", LC_ALL: "C" },
  });
  if (result.error) {
    const code = (result.error as NodeJS.ErrnoException).code;
    throw new GitError(
      code === "ENOENT" ? "git is not installed (or not on PATH); `diff` reads the base revision through git" : `git failed: ${result.error.message}`,
    );
  }
  return { code: result.status ?? 1, stdout: result.stdout, stderr: result.stderr.toString("utf8").trim() };
}

/** The commit a ref names, seen from `dir` (inside the repository). */
export function resolveCommit(dir: string, ref: string): string {
  if (ref.startsWith("-") || ref.length === 0) throw new GitError(`\`${ref}\` is not a git ref`);
  const inside = git(dir, ["rev-parse", "--is-inside-work-tree"]);
  if (inside.code !== 0) {
    // Say why when git refuses for another reason (e.g. "detected dubious ownership").
    const why = inside.stderr.split("\n")[0] ?? "";
    const detail = why && !/not a git repository/i.test(why) ? ` (git: ${why.replace(/^fatal: /, "")})` : "";
    throw new GitError(`${dir} is not inside a git repository${detail}; \`diff\` reads the base revision through git`);
  }
  const result = git(dir, ["rev-parse", "--verify", "--quiet", "--end-of-options", `${ref}^{commit}`]);
  const commit = result.stdout.toString("utf8").trim();
  if (result.code !== 0 || !/^[0-9a-f]{40,64}$/.test(commit)) {
    throw new GitError(`unknown git ref \`${ref}\` (no such branch, tag or commit here; in CI, fetch it first — e.g. actions/checkout with fetch-depth: 0)`);
  }
  return commit;
}

interface TreeEntry extends SourceEntry {
  object: string;
  size: number;
}

function typeOfMode(mode: string): EntryType {
  if (mode === "120000") return "symlink";
  if (mode === "040000") return "directory";
  if (mode === "100644" || mode === "100755") return "file";
  return "other"; // 160000: a submodule
}

/** Parses `git ls-tree -l -z` output: `<mode> <type> <object> <size>\t<path>\0`. */
export function parseLsTree(output: Buffer): TreeEntry[] {
  const entries: TreeEntry[] = [];
  for (const record of output.toString("utf8").split("\0")) {
    if (record === "") continue;
    const tab = record.indexOf("\t");
    const [mode = "", , object = "", size = "-"] = record.slice(0, tab).split(/ +/);
    entries.push({ path: record.slice(tab + 1), type: typeOfMode(mode), object, size: size === "-" ? 0 : Number(size) });
  }
  return entries;
}

export class GitSource implements RegistrySource {
  private entries: TreeEntry[] | undefined;
  private providersIsTree = false;
  /** Regular files in the order `validate` reads them, and where the next window starts. */
  private readOrder: TreeEntry[] = [];
  private readonly fetched = new Map<string, Buffer>();
  private readonly consumed = new Set<string>();

  /**
   * @param dir the registry root: a directory inside the repository (paths are relative to it)
   * @param commit a full commit id, from `resolveCommit`
   */
  constructor(
    readonly dir: string,
    readonly commit: string,
  ) {}

  private tree(): TreeEntry[] {
    if (this.entries) return this.entries;
    // Run from the registry root, ls-tree takes and prints paths relative to it.
    const result = git(this.dir, [
      "ls-tree",
      "-l",
      "-z",
      this.commit,
      "--",
      CANONICAL_FILE,
      CONFIG_FILE,
      MODELS_DIR,
      `${MODELS_DIR}/`,
      PROVIDERS_DIR,
      `${PROVIDERS_DIR}/`,
    ]);
    if (result.code !== 0) throw new GitError(`git ls-tree ${this.commit.slice(0, 12)} failed: ${result.stderr}`);
    // Given both `providers` and `providers/`, git lists the tree's entries
    // (not the tree itself); a `providers` that is not a tree lists as itself.
    // The same goes for `models`, which the working tree lists as well (a
    // directory entry, then its files), as validate expects.
    const listed = parseLsTree(result.stdout).filter(
      (entry) =>
        entry.path === CANONICAL_FILE ||
        entry.path === CONFIG_FILE ||
        entry.path === MODELS_DIR ||
        entry.path.startsWith(`${MODELS_DIR}/`) ||
        entry.path === PROVIDERS_DIR ||
        entry.path.startsWith(`${PROVIDERS_DIR}/`),
    );
    const modelsTree = listed.some((entry) => entry.path.startsWith(`${MODELS_DIR}/`));
    this.entries = modelsTree ? [{ path: MODELS_DIR, type: "directory", object: "", size: 0 }, ...listed] : listed;
    this.providersIsTree = this.entries.some((entry) => entry.path.startsWith(`${PROVIDERS_DIR}/`));
    // validate reads registry.config.yaml first, then the canonical files, then the providers.
    const rank = (path: string) => (path === CONFIG_FILE ? 0 : path.startsWith(`${PROVIDERS_DIR}/`) ? 2 : 1);
    this.readOrder = this.entries
      .filter((entry) => entry.type === "file")
      .sort((a, b) => rank(a.path) - rank(b.path) || (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
    return this.entries;
  }

  list(): SourceEntry[] {
    return this.tree().map(({ path, type }) => ({ path, type }));
  }

  /** Git's object id of each regular file, without reading any: what `diff` compares first. */
  objectIds(): Map<string, string> {
    return new Map(
      this.tree()
        .filter((entry) => entry.type === "file")
        .map((entry) => [entry.path, entry.object]),
    );
  }

  hasProvidersDirectory(): boolean {
    this.tree();
    return this.providersIsTree;
  }

  read(path: string, maxBytes: number): ReadResult {
    const entry = this.tree().find((candidate) => candidate.path === path);
    if (entry?.type !== "file") return { ok: false, reason: "not-regular" };
    if (entry.size > maxBytes) return { ok: false, reason: "too-large", size: entry.size };
    let bytes = this.fetched.get(path);
    if (!bytes) {
      this.fetchWindow(entry, maxBytes);
      bytes = this.fetched.get(path);
    }
    this.fetched.delete(path);
    this.consumed.add(path);
    if (!bytes) throw new GitError(`git cat-file could not read ${path} at ${this.commit.slice(0, 12)}`);
    return { ok: true, bytes };
  }

  /** Fetches `first` and the files after it in read order, in one `git cat-file --batch`. */
  private fetchWindow(first: TreeEntry, maxBytes: number): void {
    const start = this.readOrder.indexOf(first);
    const window: TreeEntry[] = [first];
    let total = first.size;
    for (let i = start + 1; i < this.readOrder.length && window.length < WINDOW_FILES; i++) {
      const next = this.readOrder[i]!;
      if (next.size > maxBytes || this.fetched.has(next.path) || this.consumed.has(next.path)) continue;
      if (total + next.size > WINDOW_BYTES) break;
      window.push(next);
      total += next.size;
    }
    const result = git(this.dir, ["cat-file", "--batch"], `${window.map((entry) => entry.object).join("\n")}\n`);
    if (result.code !== 0) throw new GitError(`git cat-file failed: ${result.stderr}`);
    const out = result.stdout;
    let offset = 0;
    for (const entry of window) {
      const newline = out.indexOf(0x0a, offset);
      if (newline < 0) break;
      const header = out.subarray(offset, newline).toString("utf8").split(" ");
      offset = newline + 1;
      if (header[1] !== "blob") continue; // "<object> missing"
      const size = Number(header[2]);
      this.fetched.set(entry.path, Buffer.from(out.subarray(offset, offset + size)));
      offset += size + 1;
    }
  }
}
