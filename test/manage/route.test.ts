/**
 * `route` on the registry the router reads today (../shared/corpora/bitrouter),
 * against the router's documented behaviour: provider class from `kind` +
 * `billing`, class rank then name, subscription classes only by pin, a
 * provider joining only when its key variable is set (with an environment),
 * `${VAR}` bases needing their variable — and the same answer from the YAML
 * (manage) as from the snapshot's provider view (a server).
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { route } from "../../scripts/lib/manage/queries.ts";
import { Registry } from "../../scripts/lib/manage/registry.ts";
import { keyVariable, providerClass, resolveRoute, type RouteProviderInput } from "../../scripts/lib/route.ts";
import { copyRegistry, CORPORA, runScript } from "../helpers.ts";

const CORPUS = join(CORPORA, "bitrouter");
const root = copyRegistry(join(CORPUS, "registry"));
const registry = Registry.open(root);
const view = (JSON.parse(readFileSync(join(CORPUS, "dist/registry/providers.json"), "utf8")) as { data: RouteProviderInput[] }).data;
const names = (rows: Array<{ provider: string }>) => rows.map((row) => row.provider);

describe("provider class and key variable, as the router derives them", () => {
  const byName = new Map(view.map((provider) => [provider.id!, provider]));
  it.each([
    ["anthropic", "first_party_api"], // kind first_party, usage_token
    ["claude-code", "first_party_subscription"], // kind first_party, subscription
    ["zai_coding_plan", "first_party_subscription"], // no kind, not community: first party
    ["openrouter", "gateway_subscription"], // a gateway is that class whatever its billing
    ["bitrouter", "bitrouter_cloud"],
    ["qianfan", "bitrouter_cloud"], // kind cloud
    ["chutes", "third_party_api"], // no kind, community
  ])("%s is %s", (name, expected) => {
    expect(providerClass(byName.get(name)!)).toBe(expected);
  });

  it("reads auth.env, else {NAME}_API_KEY with - as _, and none for a local login", () => {
    expect(keyVariable(byName.get("google")!)).toBe("GEMINI_API_KEY");
    expect(keyVariable(byName.get("aws-bedrock")!)).toBe("AWS_BEARER_TOKEN_BEDROCK");
    expect(keyVariable(byName.get("xiaomi_token_plan_eu")!)).toBe("XIAOMI_TOKEN_PLAN_EU_API_KEY");
    expect(keyVariable({ name: "opencode-zen" })).toBe("OPENCODE_ZEN_API_KEY");
    expect(keyVariable(byName.get("claude-code")!)).toBeNull();
  });
});

describe("a bare canonical id", () => {
  const resolution = route(registry, "moonshotai/kimi-k2.6");

  it("cascades by class rank, then name", () => {
    expect(resolution).toMatchObject({ mode: "cascade", model: "moonshotai/kimi-k2.6" });
    expect(names(resolution.routes)).toEqual([
      "alibaba_cn",
      "ambient",
      "azure",
      "moonshotai",
      "tencent",
      "tencent_cn",
      "bitrouter",
      "qianfan",
      "chutes",
      "tinfoil",
    ]);
    expect(resolution.routes.map((row) => row.class)).toEqual([
      ...Array(6).fill("first_party_api"),
      "bitrouter_cloud",
      "bitrouter_cloud",
      "third_party_api",
      "third_party_api",
    ]);
  });

  it("leaves the subscription classes out, each with its reason", () => {
    expect(names(resolution.excluded)).toEqual([
      "atlascloud",
      "gmicloud",
      "novita",
      "opencode-go",
      "opencode-zen",
      "openrouter",
      "phala",
      "redpill",
      "siliconflow",
      "siliconflow_cn",
    ]);
    expect(resolution.excluded[0]!.reasons).toEqual([
      "class gateway_subscription is explicit-route only: a bare model id never cascades to it (ask for `atlascloud:moonshotai/kimi-k2.6`)",
    ]);
    const subscription = route(registry, "moonshotai/kimi-k3").excluded.find((provider) => provider.provider === "moonshotai_coding_plan");
    expect(subscription).toMatchObject({ class: "first_party_subscription", reasons: [expect.stringContaining("explicit-route only")] });
  });

  it("shows the entry's provider_model_id, head protocol and its endpoint, price and capabilities", () => {
    expect(resolution.routes.find((row) => row.provider === "moonshotai")).toEqual({
      provider: "moonshotai",
      class: "first_party_api",
      model: "moonshotai/kimi-k2.6",
      provider_model_id: "kimi-k2.6",
      protocol: "openai",
      protocols: ["openai", "anthropic"],
      endpoint: "https://api.moonshot.ai/v1",
      key_variable: "MOONSHOTAI_API_KEY",
      pricing: expect.objectContaining({ input_tokens: expect.objectContaining({ no_cache: 0.95 }) }),
      rate_limits: { requests_per_minute: 60 },
      capabilities: ["reasoning", "structured_outputs", "tools"],
      declared: true,
    });
    // A model whose head protocol is anthropic takes the provider's `messages` endpoint.
    const minimax = route(registry, "minimax/minimax-m2.5").routes.find((row) => row.provider === "minimax")!;
    expect(minimax).toMatchObject({ protocol: "anthropic", endpoint: "https://api.minimax.io/anthropic/v1" });
  });

  it("leaves out a provider that is not active", () => {
    const staging = route(registry, "deepseek/deepseek-v3.2");
    expect(names(staging.routes)).not.toContain("byteplus");
  });
});

describe("--env: a provider joins only when its key variable is set", () => {
  it("keeps only configured providers; the router's cloud gateway signs in without a key", () => {
    const resolution = route(registry, "moonshotai/kimi-k2.6", { env: { MOONSHOTAI_API_KEY: "k", CHUTES_API_KEY: "k", TINFOIL_API_KEY: "" } });
    expect(names(resolution.routes)).toEqual(["moonshotai", "bitrouter", "chutes"]);
    expect(resolution.excluded.find((provider) => provider.provider === "tinfoil")!.reasons).toEqual(["its key variable TINFOIL_API_KEY is not set"]);
  });

  it("drops a ${VAR} base whose variable is unset, keeps one with a default", () => {
    const azure = route(registry, "moonshotai/kimi-k2.6", { env: { AZURE_OPENAI_API_KEY: "k" } });
    expect(azure.excluded.find((provider) => provider.provider === "azure")!.reasons).toEqual([
      "its api_base needs ${AZURE_OPENAI_RESOURCE}, which is not set",
    ]);
    expect(names(route(registry, "moonshotai/kimi-k2.6", { env: { AZURE_OPENAI_API_KEY: "k", AZURE_OPENAI_RESOURCE: "acme" } }).routes)).toContain("azure");
    expect(names(route(registry, "minimax/minimax-m2.5", { env: { AWS_BEARER_TOKEN_BEDROCK: "k" } }).routes)).toContain("aws-bedrock");
  });

  it("reads the process environment through the CLI", () => {
    const result = runScript("manage", ["--root", root, "route", "moonshotai/kimi-k2.6", "--env", "--json"], {
      env: { PATH: process.env.PATH, MOONSHOTAI_API_KEY: "k" },
    });
    expect(result.code).toBe(0);
    expect(names((JSON.parse(result.stdout) as { routes: Array<{ provider: string }> }).routes)).toEqual(["moonshotai", "bitrouter"]);
  });
});

describe("provider:model", () => {
  it("pins a subscription provider, which no bare id reaches", () => {
    expect(route(registry, "claude-code:anthropic/claude-opus-4.7")).toMatchObject({
      mode: "pinned",
      pinned: "claude-code",
      routes: [{ provider: "claude-code", class: "first_party_subscription", provider_model_id: "claude-opus-4-7", protocol: "anthropic", declared: true }],
      excluded: [],
    });
  });

  it("a pinned provider that is not routable leaves no route, saying why", () => {
    const result = runScript("manage", ["--root", root, "route", "byteplus:deepseek/deepseek-v3.2"]);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain("byteplus:deepseek/deepseek-v3.2 (pinned to byteplus): no route — the router answers 404");
    expect(result.stdout).toMatch(/^ {2}byteplus \(bitrouter_cloud\): status is staging: only active providers are routed$/m);
  });
});

describe("the same resolution from the YAML and from the snapshot's provider view", () => {
  const ids = [...new Set(view.flatMap((provider) => (provider.models ?? []).map((model) => model.id)))].sort();
  it.each(ids)("%s", (id) => {
    expect(resolveRoute(view, id)).toEqual(route(registry, id));
  });
});
