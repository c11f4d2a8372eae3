/**
 * What every command-line entry point shares: usage errors exit 2, expected
 * failures print one line, and nothing reaches a user as a stack trace.
 */
import { statSync } from "node:fs";
import { resolve } from "node:path";
import type { Command } from "commander";
import { RefusedError, UsageError } from "./errors.ts";
import { CANONICAL_FILE, isRegistryRoot, PROVIDERS_DIR } from "./registry-layout.ts";
import { DirectorySource } from "./source.ts";
import { writeErr, writeOut } from "./output.ts";

export function configureExits(program: Command): Command {
  program.exitOverride();
  // Help and errors go out as every command's own output does: written whole, a closed pipe ending quietly.
  program.configureOutput({ writeOut, writeErr, outputError: (text, write) => write(text) });
  for (const command of program.commands) configureExits(command);
  return program;
}

export interface CliOptions {
  /**
   * The command writes only through ./output.ts, so process.stdout and
   * process.stderr are left uncreated (Bun spends 15–25 ms of start-up
   * building the first) and need no guard.
   */
  directOutput?: boolean;
}

/** Run `main`, mapping errors to exit codes: 0 ok, 1 refused or invalid, 2 usage. */
export async function runCli(name: string, main: () => Promise<number>, { directOutput = false }: CliOptions = {}): Promise<void> {
  if (!directOutput) guardStreams();
  // After the command's own output, on the same channel, so the lines stay in order.
  const say = directOutput ? writeErr : (text: string) => void process.stderr.write(text);
  let code: number;
  try {
    code = await main();
  } catch (error) {
    if (isCommanderError(error)) {
      // Commander has already printed its message (or the help text).
      code = error.code === "commander.helpDisplayed" || error.code === "commander.version" || error.exitCode === 0 ? 0 : 2;
    } else if (error instanceof UsageError) {
      say(`${name}: ${error.message}\n`);
      code = 2;
    } else if (error instanceof RefusedError) {
      say(`${name}: ${error.message}\n`);
      code = 1;
    } else {
      const message = error instanceof Error ? error.message : String(error);
      say(`${name}: unexpected failure: ${message}\n`);
      code = 1;
    }
  }
  // Set the code and let the process end by itself: process.exit() would cut
  // off a large report still being written to a slow pipe.
  process.exitCode = code;
}

/** For a command that writes through process.stdout and process.stderr: a reader that stops early (`| head`) is not a failure. */
function guardStreams(): void {
  for (const stream of [process.stdout, process.stderr]) {
    stream.on("error", (error: NodeJS.ErrnoException) => {
      if (error.code === "EPIPE") process.exit(process.exitCode ?? 0);
      // Any other output failure: nothing more can be said on that stream.
      process.exitCode = 1;
    });
  }
}

/** Commander's own errors, recognised without loading commander (validate loads it only on demand). */
function isCommanderError(error: unknown): error is Error & { code: string; exitCode: number } {
  const code = (error as { code?: unknown } | null)?.code;
  return error instanceof Error && typeof code === "string" && code.startsWith("commander.");
}

/** The absolute registry root for `--root`, or a usage error when it is no registry. */
export function registryRoot(option: string, { mustBeRegistry = true } = {}): { root: string; source: DirectorySource } {
  const root = resolve(option);
  let isDirectory = false;
  try {
    isDirectory = statSync(root).isDirectory();
  } catch {
    // reported below
  }
  if (!isDirectory) throw new UsageError(`registry root ${option} is not a directory`);
  const source = new DirectorySource(root);
  if (mustBeRegistry && !isRegistryRoot(root)) {
    throw new UsageError(`${option} is not a registry: it has neither ${CANONICAL_FILE} nor ${PROVIDERS_DIR}/`);
  }
  return { root, source };
}

/** Set by the installed `provider-registry` command before it runs a script. */
export const INSTALLED_CLI_ENV = "PROVIDER_REGISTRY_CLI";

/**
 * The command line a user should type to run `script` with `args`, in the way
 * they started this one: `npm run build -- --check` under npm (which puts no
 * `bun` on PATH), `provider-registry build --check` from the installed CLI,
 * `bun run build --check` otherwise. Hints printed by any command use it.
 */
export function commandHint(script: string, args: readonly string[] = [], env: NodeJS.ProcessEnv = process.env): string {
  const rest = args.length > 0 ? ` ${args.join(" ")}` : "";
  if (env[INSTALLED_CLI_ENV]) return `${env[INSTALLED_CLI_ENV]} ${script}${rest}`;
  // npm names itself in the user agent (and npm_execpath) of every script it starts.
  const agent = env.npm_config_user_agent ?? (/npm-cli\.js$/.test(env.npm_execpath ?? "") ? "npm/" : "");
  if (agent.startsWith("npm/")) return `npm run ${script}${args.length > 0 ? ` --${rest}` : ""}`;
  if (agent.startsWith("pnpm/")) return `pnpm run ${script}${rest}`;
  if (agent.startsWith("yarn/")) return `yarn ${script}${rest}`;
  return `bun run ${script}${rest}`;
}
