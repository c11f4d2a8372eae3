/** Where the JSON Schemas live, and the editor modeline pointing at them (no Zod needed). */
export const SCHEMA_DIR = "schemas";
export const CANONICAL_SCHEMA_FILE = `${SCHEMA_DIR}/canonical.schema.json`;
export const PROVIDER_SCHEMA_FILE = `${SCHEMA_DIR}/provider.schema.json`;

const MODELINE_PREFIX = "# yaml-language-server: $schema=";

/**
 * The first line of a data file (relative to the registry root), which points
 * editors running yaml-language-server at its schema: `canonical.yaml` and
 * `providers/<name>.yaml`. `manage` writes it at the top of every file it creates.
 */
export function schemaModeline(file: string): string {
  return file.startsWith("providers/") ? `${MODELINE_PREFIX}../${PROVIDER_SCHEMA_FILE}` : `${MODELINE_PREFIX}./${CANONICAL_SCHEMA_FILE}`;
}
