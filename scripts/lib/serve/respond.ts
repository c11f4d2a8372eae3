/**
 * Answers as bytes, ready to send: each body is encoded once per snapshot
 * (identity, and brotli and gzip when it is worth it) with its headers
 * precomputed, so a request for a known answer costs a map lookup and a write.
 */
import { promisify } from "node:util";
import { brotliCompress, constants, gzip } from "node:zlib";

const brotli = promisify(brotliCompress);
const gzipAsync = promisify(gzip);

export type Encoding = "identity" | "br" | "gzip";

export interface Representation {
  /** Headers and body for each encoding this answer has. */
  variants: Partial<Record<Encoding, { body: Buffer; headers: Record<string, string> }>>;
  /** Every ETag (quoted) this answer can carry, for If-None-Match. */
  tags: ReadonlySet<string>;
  bytes: number;
}

/** Below this, compression saves less than its headers cost. */
const COMPRESS_ABOVE = 1024;
/** Above this, the best brotli and gzip levels take too long for a reload; a faster level is used. */
const BEST_LEVEL_UP_TO = 1 << 20;

export const JSON_TYPE = "application/json; charset=utf-8";

/** Headers on every answer, success or error. */
export const COMMON_HEADERS: Readonly<Record<string, string>> = {
  "Access-Control-Allow-Origin": "*",
  "Access-Control-Expose-Headers": "ETag",
  "X-Content-Type-Options": "nosniff",
};

export interface RepresentationOptions {
  /** The snapshot hash: the ETag is derived from it. Undefined for answers that change without the snapshot (`/healthz`). */
  hash: string | undefined;
  cacheControl: string;
  /** Use the best (slowest) compression levels: worth it for answers encoded once per snapshot. */
  best: boolean;
}

async function compress(body: Buffer, best: boolean): Promise<{ br: Buffer; gzip: Buffer }> {
  const top = best && body.length <= BEST_LEVEL_UP_TO;
  const [br, gz] = await Promise.all([
    brotli(body, {
      params: {
        [constants.BROTLI_PARAM_QUALITY]: top ? 11 : 5,
        [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
        [constants.BROTLI_PARAM_SIZE_HINT]: body.length,
      },
    }),
    gzipAsync(body, { level: top ? 9 : 6 }),
  ]);
  return { br, gzip: gz };
}

export async function represent(body: Buffer, options: RepresentationOptions): Promise<Representation> {
  const tags = new Set<string>();
  const variants: Representation["variants"] = {};
  const base = (encoding: Encoding, bytes: Buffer): Record<string, string> => {
    const headers: Record<string, string> = {
      ...COMMON_HEADERS,
      "Content-Type": JSON_TYPE,
      "Content-Length": String(bytes.length),
      "Cache-Control": options.cacheControl,
      Vary: "Accept-Encoding",
    };
    if (encoding !== "identity") headers["Content-Encoding"] = encoding;
    if (options.hash !== undefined) {
      // A strong validator names one sequence of bytes: each encoding has its own.
      const tag = `"${options.hash}${encoding === "identity" ? "" : encoding === "br" ? ".br" : ".gz"}"`;
      headers.ETag = tag;
      tags.add(tag);
    }
    return headers;
  };
  variants.identity = { body, headers: base("identity", body) };
  let bytes = body.length;
  if (body.length > COMPRESS_ABOVE) {
    const compressed = await compress(body, options.best);
    if (compressed.br.length < body.length) variants.br = { body: compressed.br, headers: base("br", compressed.br) };
    if (compressed.gzip.length < body.length) variants.gzip = { body: compressed.gzip, headers: base("gzip", compressed.gzip) };
    bytes += compressed.br.length + compressed.gzip.length;
  }
  return { variants, tags, bytes };
}

/**
 * The encoding to send for an `Accept-Encoding` header: brotli, then gzip,
 * among those the client accepts with the highest q-value; identity unless
 * the client refuses it outright.
 */
export function chooseEncoding(header: string | undefined, available: Representation["variants"]): Encoding | undefined {
  if (header === undefined || header === "") return "identity";
  const weights = new Map<string, number>();
  for (const part of header.split(",")) {
    const [token, ...params] = part.trim().toLowerCase().split(";");
    if (!token) continue;
    let q = 1;
    for (const param of params) {
      const [key, value] = param.trim().split("=");
      if (key === "q") q = Number(value);
    }
    weights.set(token, Number.isFinite(q) ? Math.min(Math.max(q, 0), 1) : 0);
  }
  // Identity stays acceptable unless refused, but any coding the client lists wins over it.
  const weight = (encoding: string): number => weights.get(encoding) ?? weights.get("*") ?? (encoding === "identity" ? 0.001 : 0);
  let best: Encoding | undefined;
  let bestWeight = 0;
  for (const encoding of ["br", "gzip", "identity"] as const) {
    if (!available[encoding]) continue;
    const w = weight(encoding);
    if (w > bestWeight) {
      best = encoding;
      bestWeight = w;
    }
  }
  return best;
}

/** Whether `If-None-Match` names this answer (weak comparison, as RFC 9110 asks for this header). */
export function notModified(header: string | undefined, tags: ReadonlySet<string>): boolean {
  if (header === undefined || tags.size === 0) return false;
  if (header.trim() === "*") return true;
  for (const part of header.split(",")) {
    let tag = part.trim();
    if (tag.startsWith("W/")) tag = tag.slice(2);
    if (tags.has(tag)) return true;
  }
  return false;
}

/**
 * Answers computed on demand (a model, a filtered listing), kept for the life
 * of their snapshot up to a byte budget; the oldest go first.
 */
export class AnswerCache {
  private readonly entries = new Map<string, Representation>();
  private used = 0;

  constructor(private readonly budget: number) {}

  get(key: string): Representation | undefined {
    return this.entries.get(key);
  }

  set(key: string, representation: Representation): void {
    if (representation.bytes > this.budget / 4) return;
    this.entries.set(key, representation);
    this.used += representation.bytes;
    for (const [oldest, entry] of this.entries) {
      if (this.used <= this.budget) break;
      this.entries.delete(oldest);
      this.used -= entry.bytes;
    }
  }

  get size(): number {
    return this.entries.size;
  }
}
