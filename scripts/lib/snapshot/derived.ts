/**
 * Artifacts derived from the Zod schema alone, not from registry data: the
 * JSON Schemas, the package's type declarations and validate's compiled
 * shape check. `bun run generate` writes them into this checkout (and a test
 * fails when a committed copy drifts); building the toolchain's own registry
 * generates them the same way, and any other registry receives the committed
 * copies, so building it never loads Zod.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { CANONICAL_MODELS_SCHEMA_FILE, CANONICAL_SCHEMA_FILE, PROVIDER_SCHEMA_FILE } from "../shape/schema-files.ts";

export interface DerivedFiles {
  /** `schemas/*.schema.json`, path → text. */
  schemas: Map<string, string>;
  /** The npm package's `index.d.ts`. */
  types: string;
  /** Toolchain files (relative to the toolchain root) → text; only when generated. */
  toolchain: Map<string, string>;
}

export const TYPES_FILE = "dist/npm/index.d.ts";
const SCHEMA_FILES = [CANONICAL_SCHEMA_FILE, CANONICAL_MODELS_SCHEMA_FILE, PROVIDER_SCHEMA_FILE];

export async function generateDerived(): Promise<DerivedFiles> {
  const [{ schemaFiles }, { typesFile }, { generateShapeValidators, SHAPE_VALIDATORS_FILE }] = await Promise.all([
    import("../shape/json-schema.ts"),
    import("./types-file.ts"),
    import("../shape/generate.ts"),
  ]);
  return { schemas: schemaFiles(), types: typesFile(), toolchain: new Map([[SHAPE_VALIDATORS_FILE, await generateShapeValidators()]]) };
}

export function committedDerived(toolchainRoot: string): DerivedFiles {
  const read = (path: string) => readFileSync(join(toolchainRoot, path), "utf8");
  return {
    schemas: new Map(SCHEMA_FILES.map((path) => [path, read(path)])),
    types: read(TYPES_FILE),
    toolchain: new Map(),
  };
}

/** Every file `generate` writes, path relative to the toolchain root → text. */
export async function derivedFiles(): Promise<Map<string, string>> {
  const derived = await generateDerived();
  return new Map([...derived.schemas, [TYPES_FILE, derived.types], ...derived.toolchain]);
}
