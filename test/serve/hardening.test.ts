/** What a public endpoint meets (SPEC §10): slow clients, floods, path tricks, huge requests — answered, bounded, never a stack trace. */
import { connect, type Socket } from "node:net";
import { beforeAll, describe, expect, it } from "vitest";
import type { RunningServer } from "../../scripts/lib/serve/index.ts";
import { BITROUTER_DIST, get, HAS_CORPORA, serveInProcess, serveProcess } from "./helpers.ts";

interface RawAnswer {
  text: string;
  closedAfterMs: number | undefined;
}

/** Writes raw bytes, then reads until the server closes or `waitMs` passes. */
function raw(port: number, chunks: string[], { waitMs = 5000, everyMs = 0 } = {}): Promise<RawAnswer> {
  return new Promise((resolve) => {
    const socket = connect(port, "127.0.0.1");
    const started = Date.now();
    let text = "";
    let timer: NodeJS.Timeout | undefined;
    socket.on("data", (chunk) => (text += chunk));
    socket.on("error", () => undefined);
    const finish = (closed: boolean) => {
      clearInterval(timer);
      resolve({ text, closedAfterMs: closed ? Date.now() - started : undefined });
      socket.destroy();
    };
    socket.on("close", () => finish(true));
    if (everyMs > 0) {
      let i = 0;
      socket.write(chunks[i++]!);
      timer = setInterval(() => socket.writable && socket.write(chunks[Math.min(i++, chunks.length - 1)]!), everyMs);
    } else for (const chunk of chunks) socket.write(chunk);
    setTimeout(() => finish(false), waitMs);
  });
}

const statusOf = (answer: RawAnswer) => Number(/^HTTP\/1\.1 (\d{3})/.exec(answer.text)?.[1] ?? 0);
const bodyOf = (answer: RawAnswer) => JSON.parse(answer.text.slice(answer.text.indexOf("\r\n\r\n") + 4));

const PATH_TRICKS = [
  "/v1/providers/..",
  "/v1/../registry/providers.json",
  "/v1/providers/%2e%2e",
  "/v1/providers/%2E%2E/x",
  "/v1/models/anthropic%2fclaude-fable-5",
  "/v1/models/anthropic%2Fclaude-fable-5",
  "/v1/providers/anthropic%5cx",
  "/v1/providers/a%00b",
  "/v1/providers/a\\b",
  "/v1/providers/%zz",
  "/./v1/providers",
];

describe.skipIf(!HAS_CORPORA)("hardening (in process, small limits)", () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await serveInProcess(
      { kind: "snapshot", dir: BITROUTER_DIST },
      { limits: { headersTimeoutMs: 1500, requestTimeoutMs: 3000, maxConnections: 8, maxUrlBytes: 2048, maxHeaderBytes: 8192 } },
    );
  });

  it("refuses path tricks with 400 instead of resolving them", async () => {
    for (const path of PATH_TRICKS) {
      const answer = await raw(server.port, [`GET ${path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`]);
      expect(statusOf(answer), path).toBe(400);
      expect(bodyOf(answer).error.code, path).toBe("bad_path");
    }
    const absolute = await raw(server.port, ["GET http://elsewhere/v1/providers HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"]);
    expect(statusOf(absolute)).toBe(400);
  });

  it("answers a huge URL with 414 and huge headers with 431", async () => {
    const url = await get(server.url, `/v1/providers/${"a".repeat(4000)}`);
    expect(url.status).toBe(414);
    expect(url.json().error.code).toBe("uri_too_long");
    const headers = await raw(server.port, [`GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: ${"a".repeat(20_000)}\r\n\r\n`]);
    expect(statusOf(headers)).toBe(431);
    expect(bodyOf(headers).error.code).toBe("headers_too_large");
  });

  it("closes a client that trickles its headers (slowloris) once the header deadline passes", async () => {
    const answer = await raw(server.port, ["GET /healthz HTTP/1.1\r\nHost: x\r\n", "X-Slow: 1\r\n"], { waitMs: 9000, everyMs: 200 });
    expect(answer.closedAfterMs).toBeDefined();
    // The deadline is 1.5 s; the margin is for a loaded machine, far short of the 9 s a trickle could last.
    expect(answer.closedAfterMs!).toBeLessThan(6000);
    expect(answer.text).not.toMatch(/ 200 OK/);
  });

  it("closes connections beyond the cap and keeps answering", async () => {
    const sockets: Socket[] = [];
    let closed = 0;
    for (let i = 0; i < 20; i++) {
      const socket = connect(server.port, "127.0.0.1");
      socket.on("error", () => undefined);
      socket.on("close", () => closed++);
      sockets.push(socket);
    }
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(server.server.connections).toBeLessThanOrEqual(8);
    expect(closed).toBeGreaterThanOrEqual(12);
    for (const socket of sockets) socket.destroy();
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect((await get(server.url, "/healthz")).status).toBe(200);
  });

  it("answers garbage with a JSON 400 and no stack trace", async () => {
    const answer = await raw(server.port, ["\x00\x01\x02 not http\r\n\r\n"]);
    expect(statusOf(answer)).toBe(400);
    expect(answer.text).not.toMatch(/\bat \S+ \(|node:internal|\.ts:\d+/);
  });
});

describe.skipIf(!HAS_CORPORA)("hardening of the real CLI under Bun", () => {
  it("keeps the header deadline that node:http under Bun does not, and refuses path tricks and huge headers", async () => {
    const { url } = await serveProcess(["--snapshot", BITROUTER_DIST, "--headers-timeout", "1500", "--no-watch"]);
    const port = Number(new URL(url).port);
    const slow = await raw(port, ["GET /healthz HTTP/1.1\r\nHost: x\r\n", "X-Slow: 1\r\n"], { waitMs: 9000, everyMs: 150 });
    expect(slow.closedAfterMs).toBeDefined();
    expect(slow.closedAfterMs!).toBeLessThan(6000);
    for (const path of PATH_TRICKS.slice(0, 6)) {
      const answer = await raw(port, [`GET ${path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`]);
      expect(statusOf(answer), path).toBe(400);
    }
    const big = await raw(port, [`GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: ${"a".repeat(40_000)}\r\n\r\n`]);
    expect(statusOf(big)).toBe(431);
    expect((await get(url, "/healthz")).status).toBe(200);
  });

  it("closes a flood of connections beyond the cap and still answers", async () => {
    // A process of its own: Bun reports closed sockets late, and the requests above must not count against this cap.
    const { url } = await serveProcess(["--snapshot", BITROUTER_DIST, "--max-connections", "4", "--no-watch"]);
    const port = Number(new URL(url).port);
    const flood = await Promise.all(Array.from({ length: 12 }, () => raw(port, ["GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n"], { waitMs: 4000 })));
    expect(flood.filter((answer) => statusOf(answer) === 200).length).toBeLessThanOrEqual(4 + 2);
    expect(flood.filter((answer) => answer.closedAfterMs !== undefined && answer.text === "").length).toBeGreaterThan(0);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect((await get(url, "/healthz")).status).toBe(200);
  });
});
