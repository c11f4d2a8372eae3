/**
 * The HTTP server: node:http with bounded everything, answering from one
 * live snapshot that a reload replaces whole. A request reads the live
 * state once, so it is answered from a single snapshot even while a new one
 * is swapped in.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { didYouMean } from "../suggest.ts";
import { buildCatalog, type Catalog } from "./catalog.ts";
import { ApiError, errorBody, type ErrorCode } from "./errors.ts";
import { openApiDocument } from "./openapi.ts";
import { parseQuery, parseTarget, queryKey } from "./request.ts";
import { AnswerCache, chooseEncoding, COMMON_HEADERS, JSON_TYPE, notModified, represent, type Representation } from "./respond.ts";
import type { RouteAnswer } from "./route-answer.ts";
import { matchRoute, ROUTE_PATHS, ROUTES, type RouteBody, type RouteSpec } from "./routes.ts";
import type { LoadResult, Snapshot } from "./snapshot.ts";

export interface Limits {
  /** Longest request target accepted (414 beyond). */
  maxUrlBytes: number;
  /** Largest header block (431 beyond). */
  maxHeaderBytes: number;
  maxHeadersCount: number;
  /** A client must finish its headers within this (slowloris). */
  headersTimeoutMs: number;
  /** … and its whole request within this. */
  requestTimeoutMs: number;
  keepAliveTimeoutMs: number;
  /** Open connections beyond this are closed at once. */
  maxConnections: number;
  /** Memory for answers computed on demand, per snapshot. */
  cacheBytes: number;
}

export const DEFAULT_LIMITS: Limits = {
  maxUrlBytes: 4096,
  maxHeaderBytes: 16 * 1024,
  maxHeadersCount: 64,
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 30_000,
  keepAliveTimeoutMs: 5_000,
  maxConnections: 1024,
  cacheBytes: 64 << 20,
};

export const CACHE_CONTROL = "public, max-age=60";
const NO_STORE = "no-store";

export interface ServerOptions {
  /** Loads the registry or snapshot as it is now. */
  load(): Promise<LoadResult>;
  route: RouteAnswer;
  version: string;
  limits?: Partial<Limits>;
  log?(line: string): void;
}

interface Live {
  catalog: Catalog;
  /** Answers encoded at load time (the whole-file routes). */
  fixed: Map<string, Representation>;
  cache: AnswerCache;
  loadedAt: string;
}

export interface Refusal {
  at: string;
  reason: string;
}

export interface ReloadOutcome {
  swapped: boolean;
  refused?: string;
  hash: string;
}

const FIXED_PATHS = ["/v1/providers", "/v1/models", "/v1/capabilities", "/registry/providers.json", "/registry/models.json", "/openapi.json"];

function jsonBytes(value: unknown): Buffer {
  return Buffer.from(`${JSON.stringify(value)}\n`, "utf8");
}

export class RegistryServer {
  readonly limits: Limits;
  readonly server: Server;
  private live: Live | undefined;
  private refused: Refusal | undefined;
  private readonly sockets = new Set<Socket>();
  private readonly deadlines = new Map<Socket, NodeJS.Timeout>();
  private reloading: Promise<ReloadOutcome> | undefined;
  private reloadAgain = false;
  private readonly openapi: Buffer;
  watching = "off";
  /** Errors answered with 500 (a bug, never a client's fault); counted for the soak test. */
  internalErrors = 0;

