#!/usr/bin/env bun
/**
 * Compiles one command for ./index.ts: `bun scripts/lib/launch/compile.ts validate`.
 * Started detached (its output discarded) by a run that had to start from
 * the sources; run by hand, it says why a compile failed. It never writes
 * outside the toolchain's cache.
 *
 * Bun bundles the command's module graph into one CommonJS file (its
 * bytecode needs CommonJS) with the bytecode beside it. Every file is loaded
 * through a plugin that stamps it before and after reading it (a file edited
 * mid-read fails the compile) and writes each module's own `import.meta.url`
 * and `import.meta.dirname` into its text, so every path a module finds
 * relative to itself is the one it finds in the sources. A file that uses
 * any other part of `import.meta`, or that Bun read without the plugin,
 * fails the compile: the next run starts from the sources, as this one did.
 *
 * A lock keeps concurrent runs from compiling the same command at once; the
 * manifest is written last, atomically, so a reader sees the old bundle or
 * the new one. A bundle no manifest names is removed once it has been
 * unnamed for a few minutes (a run may still be loading it).
 */
import { closeSync, existsSync, mkdirSync, openSync, readdirSync, readFileSync, rmSync, statSync, unlinkSync, utimesSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import type { BunPlugin } from "bun";
import { writeFileAtomic } from "../atomic-write.ts";
import { TOOLCHAIN_ROOT, toolchainFileStamp } from "../toolchain.ts";
import { commandDirectory, isManifest, LOCK_EXPIRY_MS, LOCK_FILE, MANIFEST_FILE, type Manifest, runtimeId } from "./index.ts";

/**
 * Packages a command loads only on demand — commander for help and usage
 * errors, yaml for the precise path and edits, Zod to explain a rejected
 * file, the prompts for a terminal — stay out of the bundle and load from
 * node_modules when needed: in it they would be most of its bytes, loaded by
 * every run (measured on validate: 1.1 MB of bundle against 0.6 MB, 2 ms of
 * each start).
 */
const ON_DEMAND_PACKAGES = ["commander", "yaml", "zod", "@inquirer/prompts"];

/** This compiler's own stamp, taken before it reads anything: its bundles depend on its code too. */
const COMPILER_STAMP = toolchainFileStamp(import.meta.filename);

/** A bundle unnamed for longer than this is nobody's any more. */
const OLD_BUNDLE_MS = 5 * 60_000;

const LOADERS: Record<string, "ts" | "js" | "json"> = { ".ts": "ts", ".mts": "ts", ".cts": "ts", ".js": "js", ".mjs": "js", ".cjs": "js", ".json": "json" };

/** Loads every module as the sources have it, noting each file's stamp. */
function stampingLoader(stamps: Map<string, string>): BunPlugin {
  return {
    name: "stamped-sources",
    setup(build) {
      build.onLoad({ filter: /\.(?:[mc]?[jt]s|json)$/ }, (args) => {
        const before = toolchainFileStamp(args.path);
        const text = readFileSync(args.path, "utf8");
        if (before === undefined || toolchainFileStamp(args.path) !== before) throw new Error(`${args.path} changed while it was read`);
        stamps.set(args.path, before);
        const extension = args.path.slice(args.path.lastIndexOf("."));
        const loader = LOADERS[extension]!;
        if (loader === "json") return { contents: text, loader };
        const own = text
          .replaceAll("import.meta.url", JSON.stringify(pathToFileURL(args.path).href))
          .replaceAll("import.meta.dirname", JSON.stringify(dirname(args.path)));
        if (/\bimport\.meta\b/.test(own)) throw new Error(`${args.path} uses import.meta in a way the compiled toolchain cannot keep`);
        return { contents: own, loader };
      });
    },
  };
}

/** Holds the command's lock while `work` runs; false when another compiler holds it. */
async function withLock(directory: string, work: () => Promise<void>): Promise<boolean> {
  const lock = join(directory, LOCK_FILE);
  mkdirSync(directory, { recursive: true });
  try {
    closeSync(openSync(lock, "wx"));
  } catch {
    try {
      if (Date.now() - statSync(lock).mtimeMs < LOCK_EXPIRY_MS) return false;
      unlinkSync(lock);
      closeSync(openSync(lock, "wx"));
    } catch {
      return false;
    }
  }
  // A failed compile keeps its lock, so runs do not retry it at once.
  await work();
  unlinkSync(lock);
  return true;
}

/** The directory of the bundle the current manifest names, if any. */
function namedBundle(directory: string): string | undefined {
  try {
    const manifest: unknown = JSON.parse(readFileSync(join(directory, MANIFEST_FILE), "utf8"));
    return isManifest(manifest) ? manifest.bundle.split("/")[0] : undefined;
  } catch {
    return undefined;
  }
}

function touch(path: string): void {
  try {
    const now = new Date();
    utimesSync(path, now, now);
  } catch {
    // already removed: nobody can be loading it
  }
}

/** Bundles no manifest names, once they have been unnamed for a while (a run may still be loading one). */
function removeOldBundles(directory: string, keep: string): void {
  for (const entry of readdirSync(directory, { withFileTypes: true })) {
    if (!entry.isDirectory() || entry.name === keep) continue;
    const path = join(directory, entry.name);
    try {
      if (Date.now() - statSync(path).mtimeMs > OLD_BUNDLE_MS) rmSync(path, { recursive: true, force: true });
    } catch {
      // removed by another compiler meanwhile
    }
  }
}

/**
 * The bundles of toolchain roots that no longer exist (a temporary copy of
 * the toolchain that shares this node_modules, as some tests make): nothing
 * can use them again. Judged by each root's manifests; a root directory
 * without one is left to the compiler that is filling it.
 */
function removeAbandonedRoots(runtimeDirectory: string): void {
  for (const key of readdirSync(runtimeDirectory)) {
    const rootDirectory = join(runtimeDirectory, key);
    try {
      const roots = readdirSync(rootDirectory).flatMap((command) => {
        try {
          const manifest: unknown = JSON.parse(readFileSync(join(rootDirectory, command, MANIFEST_FILE), "utf8"));
          return isManifest(manifest) ? [manifest.root] : [];
        } catch {
          return [];
        }
      });
      if (roots.length > 0 && roots.every((root) => !existsSync(join(root, "scripts")))) rmSync(rootDirectory, { recursive: true, force: true });
    } catch {
      // removed by another compiler meanwhile
    }
  }
}

/** Compile `command` (scripts/lib/commands/<command>.ts); false when another compiler is at it. */
export async function compileCommand(command: string): Promise<boolean> {
  const runtime = runtimeId();
  if (runtime === undefined) throw new Error("the toolchain is compiled by Bun");
  const entry = join(TOOLCHAIN_ROOT, "scripts", "lib", "commands", `${command}.ts`);
  const directory = commandDirectory(command, runtime);
  return withLock(directory, async () => {
    const name = `${Date.now().toString(36)}-${process.pid}`;
    const outdir = join(directory, name);
    const stamps = new Map<string, string>();
    const result = await Bun.build({
      entrypoints: [entry],
      outdir,
      target: "bun",
      format: "cjs",
      bytecode: true,
      metafile: true,
      throw: true,
      external: ON_DEMAND_PACKAGES,
      plugins: [stampingLoader(stamps)],
    });
    // The metafile names inputs relative to the working directory.
    const inputs = Object.keys(result.metafile!.inputs).map((input) => resolve(input));
    const unstamped = inputs.filter((input) => !stamps.has(input));
    if (unstamped.length > 0) throw new Error(`read without a stamp: ${unstamped.join(", ")}`);
    if (COMPILER_STAMP === undefined) throw new Error("the compiler cannot stamp itself");
    const bundle = result.outputs.find((output) => output.kind === "entry-point");
    if (!bundle) throw new Error("the build wrote no entry point");
    const manifest: Manifest = {
      root: TOOLCHAIN_ROOT,
      runtime,
      bundle: relative(directory, bundle.path),
      inputs: [[import.meta.filename, COMPILER_STAMP], ...inputs.sort().map((input): [string, string] => [input, stamps.get(input)!])],
    };
    const replaced = namedBundle(directory);
    writeFileAtomic(join(directory, MANIFEST_FILE), `${JSON.stringify(manifest)}\n`);
    // The bundle just replaced may be loading in a run that read the old manifest: its age counts from now.
    if (replaced !== undefined) touch(join(directory, replaced));
    removeOldBundles(directory, name);
    removeAbandonedRoots(dirname(dirname(directory)));
  });
}

if (import.meta.main) {
  const command = process.argv[2];
  if (command === undefined || !/^[a-z][a-z-]*$/.test(command)) {
    process.stderr.write("usage: bun scripts/lib/launch/compile.ts COMMAND\n");
    process.exit(2);
  }
  try {
    await compileCommand(command);
  } catch (error) {
    // A failed build throws one error holding each of its messages.
    const reasons = error instanceof AggregateError ? error.errors : [error];
    for (const reason of reasons) process.stderr.write(`compile ${command}: ${reason instanceof Error ? reason.message : String(reason)}\n`);
    process.exitCode = 1;
  }
}
