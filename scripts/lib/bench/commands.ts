/**
 * What the benchmark measures on each corpus, each as a real process under
 * the project's own Bun: the floor, `validate` cold, with a warm cache and
 * after one edited file, `build` and `build --check`, one `manage add-model`;
 * and, under plain Node, the npm package `build` wrote (its import, memory,
 * first calls and throughput) next to a JSON.parse of the view it reads;
 * and `sync`'s plan against the models.dev catalogue kept as test data. A
 * command whose script does not exist (yet) is reported as not available
 * instead of failing the whole run.
 */
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { providerFileFor } from "../registry-layout.ts";
import { addModelTarget, packageQueries, REPO_ROOT, registryFiles, SHARED, type AddModelTarget } from "./corpora.ts";
import { runProcess, type ProcessRun } from "./measure.ts";

export const BUN = join(REPO_ROOT, "node_modules/.bin/bun");

export const COMMAND_IDS = [
  "floor",
  "validate",
  "validate-sources",
  "validate-warm",
  "validate-file",
  "validate-edited",
  "build",
  "build-cold",
  "build-check",
  "add-model",
  "package-import",
  "package-parse",
  "sync",
] as const;
export type CommandId = (typeof COMMAND_IDS)[number];

export const COMMAND_LABELS: Record<CommandId, string> = {
  floor: "floor (read + js-yaml)",
  validate: "validate (cold)",
  "validate-sources": "validate (cold, sources)",
  "validate-warm": "validate (warm cache)",
  "validate-file": "validate FILE (1 edited)",
  "validate-edited": "validate (1 edited, warm)",
  build: "build",
  "build-cold": "build --no-cache",
  "build-check": "build --check",
  "add-model": "manage add-model",
  "package-import": "package probe (node)",
  "package-parse": "JSON.parse of its view",
  sync: "sync (plan, models.dev file)",
};

/** Commands whose figures come from their own output (the package probe), not from their wall time alone. */
export const PROBE_COMMANDS: readonly CommandId[] = ["package-import", "package-parse"];

/** One timed run's set-up, argv and check. */
export interface PreparedRun {
  argv: string[];
  /** Variables added to the measured process's environment. */
  env?: NodeJS.ProcessEnv;
  /** Clear what a previous run left, so every run does the same work. */
  before?(): void;
  /** A message when the run did not do its work (the figure would be meaningless). */
  check(run: ProcessRun): string | undefined;
  /** Leave the corpus as the next command expects it: registry files as they were, writes flushed. */
  after?(): void;
}

export interface BenchCommand {
  id: CommandId;
  /** The reason it cannot run, or undefined when it can. */
  unavailable(): string | undefined;
  /** The reason it has nothing to do on this corpus (reported, not failed), or undefined. */
  notApplicable?(root: string): string | undefined;
  prepare(root: string): PreparedRun;
}

/** The environment of every measured process: no colour, no CI-specific output. */
export function childEnvironment(): NodeJS.ProcessEnv {
  // FORCE_COLOR set to anything, even "", turns colour on in some tools.
  const { FORCE_COLOR: _force, ...env } = process.env;
  return { ...env, NO_COLOR: "1", GITHUB_ACTIONS: "" };
}

/** Write dirty pages out now, outside any timed window (`sync` is in every Linux base system; without it, nothing happens). */
function flushWrites(): void {
  spawnSync("sync", { stdio: "ignore" });
}

function script(name: string): string {
  return join(REPO_ROOT, "scripts", `${name}.ts`);
}

const ANSI = /\u001b\[[0-9;]*[A-Za-z]/g;

/** The line of a failed run's output that says what went wrong (a crash prints source excerpts first). */
function failureLine(text: string): string {
  const lines = text
    .replace(ANSI, "")
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line !== "");
  // "error: …", "TypeError: …", "validate: …": a name and a colon, unlike a numbered source excerpt.
  const line = lines.find((candidate) => /^[A-Za-z][\w-]*: /.test(candidate)) ?? lines[0] ?? "";
  return line.length > 160 ? `${line.slice(0, 157)}...` : line;
}

/** Undefined for a clean exit, else "exit N: <the line that says why>". */
export function runFailure(run: ProcessRun): string | undefined {
  if (run.code === 0) return undefined;
  const detail = failureLine(run.stderr) || failureLine(run.stdout);
  return `exit ${run.code}${detail ? `: ${detail}` : ""}`;
}

