#!/usr/bin/env bun
/**
 * `npm run compile` (run by `npm pack` too): scripts/*.ts → cli/**.js for the
 * installable `provider-registry` command, so it runs under plain Node ≥ 20.
 * tsc keeps the source layout, so every path a module finds relative to
 * itself (the package runtime, the committed schemas and types beside the
 * toolchain root) is where it expects it; every other file under scripts/
 * (JavaScript sources, templates) and those committed files are copied as
 * they are.
 */
import { spawnSync } from "node:child_process";
import { cpSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { TYPES_FILE } from "./lib/snapshot/derived.ts";
import { runCli } from "./lib/cli.ts";
import { RefusedError } from "./lib/errors.ts";

const ROOT = join(import.meta.dirname, "..");
const OUT = join(ROOT, "cli");
/** Files the toolchain reads relative to its root (scripts/lib/snapshot/derived.ts): every committed schema, the package's types. */
function committedFiles(): string[] {
  const schemas = readdirSync(join(ROOT, "schemas")).filter((name) => name.endsWith(".json"));
  return [...schemas.map((name) => `schemas/${name}`), TYPES_FILE, "LICENSE"];
}

function copy(relativePath: string): void {
  mkdirSync(dirname(join(OUT, relativePath)), { recursive: true });
  cpSync(join(ROOT, relativePath), join(OUT, relativePath));
}

await runCli("compile", async () => {
  rmSync(OUT, { recursive: true, force: true });
  const tsc = spawnSync(join(ROOT, "node_modules/.bin/tsc"), ["-p", join(ROOT, "tsconfig.cli.json")], { stdio: "inherit" });
  if (tsc.status !== 0) throw new RefusedError("tsc failed (above); nothing usable was written to cli/");
  const assets = readdirSync(join(ROOT, "scripts"), { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && !entry.name.endsWith(".ts"))
    .map((entry) => relative(ROOT, join(entry.parentPath, entry.name)));
  for (const path of assets) copy(path);
  for (const path of committedFiles()) copy(path);
  // The nearest package.json decides that these .js files are ES modules; its
  // name and version are the fallback identity of a registry without one.
  const manifest = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { name: string; version: string; license: string };
  const identity = { name: manifest.name, version: manifest.version, license: manifest.license, private: true, type: "module" };
  writeFileSync(join(OUT, "package.json"), `${JSON.stringify(identity, null, 2)}\n`);
  process.stdout.write(`✔ compiled the toolchain into cli/ (${assets.length} other files of scripts/ copied)\n`);
  return 0;
});
