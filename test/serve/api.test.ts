/** Every SPEC §10 route over real HTTP, on a v2 snapshot, a router snapshot and a registry built in memory. */
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { brotliDecompressSync, gunzipSync } from "node:zlib";
import { beforeAll, describe, expect, it } from "vitest";
import type { RunningServer } from "../../scripts/lib/serve/index.ts";
import { runScript, tempDir } from "../helpers.ts";
import { BITROUTER_DIST, get, HAS_CORPORA, serveInProcess, UPSTREAM_DIST, UPSTREAM_ROOT } from "./helpers.ts";

const sha256 = (...parts: Buffer[]) => {
  const hash = createHash("sha256");
  for (const part of parts) hash.update(part);
  return hash.digest("hex");
};

describe.skipIf(!HAS_CORPORA)("serve on the upstream snapshot (v2 view only)", () => {
  let server: RunningServer;
  let base: string;
  const providersBytes = () => readFileSync(join(UPSTREAM_DIST, "providers.json"));
  const modelsBytes = () => readFileSync(join(UPSTREAM_DIST, "models.json"));

  beforeAll(async () => {
    server = await serveInProcess({ kind: "snapshot", dir: UPSTREAM_DIST });
    base = server.url;
  });

  it("names the snapshot by the sha256 of its views, as the npm package does", async () => {
    const health = await get(base, "/healthz");
    expect(health.status).toBe(200);
    expect(health.headers["cache-control"]).toBe("no-store");
    expect(health.json()).toMatchObject({
      status: "ok",
      snapshot: { hash: sha256(providersBytes(), modelsBytes()), views: ["v2"], api_view: "v2", providers: 31, models: 51 },
    });
  });

  it("lists providers with their status and model counts", async () => {
    const answer = await get(base, "/v1/providers");
    expect(answer.status).toBe(200);
    const view = JSON.parse(providersBytes().toString("utf8")).data as Array<{ id: string; status: string; models: unknown[] }>;
    const listed = answer.json().data as Array<{ id: string; status: string; models: number }>;
    expect(listed.map((p) => p.id)).toEqual(view.map((p) => p.id).sort());
    const openrouter = view.find((p) => p.id === "openrouter")!;
    expect(listed.find((p) => p.id === "openrouter")).toMatchObject({ status: openrouter.status, models: openrouter.models.length });
  });

  it("answers one provider, its models, its capabilities and its status from the view", async () => {
    const view = JSON.parse(providersBytes().toString("utf8")).data as Array<Record<string, any>>;
    const anthropic = view.find((p) => p.id === "anthropic")!;
    expect((await get(base, "/v1/providers/anthropic")).json()).toEqual(anthropic);
    expect((await get(base, "/v1/providers/anthropic/models")).json()).toEqual({ data: anthropic.models });
    const capabilities = (await get(base, "/v1/providers/anthropic/capabilities")).json();
    const withTools = anthropic.models
      .filter((m: any) => (m.capabilities ?? []).includes("tools"))
      .map((m: any) => m.id)
      .sort();
    expect(capabilities.provider).toBe("anthropic");
    expect(capabilities.capabilities.tools).toEqual([...new Set(withTools)]);
    expect((await get(base, "/v1/providers/anthropic/status")).json()).toEqual({
      provider: "anthropic",
      status: anthropic.status,
      routable: anthropic.status === "active",
    });
  });

  it("answers a model with every provider serving it, and filters the model list", async () => {
    const models = JSON.parse(modelsBytes().toString("utf8")).data as Array<Record<string, any>>;
    const served = models.find((m) => m.providers.length > 2)!;
    const answer = await get(base, `/v1/models/${served.id}`);
    expect(answer.status).toBe(200);
    expect(answer.json()).toEqual(served);

    const all = (await get(base, "/v1/models")).json().data as Array<{ id: string; providers: string[] }>;
    expect(all.map((m) => m.id)).toEqual(models.map((m) => m.id).sort());
    expect(all.find((m) => m.id === served.id)!.providers).toEqual(served.providers.map((p: any) => p.provider));

    const byAnthropic = (await get(base, "/v1/models?provider=anthropic")).json().data as Array<{ id: string }>;
    expect(byAnthropic.length).toBeGreaterThan(0);
    expect(byAnthropic.length).toBeLessThan(all.length);
    for (const model of byAnthropic) expect(models.find((m) => m.id === model.id)!.providers.some((p: any) => p.provider === "anthropic")).toBe(true);

    const reasoning = (await get(base, "/v1/models?capability=reasoning")).json().data as Array<{ id: string }>;
    const expected = models
      .filter((m) => m.providers.some((p: any) => (p.capabilities ?? []).includes("reasoning")))
      .map((m) => m.id)
      .sort();
    expect(reasoning.map((m) => m.id)).toEqual(expected);
    const both = (await get(base, "/v1/models?capability=reasoning,tools&provider=anthropic")).json().data as unknown[];
    expect(both.length).toBeLessThanOrEqual(reasoning.length);
  });

  it("answers capability questions: the matrix, per model, per feature, both", async () => {
    const matrix = (await get(base, "/v1/capabilities")).json();
    expect(matrix.capabilities).toContain("tools");
    expect(matrix.providers).toHaveLength(31);
    const models = JSON.parse(modelsBytes().toString("utf8")).data as Array<Record<string, any>>;
    const model = models.find((m) => m.providers.some((p: any) => (p.capabilities ?? []).includes("tools")))!;
    const perModel = (await get(base, `/v1/capabilities?model=${model.id}`)).json();
    expect(perModel.capabilities.tools).toEqual(model.providers.filter((p: any) => (p.capabilities ?? []).includes("tools")).map((p: any) => p.provider));
    const both = (await get(base, `/v1/capabilities?model=${encodeURIComponent(model.id)}&feature=tools`)).json();
    expect(both).toEqual({ model: model.id, feature: "tools", supported: true, providers: perModel.capabilities.tools });
    const feature = (await get(base, "/v1/capabilities?feature=tools")).json();
    expect(feature.providers.length).toBeGreaterThan(0);
  });

  it("routes a bare canonical id and a pinned provider:model", async () => {
    const models = JSON.parse(modelsBytes().toString("utf8")).data as Array<Record<string, any>>;
    const model = models.find((m) => m.providers.length > 2)!;
    const cascade = (await get(base, `/v1/route?model=${model.id}`)).json();
    expect(cascade.mode).toBe("cascade");
    expect(cascade.routes.length + cascade.excluded.length).toBe(model.providers.length);
    const first = model.providers[0];
    const pinned = (await get(base, `/v1/route?model=${first.provider}:${model.id}`)).json();
    expect(pinned).toMatchObject({ mode: "pinned", pinned: first.provider });
  });

  it("has no router view: /registry/*.json is a 404 that says so", async () => {
    const answer = await get(base, "/registry/providers.json");
    expect(answer.status).toBe(404);
    expect(answer.json().error.code).toBe("view_not_built");
    expect(answer.json().error.message).toMatch(/no router view/);
  });
});