/** Is this script there, and does it answer `--help` for this sub-command? */
function scriptUnavailable(name: string, subcommand?: string): string | undefined {
  if (!existsSync(script(name))) return `scripts/${name}.ts does not exist`;
  if (subcommand === undefined) return undefined;
  const help = runProcess([BUN, script(name), subcommand, "--help"], { cwd: REPO_ROOT, env: childEnvironment(), timeoutMs: 60_000 });
  return help.code === 0 ? undefined : `\`${name} ${subcommand} --help\` failed (${runFailure(help)})`;
}

export const floorCommand: BenchCommand = {
  id: "floor",
  unavailable: () => undefined,
  prepare: (root) => ({
    argv: [BUN, join(REPO_ROOT, "scripts/lib/bench/floor.ts"), "--root", root],
    check: runFailure,
  }),
};

/** A validate run did its work: exit 0 and the JSON report. */
function checkValidateReport(run: ProcessRun): string | undefined {
  const failed = runFailure(run);
  if (failed) return failed;
  try {
    const report = JSON.parse(run.stdout) as { summary?: { providers?: unknown } };
    if (typeof report.summary?.providers !== "number") return "its JSON output has no summary.providers";
  } catch {
    return "its output is not the JSON report";
  }
  return undefined;
}

function validateArguments(root: string, ...extra: string[]): string[] {
  return [BUN, script("validate"), "--root", root, "--format", "json", ...extra];
}

export const validateCommand: BenchCommand = {
  id: "validate",
  unavailable: () => scriptUnavailable("validate"),
  prepare: (root) => ({
    // Cold: SPEC §7 budgets validate without its content cache (every timed run would hit it otherwise).
    argv: validateArguments(root, "--no-cache"),
    check: checkValidateReport,
  }),
};

/**
 * Cold, and started from the sources instead of the compiled toolchain
 * (../launch/): the cost of the first run after the toolchain changed. No
 * budget; printed so that what the compiled toolchain saves stays in view.
 */
export const validateSourcesCommand: BenchCommand = {
  id: "validate-sources",
  unavailable: () => scriptUnavailable("validate"),
  prepare: (root) => ({
    argv: validateArguments(root, "--no-cache"),
    env: { PROVIDER_REGISTRY_COMPILED: "0" },
    check: checkValidateReport,
  }),
};

/** Fills the content cache of `root` with one untimed full run (once per corpus). */
const primed = new Set<string>();
function primeCache(root: string): void {
  if (primed.has(root)) return;
  primed.add(root);
  const run = runProcess(validateArguments(root), { cwd: REPO_ROOT, env: childEnvironment(), timeoutMs: 10 * 60_000 });
  const problem = checkValidateReport(run);
  if (problem) throw new Error(`the priming validate run failed: ${problem}`);
}

export const validateWarmCommand: BenchCommand = {
  id: "validate-warm",
  unavailable: () => scriptUnavailable("validate"),
  prepare(root) {
    primeCache(root);
    // An unchanged registry with a warm cache: the common case of a re-run.
    return { argv: validateArguments(root), check: checkValidateReport };
  },
};

/**
 * The provider file the one-file runs edit (the last one by name), and the
 * edit: a comment line at its end, which changes the file's bytes (so its
 * cached result no longer applies) and keeps every corpus valid.
 */
function editedFile(root: string): { path: string; original: Buffer; edited: Buffer } {
  const relative = registryFiles(root)
    .filter((file) => file.startsWith("providers/"))
    .at(-1);
  if (relative === undefined) throw new Error(`${root} has no provider file`);
  const path = join(root, relative);
  const original = readFileSync(path);
  const newline = original.at(-1) === 0x0a ? "" : "\n";
  return { path, original, edited: Buffer.concat([original, Buffer.from(`${newline}# edited by the benchmark\n`)]) };
}

/** One edited provider file, the rest as the warm cache knows it; `extra` picks the run (FILE, or the whole registry). */
function oneEditCommand(id: CommandId, extra: (file: string) => string[]): BenchCommand {
  return {
    id,
    unavailable: () => scriptUnavailable("validate"),
    prepare(root) {
      primeCache(root);
      const file = editedFile(root);
      return {
        // The file by its absolute path: validate resolves FILE against the working directory.
        argv: validateArguments(root, ...extra(file.path)),
        before: () => writeFileSync(file.path, file.edited),
        check: checkValidateReport,
        after: () => writeFileSync(file.path, file.original),
      };
    },
  };
}

