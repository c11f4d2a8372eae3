/**
 * `serve` under load (SPEC §7): requests per second and p50/p99 latency on
 * three routes, for the real `serve` process and for a minimal static
 * node:http server answering with the same bytes, measured in turns in one
 * run with autocannon. Budget: `serve` does at least 0.8× the static
 * server's requests per second on the file route.
 *
 * Both servers run as processes under the project's Bun, on the bitrouter
 * snapshot (it has the router view the file route serves); the load
 * generator runs in this process.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { cpSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { request } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { BudgetLine } from "./budgets.ts";
import { BUN, childEnvironment } from "./commands.ts";
import { REPO_ROOT, SHARED } from "./corpora.ts";

export const SERVER_ROUTES = [
  { label: "/v1/models/{id}", path: "/v1/models/anthropic/claude-fable-5" },
  { label: "/v1/route?model=", path: "/v1/route?model=anthropic/claude-fable-5" },
  { label: "/registry/providers.json", path: "/registry/providers.json" },
] as const;

/** The route the budget is about. */
export const FILE_ROUTE = "/registry/providers.json";
export const SERVER_BUDGET = 0.8;

export interface LoadFigures {
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  errors: number;
  non2xx: number;
}

export interface ServerRouteResult {
  route: string;
  bytes: number;
  serve: LoadFigures;
  static: LoadFigures;
}

export interface ServerBenchResult {
  snapshot: string;
  connections: number;
  durationSeconds: number;
  rounds: number;
  routes: ServerRouteResult[];
}

export interface ServerBenchOptions {
  rounds: number;
  durationSeconds: number;
  connections: number;
  log(line: string): void;
}

export const SERVER_SNAPSHOT = join(SHARED, "corpora/bitrouter/dist");

function startProcess(argv: string[]): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(argv[0]!, argv.slice(1), { cwd: REPO_ROOT, env: childEnvironment(), stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stderr!.on("data", (chunk) => (stderr += chunk));
  return new Promise((resolve, reject) => {
    child.stdout!.on("data", (chunk) => {
      stdout += chunk;
      const match = /listening on (http:\/\/\S+)/.exec(stdout);
      if (match) resolve({ child, url: match[1]! });
    });
    child.once("exit", (code) => reject(new Error(`${argv.slice(1, 2).join(" ")} exited ${code} before listening: ${stderr.trim().split("\n").pop() ?? ""}`)));
  });
}

function fetchBytes(url: string): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    request(url, { agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (chunk: Buffer) => chunks.push(chunk));
      res.on("end", () => (res.statusCode === 200 ? resolve(Buffer.concat(chunks)) : reject(new Error(`${url}: HTTP ${res.statusCode}`))));
    })
      .on("error", reject)
      .end();
  });
}

async function load(url: string, options: ServerBenchOptions, durationSeconds: number): Promise<LoadFigures> {
  const { default: autocannon } = await import("autocannon");
  const result = await autocannon({ url, connections: options.connections, duration: durationSeconds });
  return {
    requestsPerSecond: result.requests.average,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
  };
}

function best(runs: LoadFigures[]): LoadFigures {
  // The round with the most requests per second: the one least disturbed by other work on the machine.
  return runs.reduce((a, b) => (b.requestsPerSecond > a.requestsPerSecond ? b : a));
}

