/**
 * Hostile `/v1/models` feeds, over real https on 127.0.0.1: each case ends as
 * a problem for its own provider, in bounded time, with nothing written for
 * it, while the healthy feed next to it is still synced. The test's guard
 * points `feed.example.com` at its own server; the CLI's guard never could.
 */
import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import type { IncomingMessage, ServerResponse } from "node:http";
import { createServer } from "node:https";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fetchGuarded, PUBLIC_HTTPS, type NetworkGuard } from "../../scripts/lib/sync/fetch.ts";
import { formatSyncJson, formatSyncMarkdown } from "../../scripts/lib/sync/format.ts";
import { runSync, syncExitCode } from "../../scripts/lib/sync/index.ts";
import { copyRegistry, runScript, tempDir } from "../helpers.ts";

const KEY = "sk-test-7f3a9c1e5b2d8f4a";
const SERVED = ["openai/gpt-5.4", "gpt-5.4-mini", "acme-unknown-model-1"];

type Handler = (request: IncomingMessage, response: ServerResponse) => void;
const json = (response: ServerResponse, status: number, body: unknown) => {
  response.writeHead(status, { "content-type": "application/json" });
  response.end(JSON.stringify(body));
};
const authorised = (request: IncomingMessage) => request.headers.authorization === `Bearer ${KEY}`;

const ROUTES: Record<string, Handler> = {
  "/ok/models": (request, response) =>
    authorised(request)
      ? json(response, 200, { object: "list", data: SERVED.map((id) => ({ id, object: "model" })) })
      : json(response, 401, { error: "bad key" }),
  "/slow/models": () => {
    // never answers: the total timeout must end it
  },
  "/oversize/models": (_request, response) => {
    response.writeHead(200, { "content-type": "application/json" });
    const chunk = Buffer.alloc(64 * 1024, 0x20);
    let sent = 0;
    const pump = () => {
      while (sent < 64 && response.write(chunk)) sent++;
      if (sent < 64) response.once("drain", pump);
      else response.end();
    };
    pump();
  },
  "/same-host/models": (_request, response) => {
    response.writeHead(302, { location: "/ok/models" });
    response.end();
  },
  "/other-host/models": (_request, response) => {
    response.writeHead(302, { location: "https://evil.example.net/ok/models" });
    response.end();
  },
  "/garbage/models": (_request, response) => {
    response.writeHead(200, { "content-type": "text/html" });
    response.end("<html><body>Service temporarily unavailable</body></html>");
  },
  "/wrong-shape/models": (_request, response) => json(response, 200, { models: ["openai/gpt-5.4"] }),
  "/echo/models": (request, response) => json(response, 200, { data: [{ id: `echo-${String(request.headers.authorization)}` }, { id: "openai/gpt-5.2" }] }),
};

let server: ReturnType<typeof createServer>;
let port = 0;
let cert = "";

