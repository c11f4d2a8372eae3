/**
 * Artifacts derived from the Zod schema alone, not from registry data: the
 * JSON Schemas, the package's type declarations and validate's compiled
 * shape check. Building the toolchain's own registry generates them from Zod
 * (and `build --check` there, in CI, proves the committed copies current);
 * any other registry receives those committed copies, so building it never
 * loads Zod.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { CANONICAL_SCHEMA_FILE, PROVIDER_SCHEMA_FILE } from "./json-schema-files.ts";

export interface DerivedFiles {
  /** `schemas/*.schema.json`, path → text. */
  schemas: Map<string, string>;
  /** The npm package's `index.d.ts`. */
  types: string;
  /** Toolchain files (relative to the toolchain root) → text; only when generated. */
  toolchain: Map<string, string>;
}

export const TYPES_FILE = "dist/npm/index.d.ts";

export async function generateDerived(): Promise<DerivedFiles> {
  const [{ schemaFiles }, { typesFile }, { generateShapeValidators, SHAPE_VALIDATORS_FILE }] = await Promise.all([
    import("./json-schema.ts"),
    import("./types-file.ts"),
    import("../shape/generate.ts"),
  ]);
  return { schemas: schemaFiles(), types: typesFile(), toolchain: new Map([[SHAPE_VALIDATORS_FILE, generateShapeValidators()]]) };
}

export function committedDerived(toolchainRoot: string): DerivedFiles {
  const read = (path: string) => readFileSync(join(toolchainRoot, path), "utf8");
  return {
    schemas: new Map([CANONICAL_SCHEMA_FILE, PROVIDER_SCHEMA_FILE].map((path) => [path, read(path)])),
    types: read(TYPES_FILE),
    toolchain: new Map(),
  };
}
