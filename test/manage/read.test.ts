/**
 * The read-only commands: `route` resolves exactly as the router's snapshot
 * does (upstream dist/, SPEC §2), `list` / `show` / `canonical list` report
 * the files as written, and every command documents its flags with an
 * example in `--help`.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { route } from "../../scripts/lib/manage/queries.ts";
import { Registry } from "../../scripts/lib/manage/registry.ts";
import { CORPORA, runScript } from "../helpers.ts";
import { MANAGE_ENV } from "./helpers.ts";

const UPSTREAM = join(CORPORA, "upstream");
const manage = (...args: string[]) => runScript("manage", ["--root", UPSTREAM, ...args], { env: MANAGE_ENV });

interface DistProvider {
  id: string;
  models: Array<{ id: string; provider_model_id: string; api_protocol: unknown; rate_limits?: unknown; pricing?: unknown; capabilities?: string[] }>;
}

describe("route", () => {
  const dist = JSON.parse(readFileSync(join(UPSTREAM, "dist/providers.json"), "utf8")) as { data: DistProvider[] };
  const registry = Registry.open(UPSTREAM);
  const canonicalIds = [...new Set(dist.data.flatMap((provider) => provider.models.map((model) => model.id)))].sort();

  it.each(canonicalIds)("%s: every provider serving it is a route or left out, each route as the snapshot resolves it", (id) => {
    const expected = dist.data
      .flatMap((provider) => provider.models.filter((model) => model.id === id).map((model) => ({ provider: provider.id, ...model })))
      .map((model) => ({
        provider: model.provider,
        provider_model_id: model.provider_model_id,
        protocols: [model.api_protocol].flat(),
        rate_limits: model.rate_limits ?? null,
        pricing: model.pricing ?? null,
        capabilities: model.capabilities ?? [],
      }));
    const resolution = route(registry, id);
    const routed = resolution.routes.map(({ provider, provider_model_id, protocols, rate_limits, pricing, capabilities }) => ({
      provider,
      provider_model_id,
      protocols,
      rate_limits,
      pricing,
      capabilities,
    }));
    const byName = (a: { provider: string }, b: { provider: string }) => (a.provider < b.provider ? -1 : 1);
    expect([...routed].sort(byName)).toEqual(expected.filter((entry) => routed.some((route) => route.provider === entry.provider)).sort(byName));
    expect([...resolution.routes.map((r) => r.provider), ...resolution.excluded.map((e) => e.provider)].sort()).toEqual(expected.map((e) => e.provider).sort());
  });

  it("prints the routes in cascade order, then who is left out and why", () => {
    const result = manage("route", "anthropic/claude-sonnet-4.6");
    expect(result.code).toBe(0);
    const lines = result.stdout.trimEnd().split("\n");
    expect(lines[0]).toMatch(/^anthropic\/claude-sonnet-4\.6: \d+ routes?, tried in this order \(prices in USD per 1M tokens\)$/);
    expect(lines[1]).toMatch(/^PROVIDER +CLASS +PROVIDER MODEL ID +PROTOCOL +ENDPOINT +INPUT +CACHED +OUTPUT +CAPABILITIES$/);
    expect(lines[2]).toMatch(/^anthropic +first_party_api +claude-sonnet-4-6 +anthropic +https:\/\/api\.anthropic\.com\/v1 /);
    expect(result.stdout).toMatch(/^ {2}github-copilot \(gateway_subscription\): class gateway_subscription is explicit-route only/m);
    expect(result.stdout).toMatch(/^ {2}claude-code \(first_party_subscription\): /m);
    expect(manage("route", "deepseek/deepseek-v3.2").stdout).toMatch(
      /^ {2}bitrouter \(first_party_api\): access is private: the router never merges private providers$/m,
    );
  });

  it("pins one provider with provider:model, by canonical id or the provider's own id", () => {
    const byCanonical = JSON.parse(manage("route", "github-copilot:openai/gpt-5.5", "--json").stdout) as { routes: unknown[] };
    const byOwnId = JSON.parse(manage("route", "github-copilot:gpt-5.5", "--json").stdout) as { routes: unknown[] };
    expect(byCanonical.routes).toEqual(byOwnId.routes);
    expect(byCanonical).toMatchObject({
      mode: "pinned",
      pinned: "github-copilot",
      routes: [{ provider: "github-copilot", model: "openai/gpt-5.5", provider_model_id: "gpt-5.5", protocol: "responses", declared: true }],
    });
  });

  it("says what to try when nothing matches", () => {
    expect(manage("route", "gpt-5.5")).toMatchObject({
      code: 1,
      stderr: expect.stringMatching(/^manage: no provider serves the canonical id `gpt-5\.5`, but it is a provider model id: try `[a-z0-9-]+:gpt-5\.5`/),
    });
    expect(manage("route", "openai/gpt-5.55")).toMatchObject({
      code: 1,
      stderr: "manage: no provider serves `openai/gpt-5.55` — did you mean `openai/gpt-5.5`?\n",
    });
    // The router sends a pinned model its provider does not list upstream as written.
    expect(manage("route", "redpill:openai/gpt-5.5")).toMatchObject({
      code: 0,
      stdout: expect.stringContaining("note: redpill does not list `openai/gpt-5.5`; the router sends it upstream as written"),
    });
  });
});

describe("list, show, canonical list", () => {
  const files = readdirSync(join(UPSTREAM, "providers"))
    .filter((name) => name.endsWith(".yaml"))
    .sort();

  it("list: one line per provider with status and model count", () => {
    const text = manage("list");
    expect(text.code).toBe(0);
    expect(text.stdout.trimEnd().split("\n")).toHaveLength(files.length + 1);
    expect(text.stdout).toMatch(/^redpill +active +2$/m);
    const json = JSON.parse(manage("list", "--json").stdout) as Array<{ name: string; status: string; models: number; file: string }>;
    expect(json.map((p) => p.name)).toEqual(files.map((name) => name.slice(0, -".yaml".length)).sort());
    expect(json.find((p) => p.name === "github-copilot")).toEqual({
      name: "github-copilot",
      file: "providers/github-copilot.yaml",
      status: "active",
      models: 18,
    });
  });

  it("show prints the file exactly as written, or its data as JSON", () => {
    expect(manage("show", "github-copilot").stdout).toBe(readFileSync(join(UPSTREAM, "providers/github-copilot.yaml"), "utf8"));
    expect((JSON.parse(manage("show", "redpill", "--json").stdout) as { community: boolean }).community).toBe(true);
    expect(manage("show", "redpil")).toMatchObject({
      code: 1,
      stderr: "manage: provider `redpil` not found (no providers/redpil.yaml) — did you mean `redpill`?\n",
    });
  });

  it("canonical list: every id with its name", () => {
    const text = manage("canonical", "list").stdout.trimEnd().split("\n");
    expect(text[0]).toMatch(/^ID +NAME$/);
    expect(text[1]).toMatch(/^deepseek\/deepseek-v3\.2 +DeepSeek: DeepSeek V3\.2$/);
    expect(text).toHaveLength(52);
  });
});

describe("--help", () => {
  const commands = [
    ["list"],
    ["show"],
    ["route"],
    ["add"],
    ["delete"],
    ["add-model"],
    ["update-model"],
    ["remove-model"],
    ["canonical"],
    ["canonical", "list"],
    ["canonical", "add"],
    ["canonical", "remove"],
  ];

  it("the top level lists every command, the exit codes and examples", () => {
    const result = runScript("manage", ["--help"], { env: MANAGE_ENV });
    expect(result.code).toBe(0);
    for (const [command] of commands) expect(result.stdout).toMatch(new RegExp(`^  ${command}\\b`, "m"));
    expect(result.stdout).toContain("Exit codes: 0 done, 1 refused");
    expect(result.stdout).toContain("$ bun run manage add-model openrouter");
  });

  it.each(commands.map((command) => [command.join(" "), command] as const))("%s --help shows its flags, --root, and an example", (_name, command) => {
    const result = runScript("manage", [...command, "--help"], { env: MANAGE_ENV });
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^Usage: manage /);
    expect(result.stdout).toMatch(/^ {2}--root <dir> +registry root/m);
    expect(result.stdout).toMatch(/^Examples?:\n {2}\$ bun run manage /m);
    // Every flag has a one-line description.
    const flags = result.stdout.split("\n").filter((line) => /^ {2}(-\w, )?--/.test(line));
    expect(flags.length).toBeGreaterThan(1);
    for (const line of flags) expect(line).toMatch(/^ {2}\S.*\S {2,}\S/);
  });

  it("add-model documents every price flag", () => {
    const help = runScript("manage", ["add-model", "--help"], { env: MANAGE_ENV }).stdout;
    for (const flag of [
      "--no-cache <usd>",
      "--cache-read <usd>",
      "--cache-write <usd>",
      "--output <usd>",
      "--reasoning <usd>",
      "--protocol <protocol>",
      "--capabilities <list>",
      "--rpm <n>",
      "--tpm <n>",
    ]) {
      expect(help).toContain(flag);
    }
    expect(help).toMatch(/^Usage: manage add-model <provider> <canonical-id> <provider-model-id> \[options\]$/m);
  });
});