/** `validate FILE` (the pre-commit check) after editing that file. */
export const validateFileCommand = oneEditCommand("validate-file", (file) => [file]);
/** A full `validate` after editing one file. */
export const validateEditedCommand = oneEditCommand("validate-edited", () => []);

/**
 * A clean `build`: `dist/` and `schemas/` removed before every run, so every
 * artifact is written anew. `extra` picks the run: with build's content cache
 * (the untimed round fills it, so timed runs render nothing that did not
 * change), or `--no-cache`, every file parsed and rendered.
 */
function cleanBuildCommand(id: CommandId, extra: readonly string[]): BenchCommand {
  return {
    id,
    unavailable: () => scriptUnavailable("build"),
    prepare(root) {
      const outputs = [join(root, "dist"), join(root, "schemas")];
      const clear = () => {
        for (const dir of outputs) rmSync(dir, { recursive: true, force: true });
      };
      return {
        argv: [BUN, script("build"), "--root", root, ...extra],
        before: clear,
        check(run) {
          const failed = runFailure(run);
          if (failed) return failed;
          return existsSync(join(root, "dist/providers.json")) ? undefined : "it wrote no dist/providers.json";
        },
        after() {
          // At 10,000 providers a build writes close to 1 GB. Left to the
          // kernel's writeback, that I/O would land in the next command's timed
          // window (add-model, which fsyncs, measured 1.6x slower after a build).
          clear();
          flushWrites();
        },
      };
    },
  };
}

export const buildCommand = cleanBuildCommand("build", []);
/** SPEC §7 budgets `build`; the cold figure is printed beside it so the cost of a first build stays in view. */
export const buildColdCommand = cleanBuildCommand("build-cold", ["--no-cache"]);

/**
 * One untimed `build --out` of a corpus, kept beside it for the runs that
 * read a build: `build --check` and the package probe. (The timed `build`
 * clears its own output after every run.)
 */
const referenceBuilds = new Map<string, string>();
export function referenceBuild(root: string): string {
  let out = referenceBuilds.get(root);
  if (out) return out;
  out = `${root}.built`;
  rmSync(out, { recursive: true, force: true });
  const run = runProcess([BUN, script("build"), "--root", root, "--out", out], { cwd: REPO_ROOT, env: childEnvironment(), timeoutMs: 10 * 60_000 });
  const failed = runFailure(run);
  if (failed) throw new Error(`the reference build failed: ${failed}`);
  flushWrites();
  referenceBuilds.set(root, out);
  return out;
}

/** Removes the reference build of `root`, if one was made. */
export function removeReferenceBuild(root: string): void {
  const out = referenceBuilds.get(root);
  if (out) for (const path of [out, `${out}.queries.json`]) rmSync(path, { recursive: true, force: true });
  referenceBuilds.delete(root);
  primed.delete(root);
}

export const buildCheckCommand: BenchCommand = {
  id: "build-check",
  unavailable: () => scriptUnavailable("build"),
  prepare(root) {
    const out = referenceBuild(root);
    return {
      // Everything up to date: --check validates, renders and compares every artifact, and writes nothing.
      argv: [BUN, script("build"), "--root", root, "--out", out, "--check"],
      check: runFailure,
    };
  },
};

const PROBE = join(REPO_ROOT, "scripts/lib/bench/package-probe.mjs");

/** Plain Node on the PATH (the package's consumers run it; Bun would measure another engine). */
function nodeUnavailable(): string | undefined {
  const probe = spawnSync("node", ["--version"], { encoding: "utf8" });
  return probe.status === 0 ? scriptUnavailable("build") : "no `node` on the PATH";
}

/** The probe's figures: one JSON object of numbers on stdout. */
export function probeFigures(run: ProcessRun): Record<string, number> | undefined {
  try {
    const parsed = JSON.parse(run.stdout) as Record<string, unknown>;
    return Object.fromEntries(Object.entries(parsed).filter((entry): entry is [string, number] => typeof entry[1] === "number"));
  } catch {
    return undefined;
  }
}

