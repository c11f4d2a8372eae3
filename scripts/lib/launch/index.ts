/**
 * How a command starts: from its compiled bundle when that is current, else
 * from the sources, after which a compiler (./compile.ts) is started in the
 * background for the next run, so that no run waits for it.
 *
 * The compiled toolchain is each command bundled into one CommonJS file with
 * Bun's bytecode beside it, kept with the toolchain's other caches. Starting
 * from it skips resolving, reading, transpiling and compiling some fifty
 * modules, which is most of a small registry's `validate` (see
 * docs/performance.md). It is code, not results: a run from it reports
 * exactly what a run from the sources reports, so `--no-cache` (which is
 * about registry results) leaves it in use.
 *
 * A manifest names the bundle and every file it was built from, each with
 * the stamp (path, size, inode, modification time) it had when it was read.
 * The bundle is used only while every stamp still holds, under the same Bun,
 * for the same toolchain root: any edit, checkout, reinstall or upgrade
 * sends the next run back to the sources.
 *
 * Outside a Bun checkout (the installed package under Node, which runs
 * compiled JavaScript already) a command starts from the sources and nothing
 * is compiled. PROVIDER_REGISTRY_COMPILED=0 does the same anywhere (to debug
 * against the sources); PROVIDER_REGISTRY_TRACE=launch says which way a
 * command started.
 *
 * This module is on every command's start path: it imports as little as it
 * can, and loads the rest only when it needs it.
 */
import { accessSync, constants, existsSync, readFileSync, statSync, writeSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { RUNS_FROM_TYPESCRIPT, TOOLCHAIN_CACHE_DIR, TOOLCHAIN_ROOT, toolchainFileStamp } from "../toolchain.ts";

/** What a command module (scripts/lib/commands/<name>.ts) exports. */
export interface CommandModule {
  run(): Promise<void>;
}

/** A lock older than this is a compiler that died, or one that failed: try again. */
export const LOCK_EXPIRY_MS = 10 * 60_000;

/** The compiler's script (`bun COMPILER <command>`). */
export const COMPILER = join(TOOLCHAIN_ROOT, "scripts", "lib", "launch", "compile.ts");

/** PROVIDER_REGISTRY_TRACE=launch: one line on stderr saying how the command started. */
function trace(line: string): void {
  if (process.env.PROVIDER_REGISTRY_TRACE?.split(",").includes("launch")) writeSync(2, `${line}\n`);
}

export interface Manifest {
  /** The toolchain root it was built for (two checkouts may share one node_modules). */
  root: string;
  /** The Bun that built it: bytecode belongs to one engine build. */
  runtime: string;
  /** The bundle, relative to the command's directory. */
  bundle: string;
  /** Every file the bundle was built from (the compiler's own code included), with its stamp when read. */
  inputs: Array<[path: string, stamp: string]>;
}

interface BunRuntime {
  version: string;
  revision: string;
}

/** The Bun this process runs on; undefined under Node, which has no use for Bun's bytecode. */
export function runtimeId(): string | undefined {
  const bun = (globalThis as { Bun?: BunRuntime }).Bun;
  return bun ? `${bun.version}+${bun.revision}` : undefined;
}

/** FNV-1a of the root's path: a short, stable directory name (the manifest names the root in full). */
function rootKey(root: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < root.length; i++) hash = Math.imul(hash ^ root.charCodeAt(i), 0x01000193) >>> 0;
  return hash.toString(16).padStart(8, "0");
}

/** Where one command's bundles and manifest live. */
export function commandDirectory(command: string, runtime: string): string {
  return join(TOOLCHAIN_CACHE_DIR, "compiled", `bun-${runtime.replaceAll("+", "-")}`, rootKey(TOOLCHAIN_ROOT), command);
}

export const MANIFEST_FILE = "manifest.json";
/** Present while a compiler works on the command (or for a while after one failed). */
export const LOCK_FILE = "compiling.lock";

export function isManifest(value: unknown): value is Manifest {
  const manifest = value as Partial<Manifest> | null;
  return (
    typeof manifest === "object" &&
    manifest !== null &&
    typeof manifest.root === "string" &&
    typeof manifest.runtime === "string" &&
    typeof manifest.bundle === "string" &&
    !manifest.bundle.startsWith("/") &&
    !manifest.bundle.split("/").includes("..") &&
    Array.isArray(manifest.inputs) &&
    manifest.inputs.every((input) => Array.isArray(input) && input.length === 2 && typeof input[0] === "string" && typeof input[1] === "string")
  );
}

export type Lookup = { bundle: string } | { stale: string };

/** The command's bundle when it is current, else why not. */
export function currentBundle(command: string, runtime: string): Lookup {
  const directory = commandDirectory(command, runtime);
  let manifest: unknown;
  try {
    manifest = JSON.parse(readFileSync(join(directory, MANIFEST_FILE), "utf8"));
  } catch {
    return { stale: "not compiled yet" };
  }
  if (!isManifest(manifest) || manifest.root !== TOOLCHAIN_ROOT || manifest.runtime !== runtime) return { stale: "compiled for another toolchain" };
  for (const [path, stamp] of manifest.inputs) if (toolchainFileStamp(path) !== stamp) return { stale: `${path} changed` };
  return { bundle: join(directory, manifest.bundle) };
}

/** Run `command` from its current bundle, else from `fromSources()` (and compile it for the next run). */
export async function launch(command: string, fromSources: () => Promise<CommandModule>): Promise<void> {
  const runtime = process.env.PROVIDER_REGISTRY_COMPILED === "0" || !RUNS_FROM_TYPESCRIPT ? undefined : runtimeId();
  if (runtime === undefined) {
    trace(`${command}: started from the sources (compiling is off here)`);
    return (await fromSources()).run();
  }
  const found = currentBundle(command, runtime);
  if ("bundle" in found) {
    let compiled: CommandModule | undefined;
    try {
      compiled = createRequire(import.meta.url)(found.bundle) as CommandModule;
    } catch {
      // unreadable or damaged: the sources, and a fresh compile
    }
    if (typeof compiled?.run === "function") {
      trace(`${command}: started from the compiled toolchain`);
      return compiled.run();
    }
  }
  trace(`${command}: started from the sources (${"stale" in found ? found.stale : "the bundle did not load"})`);
  await (await fromSources()).run();
  startCompiler(command, runtime);
}

function writable(path: string): boolean {
  try {
    accessSync(path, constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

/** A detached compiler for the next run, unless one is already at work (or failed lately). */
function startCompiler(command: string, runtime: string): void {
  const lock = join(commandDirectory(command, runtime), LOCK_FILE);
  try {
    if (Date.now() - statSync(lock).mtimeMs < LOCK_EXPIRY_MS) return;
  } catch {
    // no lock: nobody is compiling
  }
  // Not in a toolchain it cannot write to (installed read-only): the compiler would only fail, every run.
  if (!existsSync(COMPILER) || !writable(join(TOOLCHAIN_ROOT, "node_modules"))) return;
  try {
    const { spawn } = createRequire(import.meta.url)("node:child_process") as typeof import("node:child_process");
    const child = spawn(process.execPath, [COMPILER, command], { cwd: TOOLCHAIN_ROOT, detached: true, stdio: "ignore" });
    child.on("error", () => {});
    child.unref();
  } catch {
    // the next run starts from the sources again, and tries again
  }
}
