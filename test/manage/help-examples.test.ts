/**
 * Every example `manage --help` shows runs as written on a copy of this
 * repository's own registry (the providers and models it names exist here),
 * in the order the help lists them, and each names the command the way the
 * user started manage.
 */
import { cpSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { REPO_ROOT, runScript, tempDir } from "../helpers.ts";
import { MANAGE_ENV } from "./helpers.ts";

const COMMANDS = [
  [],
  ["list"],
  ["show"],
  ["route"],
  ["add"],
  ["add-model"],
  ["update-model"],
  ["remove-model"],
  ["delete"],
  ["canonical"],
  ["canonical", "list"],
  ["canonical", "add"],
  ["canonical", "remove"],
];

/** What an example builds on: `canonical remove` removes what `canonical add`'s example adds. */
const SETUP: Record<string, string[][]> = { "canonical remove": [["canonical", "add", "acme/widget-1", "--name", "Acme: Widget 1"]] };

/** `route --env` counts a provider only when its key variable is set: the example's reader has Anthropic's. */
const ENV = { ...MANAGE_ENV, ANTHROPIC_API_KEY: "set-for-the-example" };

function ownRegistry(): string {
  const root = tempDir("manage-examples-");
  for (const entry of ["canonical.yaml", "providers"]) cpSync(join(REPO_ROOT, entry), join(root, entry), { recursive: true });
  return root;
}

/** `  $ bun run manage add-model openrouter … --output 25` → the arguments after `manage`, quotes honoured. */
function exampleArgs(help: string): string[][] {
  return [...help.matchAll(/^ {2}\$ bun run manage (.*)$/gm)].map((match) => [...match[1]!.matchAll(/"([^"]*)"|(\S+)/g)].map((part) => part[1] ?? part[2]!));
}

describe("the --help examples", () => {
  it.each(COMMANDS.map((command) => [command.join(" ") || "manage", command] as const))("%s: every example runs on this repository", (_name, command) => {
    const help = runScript("manage", [...command, "--help"], { env: MANAGE_ENV }).stdout;
    const examples = exampleArgs(help);
    expect(examples.length).toBeGreaterThan(0);
    const root = ownRegistry();
    for (const args of [...(SETUP[command.join(" ")] ?? []), ...examples]) {
      const result = runScript("manage", ["--root", root, ...args], { env: ENV });
      expect(result.code, `manage ${args.join(" ")}\n${result.stderr}`).toBe(0);
    }
  });

  it("name npm's form when manage was started through npm", () => {
    const help = runScript("manage", ["--help"], { env: { ...MANAGE_ENV, npm_config_user_agent: "npm/10.8.2 node/v20.19.0 linux x64" } }).stdout;
    expect(help).toContain("  $ npm run manage -- list\n");
    expect(help).not.toContain("bun run manage");
  });
});
