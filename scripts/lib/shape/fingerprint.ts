/**
 * A fingerprint of the sources the generated validators come from, so that
 * `validate` can tell, cheaply, whether scripts/lib/generated/ is older than
 * the schema: four small files read and hashed, against a generated file that
 * would otherwise be trusted blindly.
 *
 * The answer is remembered beside the content cache, keyed by each source's
 * path, size, inode and modification time: any edit, checkout or copy of a
 * source computes it afresh. Only then is node:crypto loaded (it costs Bun
 * 15–30 ms of start-up, a sizeable share of a small registry's run). The
 * digest is synchronous so that no module has to await it at load: the
 * compiled toolchain (../launch/) is CommonJS, which has no top-level await.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { readMemo, writeMemo } from "../cache/memo.ts";
import { TOOLCHAIN_ROOT, toolchainFileStamp } from "../toolchain.ts";

/** Relative to this module. Whatever changes the generated code is here. */
const SOURCES = ["../schema.ts", "../schema-constants.ts", "./json-schema.ts", "./generate.ts"];
const HERE = join(TOOLCHAIN_ROOT, "scripts", "lib", "shape");
const CR = 13;
const MEMO = "schema-fingerprint";

/** What identifies the sources' current contents without reading them; undefined when one is missing. */
function sourcesStamp(): string | undefined {
  const parts: string[] = [];
  for (const source of SOURCES) {
    const stamp = toolchainFileStamp(join(HERE, source));
    if (stamp === undefined) return undefined;
    parts.push(stamp);
  }
  return parts.join("\n");
}

const isText = (value: unknown): value is string => typeof value === "string";

/** sha256 (hex) of the sources, line endings normalised (a CRLF checkout is not a change). */
function digestSources(): string | undefined {
  const parts: Buffer[] = [];
  for (const source of SOURCES) {
    let bytes: Buffer;
    try {
      bytes = readFileSync(join(HERE, source));
    } catch {
      return undefined;
    }
    if (bytes.includes(CR)) bytes = Buffer.from(bytes.toString("utf8").replaceAll("\r\n", "\n"));
    parts.push(Buffer.from(`${source}\0`), bytes, Buffer.from("\0"));
  }
  const { createHash } = createRequire(import.meta.url)("node:crypto") as typeof import("node:crypto");
  return createHash("sha256").update(Buffer.concat(parts)).digest("hex");
}

/**
 * The sources' fingerprint; undefined when a source is missing (a toolchain
 * shipped without them has nothing newer to compare with). `fresh` skips the
 * remembered answer (`generate` writes what it computes itself).
 */
export function schemaFingerprint({ fresh = false } = {}): string | undefined {
  const stamp = sourcesStamp();
  if (stamp === undefined) return undefined;
  if (!fresh) {
    const known = readMemo(MEMO, stamp, isText);
    if (known !== undefined) return known;
  }
  const fingerprint = digestSources();
  if (fingerprint !== undefined) writeMemo(MEMO, stamp, fingerprint);
  return fingerprint;
}
