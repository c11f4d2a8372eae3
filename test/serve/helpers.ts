/** Real HTTP against `serve` on 127.0.0.1: raw bytes, no client-side decoding. */
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { request } from "node:http";
import { join } from "node:path";
import { afterAll } from "vitest";
import { startServer, type Origin, type RunningServer } from "../../scripts/lib/serve/index.ts";
import type { Limits } from "../../scripts/lib/serve/server.ts";
import { BUN, CORPORA, REPO_ROOT } from "../helpers.ts";

export const HAS_CORPORA = existsSync(CORPORA);
if (!HAS_CORPORA) console.log(`serve tests on the shared corpora skipped: ${CORPORA} is not there`);

export const UPSTREAM_DIST = join(CORPORA, "upstream/dist");
export const UPSTREAM_ROOT = join(CORPORA, "upstream");
export const BITROUTER_DIST = join(CORPORA, "bitrouter/dist");

export interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
  text: string;
  json(): any;
}

export function get(base: string, path: string, headers: Record<string, string> = {}, method = "GET"): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(`${base}${path}`, { method, headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (chunk: Buffer) => chunks.push(chunk));
      res.on("end", () => {
        const body = Buffer.concat(chunks);
        const text = body.toString("utf8");
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body, text, json: () => JSON.parse(text) });
      });
      res.on("error", reject);
    });
    req.on("error", reject);
    req.end();
  });
}

const running: RunningServer[] = [];
afterAll(async () => {
  await Promise.all(running.splice(0).map((server) => server.close()));
});

/** The server in this process, on a free port; closed after the test file. */
export async function serveInProcess(
  origin: Origin,
  options: { limits?: Partial<Limits>; watch?: boolean; pollMs?: number; fsWatch?: boolean; log?: (line: string) => void } = {},
): Promise<RunningServer> {
  const server = await startServer({
    origin,
    host: "127.0.0.1",
    port: 0,
    watch: options.watch ?? false,
    pollMs: options.pollMs ?? 0,
    fsWatch: options.fsWatch ?? true,
    debounceMs: 50,
    ...(options.limits ? { limits: options.limits } : {}),
    ...(options.log ? { log: options.log } : {}),
  });
  running.push(server);
  return server;
}

const children: ChildProcess[] = [];
afterAll(() => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill("SIGTERM");
});

/** `bun scripts/serve.ts …` as a real process; resolves with its URL once it listens. */
export function serveProcess(args: string[]): Promise<{ url: string; child: ChildProcess; stderr: () => string }> {
  const child = spawn(BUN, [join(REPO_ROOT, "scripts/serve.ts"), "--port", "0", ...args], {
    cwd: REPO_ROOT,
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, NO_COLOR: "1" },
  });
  children.push(child);
  let stdout = "";
  let stderr = "";
  child.stderr!.on("data", (chunk) => (stderr += chunk));
  return new Promise((resolve, reject) => {
    child.stdout!.on("data", (chunk) => {
      stdout += chunk;
      const match = /listening on (http:\/\/\S+)/.exec(stdout);
      if (match) resolve({ url: match[1]!, child, stderr: () => stderr });
    });
    child.on("exit", (code) => reject(new Error(`serve exited ${code} before listening: ${stderr}`)));
  });
}

/** Runs `bun scripts/serve.ts …` expecting it to exit. */
export function serveExit(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(BUN, [join(REPO_ROOT, "scripts/serve.ts"), ...args], { cwd: REPO_ROOT, stdio: ["ignore", "pipe", "pipe"] });
  children.push(child);
  let stdout = "";
  let stderr = "";
  child.stdout!.on("data", (chunk) => (stdout += chunk));
  child.stderr!.on("data", (chunk) => (stderr += chunk));
  return new Promise((resolve) => child.on("exit", (code) => resolve({ code, stdout, stderr })));
}
