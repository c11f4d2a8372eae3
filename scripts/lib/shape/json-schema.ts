/**
 * `schemas/*.schema.json`: the authoring shape of the three file kinds (canonical.yaml, models/<org>.yaml, providers/<name>.yaml), generated
 * from the Zod schemas (JSON Schema 2020-12, input mode: what a person may
 * write), for editors and for any JSON Schema validator.
 */
import { z } from "zod";
import { canonicalFileSchema, canonicalModelsFileSchema, providerSchema } from "../schema.ts";
import { CANONICAL_MODELS_SCHEMA_FILE, CANONICAL_SCHEMA_FILE, PROVIDER_SCHEMA_FILE } from "./schema-files.ts";

export { CANONICAL_MODELS_SCHEMA_FILE, CANONICAL_SCHEMA_FILE, PROVIDER_SCHEMA_FILE, SCHEMA_DIR, schemaModeline } from "./schema-files.ts";

type JsonSchema = Record<string, unknown>;

const WORDS: Record<string, string> = { api: "API", url: "URL", id: "ID", oauth: "OAuth" };

/** `max_input_tokens` → "Max input tokens", `doc_url` → "Doc URL". */
export function titleFromKey(key: string): string {
  const words = key.split("_").map((word) => WORDS[word] ?? word);
  const first = words[0] ?? "";
  words[0] = first.charAt(0).toUpperCase() + first.slice(1);
  return words.join(" ");
}

/** Every property gets a title (its own, or one made from its key) so editors show a label. */
function addTitles(node: unknown): void {
  if (Array.isArray(node)) {
    for (const item of node) addTitles(item);
    return;
  }
  if (node === null || typeof node !== "object") return;
  const schema = node as JsonSchema;
  const properties = schema.properties as Record<string, JsonSchema> | undefined;
  if (properties) {
    for (const [key, property] of Object.entries(properties)) {
      if (property.title === undefined) {
        // Title first, so it reads first in the generated file.
        properties[key] = { title: titleFromKey(key), ...property };
      }
    }
  }
  for (const [key, value] of Object.entries(schema)) {
    // Conditional branches only restate fields declared above.
    if (!CONDITIONAL.has(key)) addTitles(value);
  }
}

const CONDITIONAL = new Set(["if", "then", "else"]);

export function authoringSchema(schema: z.ZodType): JsonSchema {
  const generated = z.toJSONSchema(schema, { target: "draft-2020-12", io: "input" }) as JsonSchema;
  addTitles(generated);
  return generated;
}

/** Each published schema file and the Zod schema it is generated from. */
export const SCHEMA_SOURCES: ReadonlyArray<readonly [file: string, schema: z.ZodType]> = [
  [CANONICAL_SCHEMA_FILE, canonicalFileSchema],
  [CANONICAL_MODELS_SCHEMA_FILE, canonicalModelsFileSchema],
  [PROVIDER_SCHEMA_FILE, providerSchema],
];

/** The generated schema files, path (relative to the registry root) → text. */
export function schemaFiles(): Map<string, string> {
  return new Map(SCHEMA_SOURCES.map(([file, schema]) => [file, `${JSON.stringify(authoringSchema(schema), null, 2)}\n`]));
}