describe.skipIf(!HAS_CORPORA)("serve on the bitrouter snapshot (router view only)", () => {
  let base: string;
  beforeAll(async () => {
    base = (await serveInProcess({ kind: "snapshot", dir: BITROUTER_DIST })).url;
  });

  it("serves /registry/*.json as the exact bytes of the files", async () => {
    for (const file of ["providers.json", "models.json"]) {
      const answer = await get(base, `/registry/${file}`);
      expect(answer.status).toBe(200);
      expect(answer.headers["content-type"]).toBe("application/json; charset=utf-8");
      expect(answer.body.equals(readFileSync(join(BITROUTER_DIST, "registry", file)))).toBe(true);
    }
  });

  it("answers the /v1 routes from the router view", async () => {
    const view = JSON.parse(readFileSync(join(BITROUTER_DIST, "registry/providers.json"), "utf8")).data as Array<Record<string, any>>;
    expect((await get(base, "/v1/providers")).json().data).toHaveLength(view.length);
    const alibaba = (await get(base, "/v1/providers/alibaba")).json();
    expect(alibaba).toEqual(view.find((p) => p.id === "alibaba"));
    const status = (await get(base, "/v1/providers/anthropic/status")).json();
    expect(status).toMatchObject({ provider: "anthropic", routable: true, status_page_url: expect.stringMatching(/^https:/) });
    const models = JSON.parse(readFileSync(join(BITROUTER_DIST, "registry/models.json"), "utf8")).data as Array<Record<string, any>>;
    expect((await get(base, `/v1/models/${models[0]!.id}`)).json()).toEqual(models[0]);
    const route = (await get(base, `/v1/route?model=${models[0]!.id}`)).json();
    expect(route.routes.length).toBeGreaterThan(0);
    // A subscription plan is never reached by a bare id (SPEC §4): it is listed as left out, with the reason.
    for (const row of route.routes) expect(row.class).not.toMatch(/subscription/);
  });
});

