/**
 * Reading a feed over the network as hostile input: https only, every
 * address the host resolves to checked (and the address actually connected
 * to checked again), a connect and a total timeout, a size cap, and
 * redirects followed only to the same host. Failures are values, never
 * exceptions, and never quote a credential.
 */
import { lookup } from "node:dns/promises";
import http from "node:http";
import https from "node:https";
import { isIP } from "node:net";
import { unsafeUrlReason } from "../rules/insecure-url.ts";

/**
 * What the fetcher may reach. The CLI always uses PUBLIC_HTTPS; a test passes
 * its own guard to reach the loopback server it started.
 */
export interface NetworkGuard {
  /** URL schemes allowed (`https:`). */
  protocols: readonly string[];
  /** Why this resolved address may not be reached, or undefined when it may. */
  blockedAddress(address: string): string | undefined;
  /** How host names resolve (default: the system resolver). A test points its own name at its server. */
  resolve?(hostname: string): Promise<Array<{ address: string; family: number }>>;
  /** Extra certificate authorities to trust (a test's self-signed server). */
  ca?: string;
}

/** Why an address is not a public one, using the same classification as the `insecure-url` rule. */
export function nonPublicAddress(address: string): string | undefined {
  const host = address.includes(":") ? `[${address}]` : address;
  const reason = unsafeUrlReason(`https://${host}/`);
  return reason?.replace(/^points at /, "resolves to ");
}

export const PUBLIC_HTTPS: NetworkGuard = { protocols: ["https:"], blockedAddress: nonPublicAddress };

export interface FetchLimits {
  /** Time allowed to open the connection (DNS included). */
  connectTimeoutMs: number;
  /** Time allowed for the whole exchange, redirects included. */
  totalTimeoutMs: number;
  /** Largest body accepted, in bytes. */
  maxBytes: number;
  maxRedirects: number;
}

export const DEFAULT_LIMITS: FetchLimits = { connectTimeoutMs: 10_000, totalTimeoutMs: 60_000, maxBytes: 32 * 1024 * 1024, maxRedirects: 3 };

export type FetchResult = { ok: true; body: Buffer; url: string } | { ok: false; error: string };

export interface FetchOptions {
  guard: NetworkGuard;
  limits?: Partial<FetchLimits>;
  /** Request headers (may carry a credential: never echoed in an error). */
  headers?: Record<string, string>;
}

class FetchFailure extends Error {}

/** The URL as it may be shown: no query string or credentials (a key could hide there). */
export function shownUrl(url: URL | string): string {
  try {
    const parsed = typeof url === "string" ? new URL(url) : url;
    return `${parsed.protocol}//${parsed.host}${parsed.pathname}`;
  } catch {
    return "(not a URL)";
  }
}

async function checkedAddress(url: URL, guard: NetworkGuard): Promise<{ address: string; family: number }> {
  if (!guard.protocols.includes(url.protocol)) throw new FetchFailure(`${shownUrl(url)} is not https; feeds are read over https only`);
  if (url.username !== "" || url.password !== "") throw new FetchFailure(`${shownUrl(url)} carries credentials in the URL`);
  const host = url.hostname.replace(/^\[|\]$/g, "");
  let addresses: Array<{ address: string; family: number }>;
  if (isIP(host)) addresses = [{ address: host, family: isIP(host) }];
  else {
    try {
      addresses = await (guard.resolve ? guard.resolve(host) : lookup(host, { all: true, verbatim: true }));
    } catch (error) {
      throw new FetchFailure(`cannot resolve ${url.hostname} (${(error as NodeJS.ErrnoException).code ?? "lookup failed"})`);
    }
  }
  if (addresses.length === 0) throw new FetchFailure(`cannot resolve ${url.hostname}`);
  // Every address must pass: a name that also resolves into the private network is refused outright.
  for (const { address } of addresses) {
    const blocked = guard.blockedAddress(address);
    if (blocked) throw new FetchFailure(`${url.hostname} ${blocked}; feeds must be public`);
  }
  return addresses[0]!;
}

