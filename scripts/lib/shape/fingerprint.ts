/**
 * A fingerprint of the sources the generated validators come from, so that
 * `validate` can tell, cheaply, whether scripts/lib/generated/ is older than
 * the schema: four small files read and hashed (well under a millisecond),
 * against a generated file that would otherwise be trusted blindly.
 */
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";

/** Relative to this module. Whatever changes the generated code is here. */
const SOURCES = ["../schema.ts", "../schema-constants.ts", "./json-schema.ts", "./generate.ts"];

/**
 * sha256 (hex) of the sources, line endings normalised (a CRLF checkout is
 * not a change); undefined when a source is missing (a toolchain shipped
 * without them has nothing newer to compare with).
 */
export function schemaFingerprint(): string | undefined {
  const hash = createHash("sha256");
  for (const source of SOURCES) {
    let text: string;
    try {
      text = readFileSync(new URL(source, import.meta.url), "utf8");
    } catch {
      return undefined;
    }
    hash.update(source).update("\0").update(text.replaceAll("\r\n", "\n")).update("\0");
  }
  return hash.digest("hex");
}
