/**
 * Runs a documented command in a sandbox as a reader would, and says whether
 * it worked. What a fresh clone lacks and an example takes for granted is
 * put in place first, the same way for every example: a `../<dir>` an
 * example points `--root` at is another registry beside the repository (a
 * copy of this one), and a `vX.Y.Z` it names is a past release (a tag).
 * Two kinds of command cannot run here and are checked another way:
 * installing a published package (no network in tests: the package built
 * here, under the name the example uses, is installed instead) and the full
 * benchmark (minutes of both cores: each flag it uses must be one of its own).
 * A server (`serve`) runs until stopped: it is started, and stopped once it
 * serves. `sync` without a local feed file would need the network: its flags
 * are checked against its --help.
 */
import { cpSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { tempDir, type CliResult } from "../helpers.ts";
import type { DocCommand } from "./extract.ts";
import type { Sandbox } from "./sandbox.ts";

export interface Outcome {
  ok: boolean;
  /** What ran and what it printed, for the failure message. */
  detail: string;
}

function describeResult(command: string, result: CliResult): Outcome {
  return { ok: result.code === 0, detail: `exit ${result.code}: ${command}\n${result.stdout.slice(-2000)}\n${result.stderr.slice(-2000)}` };
}

function prepare(sandbox: Sandbox, command: string): void {
  for (const [, dir] of command.matchAll(/(?:^|\s)\.\.\/([\w.-]+(?:\/[\w.-]+)*)/g)) {
    const sibling = resolve(sandbox.repo, "..", dir!);
    if (existsSync(sibling)) continue;
    mkdirSync(sibling, { recursive: true });
    cpSync(join(sandbox.repo, "canonical.yaml"), join(sibling, "canonical.yaml"));
    cpSync(join(sandbox.repo, "providers"), join(sibling, "providers"), { recursive: true });
  }
  for (const [tag] of command.matchAll(/\bv\d+\.\d+\.\d+\b/g)) {
    if (sandbox.run(`git rev-parse -q --verify refs/tags/${tag}`).code !== 0) sandbox.run(`git tag ${tag} main`);
  }
}

/** `npm install <name>` of a published package: install the one built here instead, and check it carries that name. */
function installPublished(sandbox: Sandbox, name: string): Outcome {
  const built = JSON.parse(readFileSync(join(sandbox.repo, "dist/npm/package.json"), "utf8")) as { name: string };
  if (built.name !== name) return { ok: false, detail: `npm install ${name}: the package built here is named ${built.name}` };
  const project = tempDir("consumer-");
  writeFileSync(join(project, "package.json"), '{ "name": "consumer", "private": true, "type": "module" }\n');
  const installed = sandbox.run(`npm install --no-save ${JSON.stringify(join(sandbox.repo, "dist/npm"))}`, {}, project);
  if (installed.code !== 0) return describeResult(`npm install ${name} (as ./dist/npm)`, installed);
  const imported = sandbox.run(`node -e 'import(${JSON.stringify(name)}).then((m) => console.log(m.snapshot.providers.length))'`, {}, project);
  return describeResult(`import("${name}") after npm install ${name}`, imported);
}

/** The benchmark's flags, checked against its own --help (running it takes minutes). */
function checkBenchFlags(sandbox: Sandbox, command: string): Outcome {
  const help = sandbox.run("bun run bench --help");
  if (help.code !== 0) return describeResult("bun run bench --help", help);
  const unknown = [...command.matchAll(/\s(--[\w-]+)/g)]
    .map((match) => match[1]!)
    .filter((flag) => !help.stdout.includes(`${flag} `) && !help.stdout.includes(`${flag}\n`));
  return unknown.length === 0 ? { ok: true, detail: command } : { ok: false, detail: `${command}: bench has no ${unknown.join(", ")} (see bench --help)` };
}

/**
 * `sync` reads its feeds from the network (models.dev, providers' /v1/models),
 * which tests never reach: unless the command names a feed file that exists,
 * each flag it uses must be one of its own, as for the benchmark.
 */
function checkSyncFlags(sandbox: Sandbox, command: string): Outcome | undefined {
  const feed = /--models-dev\s+(\S+)/.exec(command)?.[1];
  if (feed !== undefined && existsSync(resolve(sandbox.repo, feed)) && !/--openrouter\s/.test(command)) return undefined;
  const help = sandbox.run("bun run sync --help");
  if (help.code !== 0) return describeResult("bun run sync --help", help);
  const unknown = [...command.matchAll(/\s(--[\w-]+)/g)]
    .map((match) => match[1]!)
    .filter((flag) => !help.stdout.includes(`${flag} `) && !help.stdout.includes(`${flag}\n`));
  return unknown.length === 0 ? { ok: true, detail: command } : { ok: false, detail: `${command}: sync has no ${unknown.join(", ")} (see sync --help)` };
}

/** `serve` runs until stopped: it works as written when it starts serving (then it is stopped). */
async function runServer(sandbox: Sandbox, command: string): Promise<Outcome> {
  const result = await sandbox.serve(command, /serve: serving snapshot /);
  return {
    ok: result.ready,
    detail: `${result.ready ? "served" : `exit ${result.code}`}: ${command}\n${result.stdout.slice(-2000)}\n${result.stderr.slice(-2000)}`,
  };
}

export async function runDocumented(sandbox: Sandbox, { command }: DocCommand): Promise<Outcome> {
  const published = /^npm install ([a-z@][\w@/.-]*)$/.exec(command);
  if (published) return installPublished(sandbox, published[1]!);
  if (/^(?:bun run|npm run) bench\b/.test(command)) return checkBenchFlags(sandbox, command);
  if (/^(?:bun run|npm run) sync\b/.test(command)) {
    const checked = checkSyncFlags(sandbox, command);
    if (checked) return checked;
  }
  prepare(sandbox, command);
  if (/^(?:bun run|npm run) serve\b/.test(command)) return runServer(sandbox, command);
  return describeResult(command, sandbox.run(command));
}