beforeAll(async () => {
  const dir = tempDir("sync-tls-");
  execFileSync(
    "openssl",
    [
      "req",
      "-x509",
      "-newkey",
      "rsa:2048",
      "-nodes",
      "-days",
      "1",
      "-subj",
      "/CN=feed.example.com",
      "-addext",
      "subjectAltName=DNS:feed.example.com,DNS:evil.example.net",
      "-keyout",
      join(dir, "key.pem"),
      "-out",
      join(dir, "cert.pem"),
    ],
    { stdio: "ignore" },
  );
  cert = readFileSync(join(dir, "cert.pem"), "utf8");
  server = createServer({ key: readFileSync(join(dir, "key.pem")), cert }, (request, response) => {
    const route = ROUTES[request.url ?? ""];
    if (route) route(request, response);
    else json(response, 404, { error: "no such route" });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  port = (server.address() as AddressInfo).port;
});

afterAll(() => {
  server.closeAllConnections();
  server.close();
});

/** The test's guard: its two names resolve to its own server, which it trusts. */
function testGuard(): NetworkGuard {
  return {
    protocols: ["https:"],
    blockedAddress: (address) => (address === "127.0.0.1" ? undefined : "is not the test server"),
    resolve: async () => [{ address: "127.0.0.1", family: 4 }],
    ca: cert,
  };
}
const url = (path: string) => `https://feed.example.com:${port}${path}`;

describe("fetchGuarded", () => {
  it("reads a listing over https, sending the declared header", async () => {
    const result = await fetchGuarded(url("/ok/models"), { guard: testGuard(), headers: { authorization: `Bearer ${KEY}` } });
    expect(result.ok).toBe(true);
  });

  it("refuses plain http, loopback and private addresses under the CLI's guard", async () => {
    for (const target of [
      `http://127.0.0.1:${port}/ok/models`,
      `https://127.0.0.1:${port}/ok/models`,
      "https://10.0.0.8/models",
      "https://[::1]/models",
      "https://169.254.169.254/latest/",
    ]) {
      const result = await fetchGuarded(target, { guard: PUBLIC_HTTPS });
      expect(result.ok, target).toBe(false);
    }
    // A public-looking name that resolves into the loopback range is refused before any connection.
    const rebound = await fetchGuarded(url("/ok/models"), { guard: { ...PUBLIC_HTTPS, resolve: async () => [{ address: "127.0.0.1", family: 4 }] } });
    expect(rebound).toEqual({ ok: false, error: "feed.example.com resolves to `127.0.0.1`, a loopback address; feeds must be public" });
  });

  it("checks the address actually connected to, not only the one resolved", async () => {
    let checks = 0;
    // Passes the resolver's answer, then sees the connection: the second look must be the one that refuses.
    const guard = { ...testGuard(), blockedAddress: (address: string) => (++checks === 1 ? undefined : `connected to ${address}`) };
    expect(await fetchGuarded(url("/ok/models"), { guard })).toEqual({ ok: false, error: "feed.example.com connected to 127.0.0.1; feeds must be public" });
    expect(checks).toBe(2);
  });

  it("ends a silent server at the total timeout and an endless one at the size cap", async () => {
    const started = Date.now();
    const slow = await fetchGuarded(url("/slow/models"), { guard: testGuard(), limits: { totalTimeoutMs: 400 } });
    expect(slow).toEqual({ ok: false, error: `https://feed.example.com:${port}/slow/models did not answer within 400 ms` });
    expect(Date.now() - started).toBeLessThan(3_000);
    const big = await fetchGuarded(url("/oversize/models"), { guard: testGuard(), limits: { maxBytes: 1024 * 1024 } });
    expect(big).toEqual({ ok: false, error: `https://feed.example.com:${port}/oversize/models sent more than the 1048576-byte limit` });
  });

  it("follows a redirect on the same host only", async () => {
    expect((await fetchGuarded(url("/same-host/models"), { guard: testGuard(), headers: { authorization: `Bearer ${KEY}` } })).ok).toBe(true);
    const other = await fetchGuarded(url("/other-host/models"), { guard: testGuard() });
    expect(other.ok).toBe(false);
    expect(!other.ok && other.error).toContain("redirected to another host (evil.example.net)");
  });
});

function provider(name: string, path: string, env = "FEEDTEST_KEY"): string {
  return [
    `# A test provider whose listing is served by the test's own server (${path}).`,
    `name: ${name}`,
    "status: staging",
    `api_base: https://feed.example.com:${port}/${path}`,
    "auth:",
    "  kind: bearer",
    `  env: ${env}`,
    "auto_sync:",
    "  feed: v1_models",
    "models: []",
    "",
  ].join("\n");
}

describe("runSync over hostile feeds", () => {
  it("reports each failing feed for its provider, syncs the healthy one, and never shows the key", async () => {
    const root = copyRegistry("upstream");
    const cases = ["ok", "slow", "oversize", "same-host", "other-host", "garbage", "wrong-shape", "echo"];
    for (const path of cases) writeFileSync(join(root, "providers", `feed-${path}.yaml`), provider(`feed-${path}`, path));
    writeFileSync(join(root, "providers", "feed-no-key.yaml"), provider("feed-no-key", "ok", "FEEDTEST_UNSET_KEY"));
    writeFileSync(join(root, "providers", "feed-bad-key.yaml"), provider("feed-bad-key", "ok", "FEEDTEST_WRONG_KEY"));
    const before = new Map(["ok", "slow", "garbage", "bad-key"].map((name) => [name, readFileSync(join(root, "providers", `feed-${name}.yaml`), "utf8")]));

    const started = Date.now();
    const report = await runSync({
      root,
      providers: [...cases, "no-key", "bad-key"].map((name) => `feed-${name}`),
      write: true,
      guard: testGuard(),
      limits: { totalTimeoutMs: 1_500, maxBytes: 1024 * 1024 },
      env: { FEEDTEST_KEY: KEY, FEEDTEST_WRONG_KEY: "sk-wrong" },
    });
    expect(Date.now() - started).toBeLessThan(15_000);
    const status = Object.fromEntries(report.sync.feeds.map((feed) => [feed.provider, [feed.status, feed.error ?? ""]]));
    expect(status).toEqual({
      "feed-ok": ["synced", ""],
      "feed-same-host": ["synced", ""],
      "feed-echo": ["synced", ""],
      "feed-slow": ["failed", `https://feed.example.com:${port}/slow/models did not answer within 1500 ms`],
      "feed-oversize": ["failed", `https://feed.example.com:${port}/oversize/models sent more than the 1048576-byte limit`],
      "feed-other-host": [
        "failed",
        `https://feed.example.com:${port}/other-host/models redirected to another host (evil.example.net); only same-host redirects are followed`,
      ],
      "feed-garbage": ["failed", `https://feed.example.com:${port}/garbage/models answered something that is not JSON`],
      "feed-wrong-shape": ["failed", 'the answer is not an OpenAI-style `{ "data": [ … ] }` model list'],
      "feed-no-key": ["failed", "the key variable FEEDTEST_UNSET_KEY is not set"],
      "feed-bad-key": ["failed", `https://feed.example.com:${port}/ok/models answered HTTP 401`],
    });
    expect(syncExitCode(report, false)).toBe(1);

    const ok = report.sync.feeds.find((feed) => feed.provider === "feed-ok")!;
    expect(ok).toMatchObject({ added: 2, unmapped: ["acme-unknown-model-1"] });
    const echo = report.sync.feeds.find((feed) => feed.provider === "feed-echo")!;
    expect(echo).toMatchObject({ added: 1, unmapped: [], rejected: ["1 model id quoting the credential"] });

    // The healthy feeds were written through manage's editor; the failing ones were not touched.
    expect(report.sync.written).toEqual(["providers/feed-echo.yaml", "providers/feed-ok.yaml", "providers/feed-same-host.yaml"]);
    const written = readFileSync(join(root, "providers", "feed-ok.yaml"), "utf8");
    expect(written).toContain("# A test provider whose listing is served");
    expect(written).toContain("  - id: openai/gpt-5.4\n    provider_model_id: openai/gpt-5.4\n");
    expect(written).toContain("  - id: openai/gpt-5.4-mini\n    provider_model_id: gpt-5.4-mini\n");
    for (const name of ["slow", "garbage", "bad-key"]) expect(readFileSync(join(root, "providers", `feed-${name}.yaml`), "utf8")).toBe(before.get(name));

    for (const output of [formatSyncJson(report), formatSyncMarkdown(report)]) expect(output).not.toContain(KEY);
    expect(runScript("validate", ["--root", root]).code).toBe(0);
  }, 30_000);
});
