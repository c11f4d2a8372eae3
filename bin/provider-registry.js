#!/usr/bin/env node
/**
 * `provider-registry <command> [options]`: the toolchain for a registry in
 * any repository. Runs the JavaScript compiled from scripts/*.ts when the
 * package was packed (plain Node ≥ 20 or Bun); in a checkout of the source it
 * runs the TypeScript under the project's Bun instead.
 */
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const COMMANDS = {
  validate: "check every registry file against the schema and the cross-file rules",
  build: "write the read-only snapshot (dist/, schemas/, the npm package)",
  diff: "the semantic diff between two git refs (or a ref and the working tree)",
  manage: "change providers and canonical models without hand-editing YAML",
  release: "the next snapshot version, its changelog entry and tag, from the diff since the last release",
  serve: "a read-only HTTP API over the snapshot",
  sync: "refresh declared catalogues and prices from their feeds",
};

const PACKAGE = join(dirname(fileURLToPath(import.meta.url)), "..");
const [command, ...rest] = process.argv.slice(2);

/** Compiled when packed; the TypeScript source in a checkout. */
function scriptOf(name) {
  const compiled = join(PACKAGE, "cli/scripts", `${name}.js`);
  if (existsSync(compiled)) return { compiled };
  const source = join(PACKAGE, "scripts", `${name}.ts`);
  return existsSync(source) ? { source } : undefined;
}

/** The commands this copy of the toolchain has. */
const available = Object.fromEntries(Object.entries(COMMANDS).filter(([name]) => scriptOf(name)));

function usage(stream) {
  const width = Math.max(...Object.keys(available).map((name) => name.length));
  const lines = Object.entries(available).map(([name, what]) => `  ${name.padEnd(width)}  ${what}`);
  stream.write(`Usage: provider-registry <command> [options]\n\nCommands:\n${lines.join("\n")}\n\nEvery command takes --help and --root DIR (default: the current directory).\n`);
}

if (command === undefined || command === "--help" || command === "-h" || command === "help") {
  usage(process.stdout);
} else if (!Object.hasOwn(available, command)) {
  process.stderr.write(`provider-registry: unknown command \`${command}\`\n\n`);
  usage(process.stderr);
  process.exitCode = 2;
} else {
  // Hints printed by the commands name this command line, not `npm run …`.
  process.env.PROVIDER_REGISTRY_CLI = "provider-registry";
  const { compiled, source } = scriptOf(command);
  if (compiled) {
    process.argv = [process.argv[0], compiled, ...rest];
    await import(pathToFileURL(compiled).href);
  } else {
    const bun = join(PACKAGE, "node_modules/.bin/bun");
    if (!existsSync(bun)) {
      process.stderr.write("provider-registry: this checkout is not compiled (run `npm install`, then `npm run compile`)\n");
      process.exitCode = 1;
    } else {
      const result = spawnSync(bun, [source, ...rest], { stdio: "inherit" });
      process.exitCode = result.status ?? 1;
    }
  }
}
