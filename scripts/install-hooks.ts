#!/usr/bin/env bun
/**
 * `npm run hooks:install`: makes git run scripts/hooks/pre-commit before each
 * commit, which validates the staged registry files. The installed hook only
 * calls the tracked script, so later changes to it need no reinstall. An
 * existing hook of another origin is left alone unless `--force` is given.
 */
import { execFileSync } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { commandHint, runCli } from "./lib/cli.ts";
import { RefusedError, UsageError } from "./lib/errors.ts";

const MARKER = "# installed by provider-registry hooks:install";

function hookText(): string {
  return `#!/bin/sh\n${MARKER}\nexec "$(git rev-parse --show-toplevel)/scripts/hooks/pre-commit" "$@"\n`;
}

await runCli("hooks:install", async () => {
  const args = process.argv.slice(2);
  const unknown = args.filter((arg) => arg !== "--force");
  if (unknown.length > 0) throw new UsageError(`unknown argument ${unknown[0]} (usage: ${commandHint("hooks:install", ["[--force]"])})`);
  const force = args.includes("--force");
  let hooksDir: string;
  try {
    hooksDir = resolve(execFileSync("git", ["rev-parse", "--git-path", "hooks"], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] }).trim());
  } catch {
    throw new UsageError("not inside a git repository");
  }
  const target = join(hooksDir, "pre-commit");
  if (existsSync(target) && !readFileSync(target, "utf8").includes(MARKER) && !force) {
    throw new RefusedError(
      `${target} already exists and was not installed here; nothing was changed (\`${commandHint("hooks:install", ["--force"])}\` replaces it)`,
    );
  }
  mkdirSync(hooksDir, { recursive: true });
  writeFileSync(target, hookText());
  chmodSync(target, 0o755);
  process.stdout.write(`✔ pre-commit hook installed: each commit validates the registry files it stages (${target})\n`);
  return 0;
});
