/**
 * A fingerprint of the sources the generated validators come from, so that
 * `validate` can tell, cheaply, whether scripts/lib/generated/ is older than
 * the schema: four small files read and hashed (about a millisecond), against
 * a generated file that would otherwise be trusted blindly.
 *
 * sha256 through the Web Crypto global: loading node:crypto (or node:zlib)
 * costs Bun about 15–30 ms of start-up, and hashing in a JavaScript loop
 * 3–5 ms before the engine has warmed up — either a sizeable share of a
 * small registry's whole run.
 */
import { readFileSync } from "node:fs";

/** Relative to this module. Whatever changes the generated code is here. */
const SOURCES = ["../schema.ts", "../schema-constants.ts", "./json-schema.ts", "./generate.ts"];
const CR = 13;

/**
 * sha256 (hex) of the sources, line endings normalised (a CRLF checkout is
 * not a change); undefined when a source is missing (a toolchain shipped
 * without them has nothing newer to compare with).
 */
export async function schemaFingerprint(): Promise<string | undefined> {
  const parts: Buffer[] = [];
  for (const source of SOURCES) {
    let bytes: Buffer;
    try {
      bytes = readFileSync(new URL(source, import.meta.url));
    } catch {
      return undefined;
    }
    if (bytes.includes(CR)) bytes = Buffer.from(bytes.toString("utf8").replaceAll("\r\n", "\n"));
    parts.push(Buffer.from(`${source}\0`), bytes, Buffer.from("\0"));
  }
  const digest = await globalThis.crypto.subtle.digest("SHA-256", Buffer.concat(parts));
  return Buffer.from(digest).toString("hex");
}