function requestOnce(
  url: URL,
  pinned: { address: string; family: number },
  options: FetchOptions,
  limits: FetchLimits,
  deadline: number,
): Promise<{ status: number; location?: string; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const client = url.protocol === "https:" ? https : http;
    const request = client.request(url, {
      method: "GET",
      headers: { accept: "application/json", "user-agent": "provider-registry-sync", ...options.headers },
      // Connect to the address that was checked, not to a second lookup's answer.
      lookup: ((_host: string, opts: { all?: boolean }, callback: (error: Error | null, address: unknown, family?: number) => void) =>
        opts?.all ? callback(null, [pinned]) : callback(null, pinned.address, pinned.family)) as never,
      agent: false,
      ...(options.guard.ca ? { ca: options.guard.ca } : {}),
    });
    const fail = (message: string) => {
      request.destroy();
      reject(new FetchFailure(message));
    };
    const total = setTimeout(() => fail(`${shownUrl(url)} did not answer within ${limits.totalTimeoutMs} ms`), Math.max(0, deadline - Date.now()));
    const connect = setTimeout(() => fail(`${shownUrl(url)}: no connection within ${limits.connectTimeoutMs} ms`), limits.connectTimeoutMs);
    const done = () => {
      clearTimeout(total);
      clearTimeout(connect);
    };
    request.on("socket", (socket) => {
      const connected = () => {
        clearTimeout(connect);
        // The address really connected to, checked again (a runtime may resolve on its own).
        const remote = socket.remoteAddress?.replace(/^::ffff:/, "");
        const blocked = remote ? options.guard.blockedAddress(remote) : undefined;
        if (blocked) fail(`${url.hostname} ${blocked}; feeds must be public`);
      };
      if ((socket as { connecting?: boolean }).connecting === false && socket.remoteAddress) connected();
      else socket.once("connect", connected);
    });
    request.on("error", (error: NodeJS.ErrnoException) => {
      done();
      reject(error instanceof FetchFailure ? error : new FetchFailure(`${shownUrl(url)}: ${error.code ?? "request failed"}`));
    });
    request.on("response", (response) => {
      const status = response.statusCode ?? 0;
      const location = response.headers.location;
      if (status >= 300 && status < 400) {
        response.resume();
        done();
        request.destroy();
        resolve({ status, ...(location === undefined ? {} : { location }), body: Buffer.alloc(0) });
        return;
      }
      const declared = Number(response.headers["content-length"]);
      if (Number.isFinite(declared) && declared > limits.maxBytes) {
        done();
        fail(`${shownUrl(url)} answered ${declared} bytes, over the ${limits.maxBytes}-byte limit`);
        return;
      }
      const chunks: Buffer[] = [];
      let size = 0;
      response.on("data", (chunk: Buffer) => {
        size += chunk.length;
        if (size > limits.maxBytes) {
          done();
          fail(`${shownUrl(url)} sent more than the ${limits.maxBytes}-byte limit`);
          return;
        }
        chunks.push(chunk);
      });
      response.on("end", () => {
        done();
        resolve({ status, body: Buffer.concat(chunks) });
      });
      response.on("error", () => {
        done();
        fail(`${shownUrl(url)}: the answer broke off`);
      });
    });
    request.end();
  });
}

/** GET `target` under the guard and limits; the body on a 2xx answer, else why not. */
export async function fetchGuarded(target: string, options: FetchOptions): Promise<FetchResult> {
  const limits = { ...DEFAULT_LIMITS, ...options.limits };
  const deadline = Date.now() + limits.totalTimeoutMs;
  let url: URL;
  try {
    url = new URL(target);
  } catch {
    return { ok: false, error: "the feed address is not a valid URL" };
  }
  const origin = url.host;
  try {
    for (let hop = 0; ; hop++) {
      const pinned = await withTimeout(
        checkedAddress(url, options.guard),
        Math.min(limits.connectTimeoutMs, deadline - Date.now()),
        `cannot resolve ${url.hostname} in time`,
      );
      const answer = await requestOnce(url, pinned, options, limits, deadline);
      if (answer.status >= 300 && answer.status < 400) {
        if (answer.location === undefined) return { ok: false, error: `${shownUrl(url)} redirected (${answer.status}) without a location` };
        if (hop >= limits.maxRedirects) return { ok: false, error: `${shownUrl(url)}: more than ${limits.maxRedirects} redirects` };
        let next: URL;
        try {
          next = new URL(answer.location, url);
        } catch {
          return { ok: false, error: `${shownUrl(url)} redirected to something that is not a URL` };
        }
        if (next.host !== origin)
          return { ok: false, error: `${shownUrl(url)} redirected to another host (${next.host}); only same-host redirects are followed` };
        if (next.protocol !== url.protocol) return { ok: false, error: `${shownUrl(url)} redirected away from ${url.protocol.slice(0, -1)}` };
        url = next;
        continue;
      }
      if (answer.status < 200 || answer.status >= 300) return { ok: false, error: `${shownUrl(url)} answered HTTP ${answer.status}` };
      return { ok: true, body: answer.body, url: url.href };
    }
  } catch (error) {
    if (error instanceof FetchFailure) return { ok: false, error: error.message };
    return { ok: false, error: `${shownUrl(url)}: request failed` };
  }
}

async function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([promise, new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new FetchFailure(message)), Math.max(0, ms))))]);
  } finally {
    clearTimeout(timer);
  }
}
