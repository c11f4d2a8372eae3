/**
 * A fingerprint of the sources the generated validators come from, so that
 * `validate` can tell, cheaply, whether scripts/lib/generated/ is older than
 * the schema: four small files read and hashed, against a generated file that
 * would otherwise be trusted blindly.
 *
 * sha256 through the Web Crypto global: loading node:crypto (or node:zlib)
 * costs Bun about 15–30 ms of start-up, and hashing in a JavaScript loop
 * 3–5 ms before the engine has warmed up — either a sizeable share of a
 * small registry's whole run. Even the Web Crypto digest costs a few
 * milliseconds on its first call, so the answer is remembered beside the
 * content cache, keyed by each source's path, size, inode and modification
 * time: any edit, checkout or copy of a source computes it afresh.
 */
import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { fileURLToPath } from "node:url";

/** Relative to this module. Whatever changes the generated code is here. */
const SOURCES = ["../schema.ts", "../schema-constants.ts", "./json-schema.ts", "./generate.ts"];
const CR = 13;
const MEMO = fileURLToPath(new URL("../../../node_modules/.cache/provider-registry/schema-fingerprint.json", import.meta.url));

/** What identifies the sources' current contents without reading them; undefined when one is missing. */
function sourcesStamp(): string | undefined {
  const parts: string[] = [];
  for (const source of SOURCES) {
    const path = fileURLToPath(new URL(source, import.meta.url));
    try {
      const stats = statSync(path, { bigint: true });
      parts.push(`${path}\0${stats.size}\0${stats.ino}\0${stats.mtimeNs}`);
    } catch {
      return undefined;
    }
  }
  return parts.join("\n");
}

function remembered(stamp: string): string | undefined {
  try {
    const memo = JSON.parse(readFileSync(MEMO, "utf8")) as { stamp?: unknown; fingerprint?: unknown };
    return memo.stamp === stamp && typeof memo.fingerprint === "string" ? memo.fingerprint : undefined;
  } catch {
    return undefined;
  }
}

function remember(stamp: string, fingerprint: string): void {
  try {
    mkdirSync(dirname(MEMO), { recursive: true });
    const temporary = `${MEMO}.${process.pid}.tmp`;
    writeFileSync(temporary, JSON.stringify({ stamp, fingerprint }));
    renameSync(temporary, MEMO);
  } catch {
    // a read-only toolchain just computes it every run
  }
}

/** sha256 (hex) of the sources, line endings normalised (a CRLF checkout is not a change). */
async function digestSources(): Promise<string | undefined> {
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

/**
 * The sources' fingerprint; undefined when a source is missing (a toolchain
 * shipped without them has nothing newer to compare with). `fresh` skips the
 * remembered answer (`generate` writes what it computes itself).
 */
export async function schemaFingerprint({ fresh = false } = {}): Promise<string | undefined> {
  const stamp = sourcesStamp();
  if (stamp === undefined) return undefined;
  if (!fresh) {
    const known = remembered(stamp);
    if (known !== undefined) return known;
  }
  const fingerprint = await digestSources();
  if (fingerprint !== undefined) remember(stamp, fingerprint);
  return fingerprint;
}
