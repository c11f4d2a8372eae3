#!/usr/bin/env bun
/**
 * The floor of SPEC §7: read canonical.yaml and every providers/*.yaml and
 * parse each with js-yaml's core schema (which rejects duplicate keys) —
 * nothing else. It runs as its own process under the same Bun as the
 * commands it is compared with, so start-up costs are alike on both sides of
 * each ratio.
 *
 *   bun scripts/lib/bench/floor.ts --root DIR   → {"files":N,"entries":N}
 *
 * `entries` (provider-model entries) costs one property read per file; the
 * benchmark prints it as the corpus size.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { CANONICAL_FILE } from "../registry-layout.ts";
import { loadWithCoreSchema } from "../yaml/core-schema.ts";
import { registryFiles } from "./corpora.ts";

const at = process.argv.indexOf("--root");
const root = at >= 0 ? process.argv[at + 1] : undefined;
if (root === undefined) {
  process.stderr.write("usage: floor.ts --root DIR\n");
  process.exit(2);
}

const files = registryFiles(root);
let entries = 0;
for (const file of files) {
  const data = loadWithCoreSchema(readFileSync(join(root, file), "utf8")) as { models?: unknown } | null;
  if (file !== CANONICAL_FILE && Array.isArray(data?.models)) entries += data.models.length;
}
process.stdout.write(`${JSON.stringify({ files: files.length, entries })}\n`);
