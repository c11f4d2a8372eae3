/** Where the JSON Schemas live, and the editor modeline pointing at them (no Zod needed). */
import { isProviderPath, modelsFileOrg } from "../registry-layout.ts";

export const SCHEMA_DIR = "schemas";
export const CANONICAL_SCHEMA_FILE = `${SCHEMA_DIR}/canonical.schema.json`;
/** A `models/<org>.yaml` file: a sequence of canonical models. */
export const CANONICAL_MODELS_SCHEMA_FILE = `${SCHEMA_DIR}/canonical-models.schema.json`;
export const PROVIDER_SCHEMA_FILE = `${SCHEMA_DIR}/provider.schema.json`;

const MODELINE_PREFIX = "# yaml-language-server: $schema=";

/**
 * The first line of a data file (relative to the registry root), which points
 * editors running yaml-language-server at its schema: `canonical.yaml`,
 * `models/<org>.yaml` and `providers/<name>.yaml`. `manage` writes it at the
 * top of every file it creates.
 */
export function schemaModeline(file: string): string {
  if (isProviderPath(file)) return `${MODELINE_PREFIX}../${PROVIDER_SCHEMA_FILE}`;
  if (modelsFileOrg(file) !== undefined) return `${MODELINE_PREFIX}../${CANONICAL_MODELS_SCHEMA_FILE}`;
  return `${MODELINE_PREFIX}./${CANONICAL_SCHEMA_FILE}`;
}