export async function runServerBench(options: ServerBenchOptions): Promise<ServerBenchResult> {
  const work = mkdtempSync(join(tmpdir(), "registry-bench-serve-"));
  const children: ChildProcess[] = [];
  try {
    const snapshot = join(work, "snapshot");
    cpSync(SERVER_SNAPSHOT, snapshot, { recursive: true });
    const serve = await startProcess([BUN, join(REPO_ROOT, "scripts/serve.ts"), "--snapshot", snapshot, "--port", "0", "--no-watch"]);
    children.push(serve.child);
    // The static server answers with exactly the bytes serve sends.
    const manifest: Record<string, string> = {};
    const sizes = new Map<string, number>();
    for (const [i, route] of SERVER_ROUTES.entries()) {
      const bytes = await fetchBytes(`${serve.url}${route.path}`);
      const file = join(work, `answer-${i}.json`);
      writeFileSync(file, bytes);
      manifest[route.path] = file;
      sizes.set(route.path, bytes.length);
    }
    const manifestFile = join(work, "manifest.json");
    writeFileSync(manifestFile, JSON.stringify(manifest));
    const reference = await startProcess([BUN, join(REPO_ROOT, "scripts/lib/bench/static-server.ts"), manifestFile]);
    children.push(reference.child);

    const runs = new Map<string, { serve: LoadFigures[]; static: LoadFigures[] }>(SERVER_ROUTES.map((route) => [route.path, { serve: [], static: [] }]));
    for (const route of SERVER_ROUTES) {
      // Untimed: JIT and connection set-up.
      await load(`${serve.url}${route.path}`, options, 1);
      await load(`${reference.url}${route.path}`, options, 1);
    }
    for (let round = 1; round <= options.rounds; round++) {
      for (const route of SERVER_ROUTES) {
        // Alternate which goes first, so neither always meets the machine warmer.
        const order = round % 2 === 1 ? (["serve", "static"] as const) : (["static", "serve"] as const);
        for (const which of order) {
          const figures = await load(`${(which === "serve" ? serve : reference).url}${route.path}`, options, options.durationSeconds);
          runs.get(route.path)![which].push(figures);
          options.log(
            `  server ${which} ${route.label} ${round}/${options.rounds}: ${Math.round(figures.requestsPerSecond)} req/s, p50 ${figures.p50Ms} ms, p99 ${figures.p99Ms} ms`,
          );
        }
      }
    }
    return {
      snapshot: "shared/corpora/bitrouter/dist",
      connections: options.connections,
      durationSeconds: options.durationSeconds,
      rounds: options.rounds,
      routes: SERVER_ROUTES.map((route) => ({
        route: route.label,
        bytes: sizes.get(route.path)!,
        serve: best(runs.get(route.path)!.serve),
        static: best(runs.get(route.path)!.static),
      })),
    };
  } finally {
    for (const child of children) child.kill("SIGTERM");
    rmSync(work, { recursive: true, force: true });
  }
}

/** The SPEC §7 budget line: requests per second of serve over the static server, on the file route (at least 0.8×). */
export function serverBudget(result: ServerBenchResult | undefined, failure?: string): BudgetLine {
  const budget = `serve / static server req/s, ${FILE_ROUTE}`;
  if (!result)
    return {
      budget,
      measured: undefined,
      limit: SERVER_BUDGET,
      unit: "x",
      atLeast: true,
      status: failure ? "FAIL" : "SKIP",
      note: failure ?? "server not run",
    };
  const file = result.routes.find((route) => route.route === FILE_ROUTE)!;
  const failed = result.routes.flatMap((route) => [route.serve, route.static]).some((figures) => figures.errors > 0 || figures.non2xx > 0);
  const measured = file.serve.requestsPerSecond / file.static.requestsPerSecond;
  if (failed) return { budget, measured, limit: SERVER_BUDGET, unit: "x", atLeast: true, status: "FAIL", note: "errors or non-2xx answers under load" };
  return { budget, measured, limit: SERVER_BUDGET, unit: "x", atLeast: true, status: measured >= SERVER_BUDGET ? "PASS" : "FAIL" };
}

const integer = new Intl.NumberFormat("en-US", { maximumFractionDigits: 0 });

/** The server table: one row per route and server. */
export function formatServerTable(result: ServerBenchResult): string {
  const header = ["route", "server", "bytes", "req/s", "p50 ms", "p99 ms", "vs static"];
  const rows: string[][] = [];
  for (const route of result.routes) {
    for (const which of ["serve", "static"] as const) {
      const figures = route[which];
      rows.push([
        route.route,
        which === "serve" ? "serve" : "static node:http",
        integer.format(route.bytes),
        integer.format(figures.requestsPerSecond),
        String(figures.p50Ms),
        String(figures.p99Ms),
        which === "serve" ? `${(route.serve.requestsPerSecond / route.static.requestsPerSecond).toFixed(2)}x` : "",
      ]);
    }
  }
  const widths = header.map((cell, column) => Math.max(cell.length, ...rows.map((row) => row[column]!.length)));
  const render = (row: string[]) =>
    row
      .map((cell, column) => (column < 2 ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!)))
      .join("  ")
      .trimEnd();
  return [
    `serve on ${result.snapshot}: autocannon, ${result.connections} connections, best of ${result.rounds} × ${result.durationSeconds} s per route and server, in turns`,
    render(header),
    ...rows.map(render),
  ].join("\n");
}
