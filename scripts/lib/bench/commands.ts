/**
 * What the benchmark measures on each corpus, each as a real process under
 * the project's own Bun: the floor, `validate`, `build` and one
 * `manage add-model`. A command whose script does not exist (yet) is reported
 * as not available instead of failing the whole run.
 */
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { providerFileFor } from "../registry-layout.ts";
import { addModelTarget, REPO_ROOT, type AddModelTarget } from "./corpora.ts";
import { runProcess, type ProcessRun } from "./measure.ts";

export const BUN = join(REPO_ROOT, "node_modules/.bin/bun");

export const COMMAND_IDS = ["floor", "validate", "build", "add-model"] as const;
export type CommandId = (typeof COMMAND_IDS)[number];

export const COMMAND_LABELS: Record<CommandId, string> = {
  floor: "floor (read + js-yaml)",
  validate: "validate",
  build: "build",
  "add-model": "manage add-model",
};

/** One timed run's set-up, argv and check. */
export interface PreparedRun {
  argv: string[];
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

export const validateCommand: BenchCommand = {
  id: "validate",
  unavailable: () => scriptUnavailable("validate"),
  prepare: (root) => ({
    // Cold: SPEC §7 budgets validate without its content cache (every timed run would hit it otherwise).
    argv: [BUN, script("validate"), "--root", root, "--format", "json", "--no-cache"],
    check(run) {
      const failed = runFailure(run);
      if (failed) return failed;
      try {
        const report = JSON.parse(run.stdout) as { summary?: { providers?: unknown } };
        if (typeof report.summary?.providers !== "number") return "its JSON output has no summary.providers";
      } catch {
        return "its output is not the JSON report";
      }
      return undefined;
    },
  }),
};

export const buildCommand: BenchCommand = {
  id: "build",
  unavailable: () => scriptUnavailable("build"),
  prepare(root) {
    // A clean build every run: nothing left from the previous one to skip.
    const outputs = [join(root, "dist"), join(root, "schemas")];
    const clear = () => {
      for (const dir of outputs) rmSync(dir, { recursive: true, force: true });
    };
    return {
      argv: [BUN, script("build"), "--root", root],
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

export const COMMANDS: readonly BenchCommand[] = [floorCommand, validateCommand, buildCommand, addModelCommand];
