/**
 * Running one command as a real process and measuring it: wall time from the
 * parent, peak memory (maximum resident set size) from the operating system.
 *
 * Node cannot report a child's resource usage (spawnSync returns no rusage),
 * so the peak comes from one of two places, in this order:
 * - Bun's spawnSync, which returns the rusage `wait4` gave for exactly that
 *   child (the benchmark runs under Bun, so this is the normal path);
 * - GNU time (`/usr/bin/time -f %M`), which reports the same figure, when the
 *   caller runs under Node (tests) and it is installed.
 * Without either, the peak is reported as unknown rather than guessed.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";

export interface ProcessRun {
  /** Exit code; -1 when the process was killed (timeout, signal). */
  code: number;
  wallMs: number;
  /** Peak resident set size in bytes, when the OS reported it. */
  peakRssBytes: number | undefined;
  /** User + system CPU time of the process, when the OS reported it (several threads can exceed wall time). */
  cpuMs: number | undefined;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  cwd: string;
  env?: NodeJS.ProcessEnv;
  /** Kill the process after this long (it then counts as failed). */
  timeoutMs?: number;
}

export const GNU_TIME = "/usr/bin/time";

export type MemorySource = "bun-rusage" | "gnu-time" | "none";

interface BunSpawnSync {
  spawnSync(
    argv: string[],
    options: { cwd: string; env: Record<string, string | undefined>; stdin: "ignore"; stdout: "pipe"; stderr: "pipe"; timeout?: number },
  ): { exitCode: number | null; stdout?: Uint8Array; stderr?: Uint8Array; resourceUsage?: { maxRSS: number; cpuTime: { total: bigint | number } } };
}

function bunRuntime(): BunSpawnSync | undefined {
  return (globalThis as { Bun?: BunSpawnSync }).Bun;
}

/** Where peak memory figures come from in this process. */
export function memorySource(): MemorySource {
  if (bunRuntime()) return "bun-rusage";
  if (existsSync(GNU_TIME)) return "gnu-time";
  return "none";
}

const decoder = new TextDecoder();

/** Run `argv` once, with no standard input, capturing its output. */
export function runProcess(argv: readonly string[], options: RunOptions): ProcessRun {
  const env = options.env ?? process.env;
  const source = memorySource();
  if (source === "bun-rusage") {
    const bun = bunRuntime()!;
    const started = performance.now();
    const result = bun.spawnSync([...argv], { cwd: options.cwd, env, stdin: "ignore", stdout: "pipe", stderr: "pipe", timeout: options.timeoutMs });
    const wallMs = performance.now() - started;
    return {
      code: result.exitCode ?? -1,
      wallMs,
      peakRssBytes: result.resourceUsage?.maxRSS,
      // Bun reports CPU time in microseconds.
      cpuMs: result.resourceUsage ? Number(result.resourceUsage.cpuTime.total) / 1000 : undefined,
      stdout: result.stdout ? decoder.decode(result.stdout) : "",
      stderr: result.stderr ? decoder.decode(result.stderr) : "",
    };
  }
  let report: string | undefined;
  let command = [...argv];
  if (source === "gnu-time") {
    // -o keeps time's own line out of the command's stderr.
    report = join(mkdtempSync(join(tmpdir(), "bench-time-")), "rusage");
    command = [GNU_TIME, "-f", "%M %U %S", "-o", report, ...argv];
  }
  try {
    const started = performance.now();
    const result = spawnSync(command[0]!, command.slice(1), {
      cwd: options.cwd,
      env,
      stdio: ["ignore", "pipe", "pipe"],
      encoding: "utf8",
      maxBuffer: 1 << 30,
      timeout: options.timeoutMs,
    });
    const wallMs = performance.now() - started;
    let peakRssBytes: number | undefined;
    let cpuMs: number | undefined;
    if (report !== undefined) {
      // GNU time prints "Command exited with non-zero status N" before the figures.
      const lines = readFileSync(report, "utf8").trim().split("\n");
      const [kilobytes, user, system] = lines[lines.length - 1]!.split(" ").map(Number);
      if (kilobytes !== undefined && Number.isFinite(kilobytes) && kilobytes > 0) peakRssBytes = kilobytes * 1024;
      if (user !== undefined && system !== undefined && Number.isFinite(user + system)) cpuMs = (user + system) * 1000;
    }
    return { code: result.status ?? -1, wallMs, peakRssBytes, cpuMs, stdout: result.stdout ?? "", stderr: result.stderr ?? "" };
  } finally {
    if (report !== undefined) rmSync(join(report, ".."), { recursive: true, force: true });
  }
}

export interface Summary {
  runs: number;
  /** Every timed run's wall time, in run order. */
  timesMs: number[];
  medianMs: number;
  minMs: number;
  maxMs: number;
  /** The highest peak over all runs (a budget holds only if every run fits). */
  peakRssBytes: number | undefined;
  medianCpuMs: number | undefined;
}

export function median(values: readonly number[]): number {
  if (values.length === 0) throw new Error("median of no values");
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

export function summarise(runs: readonly ProcessRun[]): Summary {
  const times = runs.map((run) => run.wallMs);
  const peaks = runs.map((run) => run.peakRssBytes);
  const cpu = runs.map((run) => run.cpuMs);
  return {
    runs: runs.length,
    timesMs: times,
    medianMs: median(times),
    minMs: Math.min(...times),
    maxMs: Math.max(...times),
    peakRssBytes: peaks.every((peak) => peak !== undefined) ? Math.max(...(peaks as number[])) : undefined,
    medianCpuMs: cpu.every((ms) => ms !== undefined) ? median(cpu as number[]) : undefined,
  };
}
