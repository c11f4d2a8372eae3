/**
 * A place to run documented commands exactly as written: a fresh copy of
 * this repository (test/helpers.ts repositoryCopy), a shell, and what a
 * reader has — npm and git on PATH, and `bun` for the commands written for
 * Bun users. npm works offline (from its cache), so nothing reaches the
 * network; git has no user configuration.
 */
import { spawn, spawnSync } from "node:child_process";
import { mkdirSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { BUN, GIT_TEST_ENV, NESTED_SUITE_ENV, plainEnv, repositoryCopy, tempDir, type CliResult } from "../helpers.ts";

export class Sandbox {
  readonly repo: string;
  readonly summary: string;
  private readonly env: NodeJS.ProcessEnv;

  constructor() {
    this.repo = repositoryCopy();
    const tools = tempDir("tools-");
    mkdirSync(join(tools, "bin"));
    symlinkSync(BUN, join(tools, "bin/bun"));
    this.summary = join(tools, "step-summary.md");
    writeFileSync(this.summary, "");
    this.env = plainEnv({
      ...GIT_TEST_ENV,
      PATH: `${join(tools, "bin")}:${process.env.PATH ?? ""}`,
      npm_config_offline: "true",
      npm_config_audit: "false",
      npm_config_fund: "false",
      npm_config_update_notifier: "false",
      GITHUB_STEP_SUMMARY: this.summary,
      [NESTED_SUITE_ENV]: "1",
      // A reader who asks `route … --env` has a provider key set: this one is a placeholder, never sent anywhere.
      ANTHROPIC_API_KEY: "placeholder-for-route-examples",
    });
  }

  /**
   * Starts a command that serves until stopped (`serve`): it works when it
   * says it is serving, and it is left serving (see stopServers).
   */
  private readonly servers: number[] = [];

  /** Stops every server `serve` left running, and what they started. */
  async stopServers(): Promise<void> {
    for (const pid of this.servers.splice(0)) {
      try {
        process.kill(-pid, "SIGTERM");
      } catch {
        // already gone
      }
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }

  async serve(command: string, ready: RegExp, waitMs = 60_000): Promise<CliResult & { ready: boolean }> {
    const child = spawn("bash", ["-e", "-o", "pipefail", "-c", command], { cwd: this.repo, env: this.env, detached: true, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk) => (stdout += chunk));
    const outcome = await new Promise<{ code: number; ready: boolean }>((resolve) => {
      const timer = setTimeout(() => resolve({ code: -1, ready: false }), waitMs);
      child.stderr.on("data", (chunk) => {
        stderr += chunk;
        if (ready.test(stderr)) {
          clearTimeout(timer);
          resolve({ code: 0, ready: true });
        }
      });
      child.on("exit", (code) => {
        clearTimeout(timer);
        resolve({ code: code ?? -1, ready: false });
      });
    });
    // A server that serves keeps serving for the commands after it (a `curl` example), until stopServers.
    if (outcome.ready) {
      this.servers.push(child.pid!);
      return { ...outcome, stdout, stderr };
    }
    try {
      process.kill(-child.pid!, "SIGTERM");
    } catch {
      // already gone
    }
    await new Promise((resolve) => (child.exitCode !== null ? resolve(undefined) : child.on("exit", resolve)));
    return { ...outcome, stdout, stderr };
  }

  /** Runs `command` with bash in the repository (or `cwd` inside it), stopping at the first failing part. */
  run(command: string, env: NodeJS.ProcessEnv = {}, cwd = this.repo): CliResult {
    const result = spawnSync("bash", ["-e", "-o", "pipefail", "-c", command], { cwd, env: { ...this.env, ...env }, encoding: "utf8", timeout: 600_000 });
    return { code: result.status ?? -1, stdout: result.stdout ?? "", stderr: result.stderr ?? "" };
  }
}
