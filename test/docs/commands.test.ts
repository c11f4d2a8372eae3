/**
 * Every command the documentation shows — the fenced shell blocks of
 * README.md and CONTRIBUTING.md, the "Examples:" of every script's --help —
 * runs exactly as written on a fresh copy of this repository, in the order a
 * reader meets it (test/docs/runbook.ts says what the sandbox provides).
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { NESTED_SUITE, REPO_ROOT, runScript } from "../helpers.ts";
import { helpExamples, shellCommands, type DocCommand } from "./extract.ts";
import { runDocumented } from "./runbook.ts";
import { Sandbox } from "./sandbox.ts";

/** README.md, CONTRIBUTING.md and every page of docs/ (each in its own sandbox). */
const DOCUMENTS = [
  "README.md",
  "CONTRIBUTING.md",
  ...readdirSync(join(REPO_ROOT, "docs"))
    .filter((name) => name.endsWith(".md"))
    .sort()
    .map((name) => `docs/${name}`),
];
const SCRIPTS = ["validate", "build", "diff", "manage", "release", "bench"] as const;

function documentCommands(file: string): DocCommand[] {
  return shellCommands(readFileSync(join(REPO_ROOT, file), "utf8"), file);
}

/** The subcommands a --help lists under "Commands:" (commander's own `help` aside). */
function subcommands(help: string): string[] {
  const lines = help.split("\n");
  const start = lines.findIndex((line) => line.trim() === "Commands:");
  if (start < 0) return [];
  const names: string[] = [];
  for (const line of lines.slice(start + 1)) {
    const match = /^ {2}([a-z][\w-]*)/.exec(line);
    if (!match) break;
    if (match[1] !== "help") names.push(match[1]!);
  }
  return names;
}

/** The examples of a script's --help and of each of its subcommands' --help. */
function helpCommands(script: (typeof SCRIPTS)[number], path: string[] = []): DocCommand[] {
  const help = runScript(script, [...path, "--help"]);
  expect(help.code, help.stderr).toBe(0);
  const own = helpExamples(help.stdout, [script, ...path].join(" "));
  return [...own, ...subcommands(help.stdout).flatMap((name) => helpCommands(script, [...path, name]))];
}

/** Runs the commands in order in one sandbox; returns the ones that failed. */
async function failures(commands: DocCommand[]): Promise<string[]> {
  const sandbox = new Sandbox();
  const failed: string[] = [];
  try {
    for (const command of commands) {
      const outcome = await runDocumented(sandbox, command);
      if (!outcome.ok) failed.push(`${command.where}: ${outcome.detail}`);
    }
  } finally {
    await sandbox.stopServers();
  }
  return failed;
}

describe("the documented-commands check", () => {
  it("finds the commands: every shell block line, continuation lines joined, comments dropped", () => {
    const readme = documentCommands("README.md");
    expect(readme.length).toBeGreaterThan(10);
    expect(readme).toContainEqual({ where: expect.stringMatching(/^README\.md:\d+$/), command: "npm run validate" });
    const contributing = documentCommands("CONTRIBUTING.md");
    expect(contributing.find((c) => c.command.startsWith("npm run manage -- add acme"))?.command).toMatch(/--api-base https:\/\/\S+ --protocol openai/);
    // Blocks moved out of the README into docs/ are still found there (and so still run).
    expect(documentCommands("docs/performance.md").map((c) => c.command)).toContain("bun run bench --quick");
    expect(documentCommands("docs/snapshot.md").map((c) => c.command)).toContain("npm install provider-registry-snapshot");
    for (const script of ["validate", "build", "diff", "manage"] as const) expect(helpCommands(script).length, script).toBeGreaterThan(0);
  });

  it.skipIf(NESTED_SUITE)(
    "fails on a broken example, and names it",
    async () => {
      const file = "test/docs/fixtures/broken-example.md";
      const commands = documentCommands(file);
      expect(commands.map((c) => c.command)).toEqual(["npm run validate -- --format json", "npm run validate -- --formt json"]);
      const failed = await failures(commands);
      expect(failed).toHaveLength(1);
      expect(failed[0]).toMatch(/^test\/docs\/fixtures\/broken-example\.md:5: exit 2: npm run validate -- --formt json\n[\s\S]*unknown option '--formt'/);
    },
    120_000,
  );
});

describe.skipIf(NESTED_SUITE)("every documented command runs as written", () => {
  for (const file of DOCUMENTS) {
    it(`${file}, top to bottom`, async () => {
      expect(await failures(documentCommands(file))).toEqual([]);
    }, 600_000);
  }
  for (const script of SCRIPTS) {
    it(`${script} --help examples`, async () => {
      expect(await failures(helpCommands(script))).toEqual([]);
    }, 300_000);
  }
});
