/**
 * One benchmark run: make the corpora in a temporary directory, run every
 * available command on each (interleaved, so a slow moment of the machine
 * hits all commands alike), and return the figures with the budgets of
 * SPEC §7. The temporary directory is removed afterwards, also on Ctrl-C.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { cpus, loadavg, release, tmpdir, totalmem } from "node:os";
import { join } from "node:path";
import { budgetsPass, evaluateBudgets, type BudgetLine, type CommandOutcome, type CorpusResult } from "./budgets.ts";
import { cacheLocation } from "../cache/index.ts";
import { removeBuildCache } from "../snapshot/cache.ts";
import {
  BUN,
  childEnvironment,
  COMMANDS,
  PROBE_COMMANDS,
  probeFigures,
  removeReferenceBuild,
  type BenchCommand,
  type CommandId,
  type PreparedRun,
} from "./commands.ts";
import { CORPORA, corpusFacts, prepareCorpus, REPO_ROOT, type CorpusSpec } from "./corpora.ts";
import { COMPILER, currentBundle, runtimeId } from "../launch/index.ts";
import { median, memorySource, runProcess, summarise, type MemorySource, type ProcessRun } from "./measure.ts";
import { runServerBench, serverBudget, type ServerBenchResult } from "./server.ts";

export interface BenchOptions {
  /** The small corpora only (everything but 10,000 providers). */
  quick: boolean;
  /** Only these corpora (by name), when given. */
  only?: readonly string[];
  /** Timed runs per command on every corpus, instead of each corpus's default. */
  runs?: number;
  /** Progress lines (the CLI sends them to stderr). */
  log(line: string): void;
}

export interface BenchResult {
  quick: boolean;
  machine: { cpu: string; cores: number; memoryBytes: number; os: string; bun: string | undefined; node: string };
  /** One-minute load average before and after the run: other work on the machine inflates wall times. */
  load: { before: number; after: number };
  memorySource: MemorySource;
  corpora: CorpusResult[];
  /** `serve` under load, when the run includes it. */
  server?: ServerBenchResult;
  budgets: BudgetLine[];
  ok: boolean;
}

/** Longest any single run may take before it is killed and counted as failed. */
const RUN_TIMEOUT_MS = 10 * 60_000;

function machine(): BenchResult["machine"] {
  return {
    cpu: cpus()[0]?.model.trim() ?? "unknown",
    cores: cpus().length,
    memoryBytes: totalmem(),
    os: `${process.platform} ${release()}`,
    bun: process.versions.bun,
    node: process.versions.node,
  };
}

