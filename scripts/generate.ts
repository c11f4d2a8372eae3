#!/usr/bin/env bun
/**
 * `bun run generate [--check]`: writes everything derived from the Zod schema
 * into this checkout — validate's compiled shape check, the JSON Schemas
 * under schemas/, the snapshot package's types. Run it after editing
 * scripts/lib/schema.ts; `--check` writes nothing and exits 1 naming each
 * stale file.
 */
import { mkdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { writeFileAtomic } from "./lib/atomic-write.ts";
import { runCli } from "./lib/cli.ts";
import { UsageError } from "./lib/errors.ts";
import { derivedFiles } from "./lib/snapshot/derived.ts";

const TOOLCHAIN_ROOT = fileURLToPath(new URL("../", import.meta.url));

function current(path: string): string | undefined {
  try {
    return readFileSync(path, "utf8");
  } catch {
    return undefined;
  }
}

await runCli("generate", async () => {
  let check = false;
  try {
    check = parseArgs({ args: process.argv.slice(2), options: { check: { type: "boolean" } }, strict: true }).values.check ?? false;
  } catch (error) {
    throw new UsageError(`${(error as Error).message}\nusage: bun run generate [--check]`);
  }
  const stale: string[] = [];
  for (const [file, text] of await derivedFiles()) {
    const path = join(TOOLCHAIN_ROOT, file);
    if (current(path) === text) continue;
    stale.push(file);
    if (!check) {
      mkdirSync(dirname(path), { recursive: true });
      writeFileAtomic(path, text);
    }
  }
  if (check) {
    for (const file of stale) process.stdout.write(`stale: ${file} (run \`bun run generate\`)\n`);
    if (stale.length === 0) process.stdout.write("generated files are current\n");
    return stale.length === 0 ? 0 : 1;
  }
  process.stdout.write(stale.length === 0 ? "generated files are current\n" : stale.map((file) => `wrote ${file}\n`).join(""));
  return 0;
});
