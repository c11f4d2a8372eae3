/**
 * Provider files checked on more than one thread, for a large registry.
 *
 * The main thread checks files from the front of the (sorted) list, as it
 * always does; helper threads take files from the back. A helper's result is
 * used only where it cannot differ from the main thread's own (a file that
 * declares its own name, as the content cache has it), and the main thread
 * still walks every file in order, so the report is the one a single thread
 * gives. Nothing here is needed for correctness: without helpers (a small
 * registry, one core, a runtime that cannot start one) the main thread does
 * everything.
 */
import { createRequire } from "node:module";
import { availableParallelism } from "node:os";
import type { MessagePort, Worker } from "node:worker_threads";
import type { FileStamp } from "./cache/index.ts";
import type { Problem } from "./problems.ts";
import type { Severities } from "./rule-config.ts";
import { RUNS_FROM_TYPESCRIPT } from "./toolchain.ts";

/** Below this many provider files a helper costs more to start (20–60 ms) than it saves. */
export const THREADED_MIN_FILES = 100;
/**
 * What `auto` (the default) needs before it starts helpers. Each thread
 * warms its own engine up, so on 2 vCPUs a helper paid only on large
 * registries: cold runs against the floor, measured interleaved on a quiet
 * machine, 1.44× with one thread and 1.70× with a helper at 1,000 providers
 * × 50 models, 1.66× and 1.53× at 3,000, 1.41× and 0.91× at 10,000.
 */
export const AUTO_THREADED_MIN_FILES = 2000;
/** Helpers beyond this stop paying for their start-up on registries of today's sizes. */
const MAX_HELPERS = 3;

/** What a helper needs to check files exactly as the main thread would. */
export interface HelperTask {
  root: string;
  /** Provider file paths, in the main thread's order; helpers take them from the end. */
  files: string[];
  maxBytes: number;
  severities: Severities;
  canonicalIds: string[] | null;
  providerPaths: string[];
  today: string;
  /** Also return each file's content digest, for the content cache. */
  digests: boolean;
  /** Also return each valid file's data, as written (`build` renders it). */
  data: boolean;
}

/** One file's result from a helper. */
export interface HelperResult {
  at: number;
  name: unknown;
  problems: Problem[];
  /** The file's text, when it has problems (a formatter quotes it). */
  text?: string;
  digest?: string;
  /** The file's stat, taken before it was read (with the digest). */
  stamp?: FileStamp;
  /** The file's data, when it passed the schema and the task asks for it. */
  provider?: unknown;
  /** The file could not be read as a regular file: its one problem says why. */
  refused?: boolean;
}

/** Who checks a file: nobody yet, the main thread, or a helper — each file is claimed once, by compare-and-swap. */
const UNCLAIMED = 0;
const MAIN = 1;
const HELPER = 2;
/** Set in a file's `done` slot by the helper that checked it (or gave up on it). */
const DONE = 1;
/** A helper silent this long on a file it claimed is taken to have died: the main thread checks the file itself. */
const PATIENCE_MS = 30_000;

export interface Helpers {
  /**
   * The helpers' result for file `at`, when a helper has it (waiting for one
   * that is checking it right now); undefined when the main thread is to
   * check it itself.
   */
  take(at: number): HelperResult | undefined;
  stop(): Promise<void>;
}

interface SharedState {
  /** [0]: the next index, counting down, a helper will try to claim. */
  next: Int32Array;
  owner: Int32Array;
  done: Int32Array;
}

/** How many helper threads `auto` means on this machine. */
export function defaultHelpers(): number {
  return Math.max(0, Math.min(MAX_HELPERS, availableParallelism() - 1));
}

/** The helper module beside this one, as this toolchain runs it (TypeScript under Bun, compiled JavaScript under Node). */
function helperModule(): URL | undefined {
  // Node runs TypeScript only through a loader that a worker does not inherit.
  if (RUNS_FROM_TYPESCRIPT && !("bun" in process.versions)) return undefined;
  return new URL(RUNS_FROM_TYPESCRIPT ? "./validate-helper.ts" : "./validate-helper.js", import.meta.url);
}