function checkProbe(run: ProcessRun, expected: readonly string[]): string | undefined {
  const failed = runFailure(run);
  if (failed) return failed;
  const figures = probeFigures(run);
  const missing = expected.filter((name) => figures?.[name] === undefined);
  return missing.length === 0 ? undefined : `its output has no ${missing.join(", ")}`;
}

export const packageImportCommand: BenchCommand = {
  id: "package-import",
  unavailable: nodeUnavailable,
  prepare(root) {
    const out = referenceBuild(root);
    const queries = `${out}.queries.json`;
    writeFileSync(queries, JSON.stringify(packageQueries(root)));
    return {
      argv: ["node", PROBE, "import", join(out, "npm"), queries],
      check: (run) => checkProbe(run, ["importMs", "peakRssBytes", "firstCostMs", "firstResolveMs", "providersForPerSecond"]),
    };
  },
};

export const packageParseCommand: BenchCommand = {
  id: "package-parse",
  unavailable: nodeUnavailable,
  prepare: (root) => ({
    argv: ["node", PROBE, "parse", join(referenceBuild(root), "npm")],
    check: (run) => checkProbe(run, ["parseMs", "viewBytes"]),
  }),
};

/** The argv of one `add-model` (also used by the file-access test). */
export function addModelArguments(root: string, target: AddModelTarget): string[] {
  return [BUN, script("manage"), "--root", root, "add-model", target.provider, target.canonicalId, target.providerModelId, "--no-cache", "1", "--output", "2"];
}

export const addModelCommand: BenchCommand = {
  id: "add-model",
  unavailable: () => scriptUnavailable("manage", "add-model"),
  prepare(root) {
    const target = addModelTarget(root);
    const file = join(root, providerFileFor(target.provider));
    const original = readFileSync(file);
    return {
      argv: addModelArguments(root, target),
      check(run) {
        const failed = runFailure(run);
        if (failed) return failed;
        return readFileSync(file, "utf8").includes(target.providerModelId)
          ? undefined
          : `${providerFileFor(target.provider)} does not list ${target.providerModelId} afterwards`;
      },
      after: () => writeFileSync(file, original),
    };
  },
};

/** The real models.dev catalogue kept as test data (its SOURCE.md says what it is): sync reads it as a file, not over the network. */
const MODELS_DEV_CATALOGUE = join(SHARED, "fixtures/models-dev/api.json");

/**
 * The providers of `root` that sync from models.dev (`auto_sync` with `feed: models_dev`), by name:
 * the benchmark reads only that feed, from the file, so no provider's own /models is ever fetched.
 */
function modelsDevProviders(root: string): string[] {
  const names: string[] = [];
  for (const file of registryFiles(root)) {
    if (!file.startsWith("providers/")) continue;
    const text = readFileSync(join(root, file), "utf8");
    const name = /^name:\s*["']?([A-Za-z0-9_.-]+)/m.exec(text)?.[1];
    if (name !== undefined && /^auto_sync:\s*\n(?:[ \t]+.*\n)*?[ \t]+feed:\s*["']?models_dev\b/m.test(text)) names.push(name);
  }
  return names;
}

export const syncCommand: BenchCommand = {
  id: "sync",
  unavailable: () => scriptUnavailable("sync") ?? (existsSync(MODELS_DEV_CATALOGUE) ? undefined : `${MODELS_DEV_CATALOGUE} is missing`),
  notApplicable: (root) => (modelsDevProviders(root).length > 0 ? undefined : "no provider syncs from models.dev"),
  prepare: (root) => ({
    // The plan only: reading the feed, matching every such provider, and the diff of what --write would change.
    argv: [BUN, script("sync"), "--root", root, "--models-dev", MODELS_DEV_CATALOGUE, "--format", "json", "--provider", ...modelsDevProviders(root)],
    check: runFailure,
  }),
};

export const COMMANDS: readonly BenchCommand[] = [
  floorCommand,
  validateCommand,
  validateSourcesCommand,
  validateWarmCommand,
  validateFileCommand,
  validateEditedCommand,
  buildCommand,
  buildColdCommand,
  buildCheckCommand,
  addModelCommand,
  packageImportCommand,
  packageParseCommand,
  syncCommand,
];