  constructor(private readonly options: ServerOptions) {
    const limits = { ...DEFAULT_LIMITS, ...options.limits };
    // node:http refuses a header deadline later than the whole request's.
    limits.requestTimeoutMs = Math.max(limits.requestTimeoutMs, limits.headersTimeoutMs);
    this.limits = limits;
    this.openapi = jsonBytes(openApiDocument(options.version));
    this.server = createServer(
      { maxHeaderSize: this.limits.maxHeaderBytes, requestTimeout: this.limits.requestTimeoutMs, headersTimeout: this.limits.headersTimeoutMs },
      (req, res) => this.handle(req, res),
    );
    this.server.headersTimeout = this.limits.headersTimeoutMs;
    this.server.requestTimeout = this.limits.requestTimeoutMs;
    this.server.keepAliveTimeout = this.limits.keepAliveTimeoutMs;
    this.server.maxHeadersCount = this.limits.maxHeadersCount;
    // An idle keep-alive connection (or, under Bun, one that never completes a request) is closed.
    this.server.setTimeout(this.limits.requestTimeoutMs, (socket) => socket.destroy());
    this.server.on("connection", (socket: Socket) => this.admit(socket));
    this.server.on("clientError", (error: NodeJS.ErrnoException, socket: Socket) => this.clientError(error, socket));
  }

  /**
   * Every connection is counted against the cap and must deliver a complete
   * request head within `headersTimeoutMs` of opening (or of its previous
   * answer). node:http enforces that itself; Bun's node:http ignores
   * `headersTimeout`, so the deadline is kept here too, for both.
   */
  private admit(socket: Socket): void {
    if (this.sockets.size >= this.limits.maxConnections) {
      socket.destroy();
      return;
    }
    this.sockets.add(socket);
    this.arm(socket);
    socket.once("close", () => {
      clearTimeout(this.deadlines.get(socket));
      this.deadlines.delete(socket);
      this.sockets.delete(socket);
    });
  }

  private arm(socket: Socket): void {
    clearTimeout(this.deadlines.get(socket));
    const timer = setTimeout(() => socket.destroy(), this.limits.headersTimeoutMs);
    timer.unref();
    this.deadlines.set(socket, timer);
  }

  /** Loads the first snapshot; false (with the reason) when there is none to serve. */
  async start(): Promise<{ ok: true; hash: string } | { ok: false; reason: string }> {
    const outcome = await this.reload();
    if (!this.live) return { ok: false, reason: outcome.refused ?? "no snapshot" };
    return { ok: true, hash: this.live.catalog.snapshot.hash };
  }