describe.skipIf(!HAS_CORPORA)("serve --root: the registry validated and built in memory", () => {
  it("serves the same views build writes (both generations), byte for byte, under the same hash", async () => {
    const server = await serveInProcess({ kind: "registry", root: UPSTREAM_ROOT });
    const health = (await get(server.url, "/healthz")).json();
    const out = tempDir("serve-build-");
    expect(runScript("build", ["--root", UPSTREAM_ROOT, "--out", out]).code).toBe(0);
    const providers = readFileSync(join(UPSTREAM_DIST, "providers.json"));
    const models = readFileSync(join(UPSTREAM_DIST, "models.json"));
    const routerProviders = readFileSync(join(out, "registry/providers.json"));
    const routerModels = readFileSync(join(out, "registry/models.json"));
    expect(health.snapshot.hash).toBe(sha256(providers, models, routerProviders, routerModels));
    expect(health.snapshot.origin).toBe(`registry ${UPSTREAM_ROOT}`);
    const snapshot = server.server.snapshot!;
    expect(snapshot.views.v2!.providers.equals(providers)).toBe(true);
    expect(snapshot.views.v2!.models.equals(models)).toBe(true);
    expect(snapshot.views.router!.providers.equals(routerProviders)).toBe(true);
    expect(snapshot.views.router!.models.equals(routerModels)).toBe(true);
    expect((await get(server.url, "/registry/providers.json")).status).toBe(200);
  });
});