type WorkerThreads = typeof import("node:worker_threads");

/** How many helpers to start for a registry of `files` provider files: `auto`, or the count asked for. */
export function helperCount(asked: number | "auto", files: number): number {
  if (asked === "auto") return files >= AUTO_THREADED_MIN_FILES ? defaultHelpers() : 0;
  return files >= THREADED_MIN_FILES ? asked : 0;
}

export function startHelpers(task: HelperTask, count: number): Helpers | undefined {
  if (count < 1) return undefined;
  const module = helperModule();
  if (!module) return undefined;
  // Loaded only here: a run without helpers never pays for it (up to 40 ms of Bun's start-up).
  const { MessageChannel, receiveMessageOnPort, Worker } = createRequire(import.meta.url)("node:worker_threads") as WorkerThreads;
  const shared: SharedState = {
    next: new Int32Array(new SharedArrayBuffer(4)),
    owner: new Int32Array(new SharedArrayBuffer(4 * task.files.length)),
    done: new Int32Array(new SharedArrayBuffer(4 * task.files.length)),
  };
  shared.next[0] = task.files.length - 1;
  const ports: MessagePort[] = [];
  const workers: Worker[] = [];
  try {
    for (let i = 0; i < count; i++) {
      const { port1, port2 } = new MessageChannel();
      ports.push(port1);
      workers.push(new Worker(module, { workerData: { task, shared, port: port2 }, transferList: [port2] }));
    }
  } catch {
    for (const worker of workers) void worker.terminate();
    return undefined;
  }
  // A helper that fails gives up its files: the main thread checks whatever no helper finished.
  for (const worker of workers) worker.on("error", () => {});
  const results = new Map<number, HelperResult>();
  const drain = () => {
    for (const port of ports) {
      for (let message = receiveMessageOnPort(port); message; message = receiveMessageOnPort(port)) {
        const result = message.message as HelperResult;
        results.set(result.at, result);
      }
    }
  };
  const collect = (at: number) => {
    drain();
    const result = results.get(at);
    results.delete(at);
    return result;
  };
  return {
    take(at) {
      if (Atomics.compareExchange(shared.owner, at, UNCLAIMED, MAIN) === UNCLAIMED) return undefined;
      // A helper has it: done already, or soon.
      if (Atomics.wait(shared.done, at, 0, PATIENCE_MS) === "timed-out") return undefined;
      return collect(at);
    },
    async stop() {
      // Whatever no helper has claimed yet is the main thread's: helpers stop at the first such file.
      for (let at = 0; at < task.files.length; at++) Atomics.compareExchange(shared.owner, at, UNCLAIMED, MAIN);
      for (const port of ports) port.close();
      await Promise.all(workers.map((worker) => worker.terminate()));
    },
  };
}

/** The helper's side: claim files from the back until one is already the main thread's. */
export async function runHelper(
  data: { task: HelperTask; shared: SharedState; port: MessagePort },
  check: (file: string) => Promise<Omit<HelperResult, "at">>,
): Promise<void> {
  const { task, shared, port } = data;
  for (;;) {
    const at = Atomics.sub(shared.next, 0, 1);
    if (at < 0 || Atomics.compareExchange(shared.owner, at, UNCLAIMED, HELPER) !== UNCLAIMED) break;
    let result: Omit<HelperResult, "at"> | undefined;
    try {
      result = await check(task.files[at]!);
    } catch {
      result = undefined; // the main thread checks it and reports whatever went wrong
    }
    if (result) port.postMessage({ at, ...result } satisfies HelperResult);
    Atomics.store(shared.done, at, DONE);
    Atomics.notify(shared.done, at);
  }
  port.close();
}
