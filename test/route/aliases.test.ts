/**
 * Canonical aliases (SPEC §9) in every lookup that resolves a model name:
 * the routing function, `manage route` on the YAML, and `serve` over real
 * HTTP on a registry with an alias — bare and pinned, answered as the model
 * the alias names, and never shadowing an id.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { aliasIndex, resolveRoute, type RouteProviderInput } from "../../scripts/lib/route.ts";
import { copyRegistry, runScript } from "../helpers.ts";
import { get, serveInProcess } from "../serve/helpers.ts";

const ALIAS = "anthropic/claude-fable-5-latest";

/** The upstream corpus with one alias on anthropic/claude-fable-5. */
function aliasedRegistry(): string {
  const root = copyRegistry("upstream");
  const canonical = join(root, "canonical.yaml");
  writeFileSync(
    canonical,
    readFileSync(canonical, "utf8").replace("  - id: anthropic/claude-fable-5\n", `  - id: anthropic/claude-fable-5\n    aliases:\n      - ${ALIAS}\n`),
  );
  return root;
}

describe("resolveRoute with aliases", () => {
  const providers: RouteProviderInput[] = [
    {
      name: "acme",
      status: "active",
      kind: "third_party",
      api_base: "https://api.acme.example.com/v1",
      models: [{ id: "acme/model-1", provider_model_id: "m1" }],
    },
  ];
  const aliases = aliasIndex([
    { id: "acme/model-1", aliases: ["acme/model-latest", "acme/model-1"] },
    { id: "acme/model-2", aliases: ["acme/model-latest"] },
  ]);

  it("indexes aliases that are not ids, first model first", () => {
    expect([...aliases]).toEqual([["acme/model-latest", "acme/model-1"]]);
  });

  it("resolves a bare or pinned alias as the model it names, and says so", () => {
    const bare = resolveRoute(providers, "acme/model-latest", { aliases });
    expect(bare).toMatchObject({ mode: "cascade", query: "acme/model-latest", model: "acme/model-1", alias: "acme/model-latest" });
    expect(bare.routes.map((row) => [row.provider, row.provider_model_id, row.declared])).toEqual([["acme", "m1", true]]);
    const pinned = resolveRoute(providers, "acme:acme/model-latest", { aliases });
    expect(pinned).toMatchObject({ mode: "pinned", model: "acme/model-1", alias: "acme/model-latest" });
    expect(pinned.routes.map((row) => [row.model, row.provider_model_id, row.declared])).toEqual([["acme/model-1", "m1", true]]);
  });

  it("without the alias index an alias is an unknown name, as before", () => {
    expect(resolveRoute(providers, "acme/model-latest").routes).toEqual([]);
    expect(resolveRoute(providers, "acme:acme/model-latest").routes[0]).toMatchObject({ declared: false, provider_model_id: "acme/model-latest" });
  });
});

describe("manage route and serve accept an alias", () => {
  let root: string;
  beforeAll(() => {
    root = aliasedRegistry();
  });

  it("manage route resolves the alias from canonical.yaml", () => {
    const result = runScript("manage", ["--root", root, "route", ALIAS, "--json"]);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    const resolution = JSON.parse(result.stdout);
    expect(resolution).toMatchObject({ model: "anthropic/claude-fable-5", alias: ALIAS });
    expect(resolution.routes.map((row: { provider: string }) => row.provider)).toContain("anthropic");
  });

  it("serve answers /v1/models/{alias} and /v1/route?model= for a bare and a pinned alias", async () => {
    const { url } = await serveInProcess({ kind: "registry", root });
    const model = await get(url, `/v1/models/${ALIAS}`);
    expect(model.status).toBe(200);
    expect(model.json().id ?? model.json().data?.id).toBe("anthropic/claude-fable-5");
    const bare = await get(url, `/v1/route?model=${encodeURIComponent(ALIAS)}`);
    expect(bare.status).toBe(200);
    expect(bare.json()).toMatchObject({ model: "anthropic/claude-fable-5", alias: ALIAS });
    const pinned = await get(url, `/v1/route?model=${encodeURIComponent(`anthropic:${ALIAS}`)}`);
    expect(pinned.status).toBe(200);
    expect(pinned.json()).toMatchObject({ mode: "pinned", model: "anthropic/claude-fable-5", alias: ALIAS });
    expect(pinned.json().routes[0]).toMatchObject({ provider_model_id: "claude-fable-5", declared: true });
  });
});