describe.skipIf(!HAS_CORPORA)("HTTP semantics", () => {
  let base: string;
  let hash: string;
  beforeAll(async () => {
    const server = await serveInProcess({ kind: "snapshot", dir: BITROUTER_DIST });
    base = server.url;
    hash = server.server.snapshot!.hash;
  });

  const routes = ["/registry/providers.json", "/v1/models/anthropic/claude-fable-5", "/v1/route?model=anthropic/claude-fable-5", "/v1/providers/anthropic"];

  it("carries the snapshot hash as a strong ETag and answers If-None-Match with 304", async () => {
    for (const path of routes) {
      const first = await get(base, path);
      expect(first.status, path).toBe(200);
      expect(first.headers.etag).toBe(`"${hash}"`);
      expect(first.headers["cache-control"]).toBe("public, max-age=60");
      const again = await get(base, path, { "If-None-Match": `"${hash}"` });
      expect(again.status, path).toBe(304);
      expect(again.body.length).toBe(0);
      expect(again.headers.etag).toBe(`"${hash}"`);
      expect((await get(base, path, { "If-None-Match": `W/"${hash}", "other"` })).status).toBe(304);
      expect((await get(base, path, { "If-None-Match": `"${"0".repeat(64)}"` })).status).toBe(200);
    }
  });

  it("compresses with brotli or gzip when asked, each with its own strong ETag", async () => {
    for (const path of routes.slice(0, 2)) {
      const plain = await get(base, path);
      const br = await get(base, path, { "Accept-Encoding": "gzip, deflate, br" });
      expect(br.headers["content-encoding"]).toBe("br");
      expect(br.headers.vary).toBe("Accept-Encoding");
      expect(br.headers.etag).toBe(`"${hash}.br"`);
      expect(br.body.length).toBeLessThan(plain.body.length);
      expect(brotliDecompressSync(br.body).equals(plain.body)).toBe(true);
      const gz = await get(base, path, { "Accept-Encoding": "gzip" });
      expect(gz.headers["content-encoding"]).toBe("gzip");
      expect(gz.headers.etag).toBe(`"${hash}.gz"`);
      expect(gunzipSync(gz.body).equals(plain.body)).toBe(true);
      expect((await get(base, path, { "Accept-Encoding": "br;q=0.5, gzip;q=0.9" })).headers["content-encoding"]).toBe("gzip");
      expect((await get(base, path, { "Accept-Encoding": "br;q=0, gzip;q=0" })).headers["content-encoding"]).toBeUndefined();
      expect((await get(base, path, { "Accept-Encoding": "br", "If-None-Match": `"${hash}.br"` })).status).toBe(304);
    }
  });

  it("allows cross-origin GETs", async () => {
    const answer = await get(base, "/v1/providers", { Origin: "https://example.com" });
    expect(answer.headers["access-control-allow-origin"]).toBe("*");
    expect(answer.headers["access-control-expose-headers"]).toContain("ETag");
  });

  it("answers HEAD with the headers of GET and no body", async () => {
    const head = await get(base, "/registry/models.json", {}, "HEAD");
    expect(head.status).toBe(200);
    expect(head.body.length).toBe(0);
    expect(Number(head.headers["content-length"])).toBe(readFileSync(join(BITROUTER_DIST, "registry/models.json")).length);
  });

  it("refuses every method but GET and HEAD with 405 and Allow", async () => {
    for (const method of ["POST", "PUT", "PATCH", "DELETE", "OPTIONS"]) {
      const answer = await get(base, "/v1/providers", {}, method);
      expect(answer.status, method).toBe(405);
      expect(answer.headers.allow).toBe("GET, HEAD");
      expect(answer.json().error.code).toBe("method_not_allowed");
    }
  });

  it("answers errors as JSON with a did-you-mean, never cached", async () => {
    const cases: Array<[string, number, string, RegExp]> = [
      ["/v1/providers/anthropc", 404, "unknown_provider", /did you mean `anthropic`\?/],
      ["/v1/providers/anthropc/models", 404, "unknown_provider", /did you mean `anthropic`/],
      ["/v1/models/anthropic/claude-fable-6", 404, "unknown_model", /did you mean `anthropic\/claude-fable-5`/],
      ["/v1/models?provider=openrouterr", 404, "unknown_provider", /did you mean `openrouter`/],
      ["/v1/models?capability=tool", 400, "bad_query", /did you mean `tools`/],
      ["/v1/models?providr=openrouter", 400, "bad_query", /unknown query parameter `providr` — did you mean `provider`/],
      ["/v1/models?provider=a&provider=b", 400, "bad_query", /more than once/],
      ["/v1/capabilities?feature=reasonin", 400, "bad_query", /did you mean `reasoning`/],
      ["/v1/route", 400, "bad_query", /`model` is required/],
      ["/v1/route?model=anthropic/claude-fable-6", 404, "unknown_model", /did you mean `anthropic\/claude-fable-5`/],
      ["/v1/providrs", 404, "not_found", /did you mean `\/v1\/providers`/],
      ["/v1/providers?x=1", 400, "bad_query", /takes no query parameters/],
    ];
    for (const [path, status, code, message] of cases) {
      const answer = await get(base, path);
      expect(answer.status, path).toBe(status);
      expect(answer.headers["content-type"]).toBe("application/json; charset=utf-8");
      expect(answer.headers["cache-control"]).toBe("no-store");
      expect(answer.headers.etag).toBeUndefined();
      const body = answer.json();
      expect(Object.keys(body)).toEqual(["error"]);
      expect(body.error.code, path).toBe(code);
      expect(body.error.message, path).toMatch(message);
    }
  });
});

describe.skipIf(!HAS_CORPORA)("content negotiation refused", () => {
  it("answers 406 when every encoding is refused, for a fixed and for a computed answer, and keeps serving", async () => {
    const server = await serveInProcess({ kind: "snapshot", dir: BITROUTER_DIST });
    for (const path of ["/registry/providers.json", "/v1/models/anthropic/claude-fable-5?", "/v1/providers/anthropic"]) {
      const answer = await get(server.url, path, { "Accept-Encoding": "identity;q=0, *;q=0" });
      expect(answer.status, path).toBe(406);
      expect(answer.json().error.code).toBe("not_acceptable");
    }
    expect((await get(server.url, "/healthz")).status).toBe(200);
    expect(server.server.internalErrors).toBe(0);
  });
});