/** The temporary directory of one run, removed however the run ends. */
function workspace(): { dir: string; dispose(): void } {
  const dir = mkdtempSync(join(tmpdir(), "registry-bench-"));
  const dispose = () => rmSync(dir, { recursive: true, force: true });
  const interrupted = () => {
    dispose();
    process.exit(130);
  };
  process.once("SIGINT", interrupted);
  process.once("SIGTERM", interrupted);
  return {
    dir,
    dispose() {
      process.off("SIGINT", interrupted);
      process.off("SIGTERM", interrupted);
      dispose();
    },
  };
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(3)} s`;
}

interface Measurement {
  command: BenchCommand;
  prepared: PreparedRun | undefined;
  runs: ProcessRun[];
  failure: string | undefined;
}

function runOnce(measurement: Measurement): ProcessRun | undefined {
  const prepared = measurement.prepared!;
  prepared.before?.();
  const run = runProcess(prepared.argv, { cwd: REPO_ROOT, env: { ...childEnvironment(), ...prepared.env }, timeoutMs: RUN_TIMEOUT_MS });
  const problem = prepared.check(run);
  prepared.after?.();
  if (problem !== undefined) {
    measurement.failure = problem;
    return undefined;
  }
  return run;
}

function measureCorpus(spec: CorpusSpec, root: string, commands: ReadonlyMap<BenchCommand, string | undefined>, options: BenchOptions): CorpusResult {
  const facts = corpusFacts(root);
  const measurements: Measurement[] = [];
  const outcomes: Partial<Record<CommandId, CommandOutcome>> = {};
  for (const [command, unavailable] of commands) {
    const reason = unavailable ?? command.notApplicable?.(root);
    if (reason !== undefined) {
      outcomes[command.id] = { status: "unavailable", reason };
      continue;
    }
    const measurement: Measurement = { command, prepared: undefined, runs: [], failure: undefined };
    try {
      measurement.prepared = command.prepare(root);
    } catch (error) {
      measurement.failure = `cannot set up: ${error instanceof Error ? error.message : String(error)}`;
    }
    measurements.push(measurement);
  }
  const active = () => measurements.filter((measurement) => measurement.failure === undefined);

  for (let warmup = 0; warmup < spec.warmups; warmup++) {
    for (const measurement of active()) runOnce(measurement);
  }
  const runs = options.runs ?? spec.runs;
  let entries: number | undefined;
  for (let round = 1; round <= runs; round++) {
    for (const measurement of active()) {
      const run = runOnce(measurement);
      if (!run) {
        options.log(`  ${spec.name} ${measurement.command.id}: FAILED — ${measurement.failure}`);
        continue;
      }
      measurement.runs.push(run);
      if (measurement.command.id === "floor" && entries === undefined) entries = (JSON.parse(run.stdout) as { entries: number }).entries;
      options.log(`  ${spec.name} ${measurement.command.id} ${round}/${runs}: ${seconds(run.wallMs)}`);
    }
  }
  for (const measurement of measurements) {
    const { id } = measurement.command;
    if (measurement.failure !== undefined) outcomes[id] = { status: "failed", reason: measurement.failure };
    else if (PROBE_COMMANDS.includes(id)) outcomes[id] = { status: "measured", summary: summarise(measurement.runs), figures: medianFigures(measurement.runs) };
    else outcomes[id] = { status: "measured", summary: summarise(measurement.runs) };
  }
  return { name: spec.name, files: facts.files, entries: entries ?? 0, bytes: facts.bytes, commands: outcomes };
}

/** Each figure a probe printed, as its median over the runs. */
function medianFigures(runs: readonly ProcessRun[]): Record<string, number> {
  const perRun = runs.map((run) => probeFigures(run) ?? {});
  const names = [...new Set(perRun.flatMap((figures) => Object.keys(figures)))];
  return Object.fromEntries(names.map((name) => [name, median(perRun.map((figures) => figures[name]).filter((value) => value !== undefined))]));
}

/** What the corpus's runs left outside it: the reference build and the content cache of its root. */
function cleanUp(root: string): void {
  removeReferenceBuild(root);
  rmSync(cacheLocation(root, "validate").file, { force: true });
  removeBuildCache(root);
}

/** The corpora a run measures, in table order. */
export function selectCorpora(options: Pick<BenchOptions, "quick" | "only">): CorpusSpec[] {
  return CORPORA.filter((spec) => (spec.small || !options.quick) && (!options.only || options.only.includes(spec.name)));
}

/** The commands timed here whose compiled toolchain (../launch/) each run should start from. */
const COMPILED_COMMANDS = ["validate", "build", "manage", "sync", "serve"];

/**
 * Compile the timed commands first, as a user's second run would find them:
 * otherwise the first timed runs would race the compiler a run from the
 * sources starts in the background. One that cannot be compiled is timed
 * from the sources, and the log says so.
 */
function compileToolchain(log: (line: string) => void): void {
  const runtime = runtimeId();
  if (runtime === undefined) return;
  const started = performance.now();
  for (const command of COMPILED_COMMANDS) {
    const deadline = Date.now() + 120_000;
    let lookup = currentBundle(command, runtime);
    while ("stale" in lookup && Date.now() < deadline) {
      const compiled = spawnSync(BUN, [COMPILER, command], { cwd: REPO_ROOT, encoding: "utf8" });
      if (compiled.status !== 0) break;
      lookup = currentBundle(command, runtime);
      // Another compiler holds the lock: give it a moment.
      if ("stale" in lookup) spawnSync("sleep", ["0.2"]);
    }
    if ("stale" in lookup) log(`${command}: not compiled (${lookup.stale}): timed from the sources`);
  }
  log(`compiled toolchain ready in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}

export function runBench(options: BenchOptions): BenchResult {
  const loadBefore = loadavg()[0]!;
  compileToolchain(options.log);
  const specs = selectCorpora(options);
  const commands = new Map(COMMANDS.map((command) => [command, command.unavailable()] as const));
  for (const [command, unavailable] of commands) if (unavailable !== undefined) options.log(`${command.id}: not available (${unavailable})`);

  const space = workspace();
  const corpora: CorpusResult[] = [];
  try {
    for (const spec of specs) {
      options.log(`${spec.name}: preparing`);
      const root = prepareCorpus(spec, space.dir);
      try {
        corpora.push(measureCorpus(spec, root, commands, options));
      } finally {
        // The next corpus needs the disk more than this one's outputs do.
        cleanUp(root);
        rmSync(root, { recursive: true, force: true });
      }
    }
  } finally {
    space.dispose();
  }
  const budgets = evaluateBudgets(
    corpora,
    CORPORA.map((spec) => spec.name),
  );
  return {
    quick: options.quick,
    machine: machine(),
    load: { before: loadBefore, after: loadavg()[0]! },
    memorySource: memorySource(),
    corpora,
    budgets,
    ok: budgetsPass(budgets),
  };
}

/** The name `--only` gives the server measurement. */
export const SERVER_PART = "server";

/** The corpus run, then (unless `--only` leaves it out) `serve` under load, with its budget. */
export async function runBenchWithServer(options: BenchOptions & { server: boolean }): Promise<BenchResult> {
  const result = runBench(options);
  if (!options.server) return result;
  const loadBefore = options.only?.every((name) => name === SERVER_PART) ? loadavg()[0]! : result.load.before;
  options.log("server: measuring serve and a static server");
  let failure: string | undefined;
  try {
    result.server = await runServerBench({
      rounds: options.runs ?? (options.quick ? 1 : 2),
      durationSeconds: options.quick ? 3 : 5,
      connections: 10,
      log: options.log,
    });
  } catch (error) {
    failure = `server bench failed: ${error instanceof Error ? error.message : String(error)}`;
    options.log(failure);
  }
  result.budgets.push(serverBudget(result.server, failure));
  result.ok = budgetsPass(result.budgets);
  result.load = { before: loadBefore, after: loadavg()[0]! };
  return result;
}