  listen(port: number, host: string): Promise<AddressInfo> {
    return new Promise((resolve, reject) => {
      const onError = (error: Error) => reject(error);
      this.server.once("error", onError);
      this.server.listen(port, host, () => {
        this.server.off("error", onError);
        resolve(this.server.address() as AddressInfo);
      });
    });
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      this.server.close(() => resolve());
      for (const socket of this.sockets) socket.destroy();
    });
  }

  get connections(): number {
    return this.sockets.size;
  }

  get snapshot(): Snapshot | undefined {
    return this.live?.catalog.snapshot;
  }

  /**
   * Loads the registry or snapshot again and swaps it in whole when it is
   * good and different; a bad one is refused and the live one stays.
   * Calls while a reload runs are folded into one more reload after it.
   */
  reload(): Promise<ReloadOutcome> {
    if (this.reloading) {
      this.reloadAgain = true;
      return this.reloading;
    }
    this.reloading = (async () => {
      let outcome: ReloadOutcome;
      do {
        this.reloadAgain = false;
        outcome = await this.reloadOnce();
      } while (this.reloadAgain);
      this.reloading = undefined;
      return outcome;
    })();
    return this.reloading;
  }

  private async reloadOnce(): Promise<ReloadOutcome> {
    let result: LoadResult;
    try {
      result = await this.options.load();
    } catch (error) {
      result = { ok: false, reason: `loading failed: ${(error as Error).message}` };
    }
    if (!result.ok) {
      this.refused = { at: new Date().toISOString(), reason: result.reason };
      this.options.log?.(`refused the new snapshot, still serving ${this.live ? this.live.catalog.snapshot.hash : "nothing"}: ${result.reason}`);
      return { swapped: false, refused: result.reason, hash: this.live?.catalog.snapshot.hash ?? "" };
    }
    if (this.live && this.live.catalog.snapshot.hash === result.snapshot.hash) {
      this.refused = undefined;
      return { swapped: false, hash: result.snapshot.hash };
    }
    const live = await this.prepare(result.snapshot);
    // Both at once: /healthz never says "ok" about the snapshot being replaced.
    this.live = live;
    this.refused = undefined;
    this.options.log?.(
      `serving snapshot ${result.snapshot.hash} (${result.snapshot.origin}: ${result.snapshot.providers.length} providers, ${result.snapshot.models.length} models)`,
    );
    return { swapped: true, hash: result.snapshot.hash };
  }

  /** Encodes the whole-file answers before the snapshot goes live, so its first requests are as fast as the rest. */
  private async prepare(snapshot: Snapshot): Promise<Live> {
    const catalog = buildCatalog(snapshot);
    const fixed = new Map<string, Representation>();
    const context = this.context(catalog, {}, {});
    for (const path of FIXED_PATHS) {
      const spec = ROUTES.find((route) => route.path === path)!;
      let body: Buffer;
      try {
        body = this.bodyOf(spec, context);
      } catch {
        continue; // an error answer (a view this snapshot lacks) is made per request
      }
      fixed.set(path, await represent(body, { hash: snapshot.hash, cacheControl: CACHE_CONTROL, best: true }));
    }
    return { catalog, fixed, cache: new AnswerCache(this.limits.cacheBytes), loadedAt: new Date().toISOString() };
  }

  health(): unknown {
    const live = this.live;
    return {
      status: this.refused ? "degraded" : "ok",
      snapshot: live
        ? {
            hash: live.catalog.snapshot.hash,
            origin: live.catalog.snapshot.origin,
            views: Object.keys(live.catalog.snapshot.views),
            api_view: live.catalog.snapshot.api,
            providers: live.catalog.snapshot.providers.length,
            models: live.catalog.snapshot.models.length,
            loaded_at: live.loadedAt,
          }
        : null,
      reload: {
        watching: this.watching,
        ...(this.refused ? { refused: { at: this.refused.at, reason: this.refused.reason, still_serving: live?.catalog.snapshot.hash ?? null } } : {}),
      },
    };
  }

  private context(catalog: Catalog, params: Record<string, string>, query: Record<string, string>) {
    return { catalog, params, query, route: this.options.route, health: () => this.health() };
  }

  private bodyOf(spec: RouteSpec, context: ReturnType<RegistryServer["context"]>): Buffer {
    if (spec.path === "/openapi.json") return this.openapi;
    const body: RouteBody = spec.handle(context);
    return "bytes" in body ? body.bytes : jsonBytes(body.json);
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    const socket = req.socket;
    if (this.deadlines.has(socket)) {
      clearTimeout(this.deadlines.get(socket));
      res.once("finish", () => {
        if (!socket.destroyed && this.sockets.has(socket)) this.arm(socket);
      });
    }
    try {
      this.answer(req, res);
    } catch (error) {
      this.fail(req, res, error);
    }
  }

  private answer(req: IncomingMessage, res: ServerResponse): void {
    const method = req.method;
    if (method !== "GET" && method !== "HEAD") {
      throw new ApiError(
        405,
        "method_not_allowed",
        `${method} is not allowed: the registry is read-only here (it changes through pull requests); use GET or HEAD`,
      );
    }
    const url = req.url ?? "/";
    if (url.length > this.limits.maxUrlBytes) throw new ApiError(414, "uri_too_long", `the request target is longer than ${this.limits.maxUrlBytes} bytes`);
    const live = this.live;
    if (!live) throw new ApiError(503, "not_ready", "no snapshot is loaded yet");

    // The whole-file routes, and any target answered before: no parsing beyond a map lookup.
    const known = live.fixed.get(url) ?? live.cache.get(url);
    if (known) return this.send(req, res, known);

    const target = parseTarget(url);
    const match = matchRoute(target.path, target.segments);
    if (!match) throw new ApiError(404, "not_found", `no route ${target.path}${didYouMean(target.path, ROUTE_PATHS)}; the routes are listed at /openapi.json`);
    const query = parseQuery(target.query, match.spec.query ?? []);
    const context = this.context(live.catalog, match.params, query);
    if (!match.spec.snapshotBound) {
      const body = this.bodyOf(match.spec, context);
      this.sendNow(req, res, 200, { ...COMMON_HEADERS, "Content-Type": JSON_TYPE, "Cache-Control": NO_STORE, "Content-Length": String(body.length) }, body);
      return;
    }
    const key = `${target.segments.join("/")}?${queryKey(query)}`;
    const cached = live.cache.get(key);
    if (cached) return this.send(req, res, cached);
    const body = this.bodyOf(match.spec, context);
    represent(body, { hash: live.catalog.snapshot.hash, cacheControl: CACHE_CONTROL, best: false })
      .then((representation) => {
        live.cache.set(key, representation);
        // The target as sent, too: the next identical request skips parsing (only valid targets get here).
        if (url !== key) live.cache.set(url, representation);
        this.send(req, res, representation);
      })
      // Also what send throws (406): a rejection nobody handles would end the process.
      .catch((error: unknown) => this.fail(req, res, error));
  }

  private send(req: IncomingMessage, res: ServerResponse, representation: Representation): void {
    const encoding = chooseEncoding(req.headers["accept-encoding"], representation.variants);
    if (encoding === undefined) throw new ApiError(406, "not_acceptable", "none of the encodings in Accept-Encoding is available (identity, gzip, br)");
    const variant = representation.variants[encoding]!;
    if (notModified(req.headers["if-none-match"], representation.tags)) {
      const { "Content-Length": _length, "Content-Type": _type, ...headers } = variant.headers;
      this.sendNow(req, res, 304, headers, undefined);
      return;
    }
    this.sendNow(req, res, 200, variant.headers, variant.body);
  }

  private sendNow(req: IncomingMessage, res: ServerResponse, status: number, headers: Record<string, string>, body: Buffer | undefined): void {
    res.writeHead(status, headers);
    if (body === undefined || req.method === "HEAD") res.end();
    else res.end(body);
  }

  private fail(req: IncomingMessage, res: ServerResponse, error: unknown): void {
    let status = 500;
    let code: ErrorCode = "internal";
    let message = "internal error";
    if (error instanceof ApiError) {
      ({ status, code, message } = error);
    } else {
      this.internalErrors++;
      // The details go to the log, never to the client.
      this.options.log?.(`internal error on ${req.method} ${String(req.url).slice(0, 200)}: ${error instanceof Error ? error.message : String(error)}`);
    }
    if (res.headersSent) {
      res.destroy();
      return;
    }
    const body = Buffer.from(errorBody(code, message), "utf8");
    const headers: Record<string, string> = { ...COMMON_HEADERS, "Content-Type": JSON_TYPE, "Cache-Control": NO_STORE, "Content-Length": String(body.length) };
    if (status === 405) headers.Allow = "GET, HEAD";
    this.sendNow(req, res, status, headers, body);
  }

  /** A request node:http could not parse (too large, malformed, too slow): answered as JSON when the socket still listens. */
  private clientError(error: NodeJS.ErrnoException, socket: Socket): void {
    const [status, code, message]: [number, ErrorCode, string] =
      error.code === "HPE_HEADER_OVERFLOW"
        ? [431, "headers_too_large", `the request headers are larger than ${this.limits.maxHeaderBytes} bytes`]
        : error.code === "ERR_HTTP_REQUEST_TIMEOUT"
          ? [408, "request_timeout", "the request took too long"]
          : [400, "bad_request", "malformed request"];
    if (socket.writable && !(socket as Socket & { _httpMessage?: unknown })._httpMessage) {
      const body = errorBody(code, message);
      const reason = status === 431 ? "Request Header Fields Too Large" : status === 408 ? "Request Timeout" : "Bad Request";
      socket.end(
        `HTTP/1.1 ${status} ${reason}\r\nContent-Type: ${JSON_TYPE}\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
      );
    } else socket.destroy();
  }
}
