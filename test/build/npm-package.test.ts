/**
 * The npm package as a consumer meets it: packed with `npm pack`, installed
 * from the tarball into an empty project, imported by plain `node`, and
 * type-checked with `tsc`. Built from a copy of the upstream corpus with
 * openrouter suspended, so the active-only default has something to hide.
 */
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { copyRegistry, REPO_ROOT, runScript, tempDir } from "../helpers.ts";

const TSC = join(REPO_ROOT, "node_modules/typescript/bin/tsc");
const PACKAGE = "acme-registry-snapshot";

function run(command: string, args: string[], cwd: string) {
  const result = spawnSync(command, args, { cwd, encoding: "utf8", timeout: 120_000, env: { ...process.env, npm_config_update_notifier: "false" } });
  return { code: result.status ?? -1, stdout: String(result.stdout ?? ""), stderr: String(result.stderr ?? "") };
}

let registry: string;
let project: string;

/** Runs an ES module in the consumer project with plain node; returns what it printed as JSON. */
function inNode(source: string): unknown {
  const file = join(project, `probe-${createHash("sha256").update(source).digest("hex").slice(0, 8)}.mjs`);
  writeFileSync(file, source);
  const result = run(process.execPath, [file], project);
  expect(result.stderr).toBe("");
  expect(result.code).toBe(0);
  return JSON.parse(result.stdout);
}

/** The view files the installed package's module reads, as its snapshot.json names them. */
function packageViews(): { root: string; providersFile: string; modelsFile: string } {
  const root = join(project, "node_modules", PACKAGE);
  const meta = JSON.parse(readFileSync(join(root, "snapshot.json"), "utf8")) as { providers: string; models: string };
  expect(meta).toMatchObject({ providers: "registry/providers.json", models: "registry/models.json" });
  return { root, providersFile: join(root, meta.providers), modelsFile: join(root, meta.models) };
}

beforeAll(() => {
  registry = copyRegistry("upstream");
  writeFileSync(join(registry, "package.json"), JSON.stringify({ name: "acme-registry", version: "2.3.4", license: "MIT" }));
  const openrouter = join(registry, "providers/openrouter.yaml");
  writeFileSync(openrouter, readFileSync(openrouter, "utf8").replace(/^status: active$/m, "status: suspended"));
  // An alias, for the alias-aware lookups.
  const canonical = join(registry, "canonical.yaml");
  writeFileSync(
    canonical,
    readFileSync(canonical, "utf8").replace(
      "  - id: anthropic/claude-fable-5\n",
      "  - id: anthropic/claude-fable-5\n    aliases:\n      - anthropic/claude-fable-5-latest\n",
    ),
  );
  const built = runScript("build", ["--root", registry]);
  expect(built.stderr).toBe("");
  expect(built.code).toBe(0);

  const packs = tempDir("pack-");
  const packed = run("npm", ["pack", "--json", "--ignore-scripts", "--pack-destination", packs, join(registry, "dist/npm")], REPO_ROOT);
  expect(packed.code, packed.stderr).toBe(0);
  const [{ filename }] = JSON.parse(packed.stdout) as [{ filename: string }];

  project = tempDir("consumer-");
  writeFileSync(join(project, "package.json"), JSON.stringify({ name: "consumer", private: true, type: "module" }));
  const installed = run("npm", ["install", "--offline", "--no-audit", "--no-fund", "--ignore-scripts", join(packs, filename)], project);
  expect(installed.code, installed.stderr).toBe(0);
}, 180_000);

describe("the npm package", () => {
  it("is named and versioned from the registry's package.json and has no dependencies", () => {
    const manifest = JSON.parse(readFileSync(join(project, "node_modules", PACKAGE, "package.json"), "utf8"));
    expect(manifest).toMatchObject({ name: PACKAGE, version: "2.3.4", type: "module", license: "MIT" });
    expect(manifest.dependencies).toBeUndefined();
    const lock = JSON.parse(readFileSync(join(project, "package-lock.json"), "utf8"));
    expect(Object.keys(lock.packages)).toEqual(["", `node_modules/${PACKAGE}`]);
  });

  it("exports exactly snapshot, getProvider, getModel, providersFor, resolve, cost and costBreakdown", () => {
    expect(inNode(`const m = await import("${PACKAGE}"); console.log(JSON.stringify(Object.keys(m).sort()));`)).toEqual([
      "cost",
      "costBreakdown",
      "getModel",
      "getProvider",
      "providersFor",
      "resolve",
      "snapshot",
    ]);
  });

  it("carries the snapshot with its version and the hash of the two views' bytes", () => {
    // The module reads the router views (the newest generation the build wrote).
    const views = ["registry/providers.json", "registry/models.json"].map((file) => readFileSync(join(registry, "dist", file)));
    const hash = createHash("sha256").update(views[0]!).update(views[1]!).digest("hex");
    const seen = inNode(`
      import { snapshot } from "${PACKAGE}";
      console.log(JSON.stringify({ version: snapshot.version, hash: snapshot.hash, providers: snapshot.providers.length, models: snapshot.models.length, first: snapshot.providers[0].name }));
    `);
    expect(seen).toEqual({ version: "2.3.4", hash, providers: 31, models: 51, first: "ai0ms" });
    // The package ships every view byte for byte: the v2 ones keep their root paths.
    expect(readFileSync(join(project, "node_modules", PACKAGE, "registry/providers.json")).equals(views[0]!)).toBe(true);
    expect(readFileSync(join(project, "node_modules", PACKAGE, "registry/models.json")).equals(views[1]!)).toBe(true);
    for (const file of ["providers.json", "models.json"]) {
      expect(readFileSync(join(project, "node_modules", PACKAGE, file)).equals(readFileSync(join(registry, "dist", file))), file).toBe(true);
    }
  });

  it("looks providers and models up, undefined when absent", () => {
    const seen = inNode(`
      import { getProvider, getModel } from "${PACKAGE}";
      const anthropic = getProvider("anthropic");
      const model = getModel("minimax/minimax-m3");
      console.log(JSON.stringify({
        anthropic: [anthropic.name, anthropic.byok, anthropic.status, anthropic.weight, anthropic.models.length],
        codex: [getProvider("openai-codex").byok, getProvider("openai-codex").access],
        model: [model.id, model.providers.map((entry) => entry.provider)],
        absent: [getProvider("nope") === undefined, getModel("openai/nope") === undefined, getProvider("__proto__") === undefined],
      }));
    `);
    expect(seen).toEqual({
      anthropic: ["anthropic", true, "active", 1, 8],
      codex: [false, "local_pkce"],
      model: ["minimax/minimax-m3", ["bitrouter", "minimax", "opencode-go", "opencode-zen", "openrouter", "tencent"]],
      absent: [true, true, true],
    });
  });

  it("lists the providers of a model cheapest first, unpriced last, active only unless asked", () => {
    const seen = inNode(`
      import { providersFor } from "${PACKAGE}";
      const names = (entries) => entries.map((entry) => entry.provider);
      console.log(JSON.stringify({
        active: names(providersFor("minimax/minimax-m3")),
        all: names(providersFor("minimax/minimax-m3", { includeInactive: true })),
        capable: names(providersFor("minimax/minimax-m3", { capabilities: ["reasoning", "tools"] })),
        none: names(providersFor("minimax/minimax-m3", { capabilities: ["audio_output"] })),
        unknown: providersFor("openai/nope"),
        shape: providersFor("anthropic/claude-fable-5")[0],
      }));
    `);
    expect(seen).toEqual({
      // opencode-zen 0.3 + 1.2; bitrouter 0.45 + 1.8; minimax and tencent 0.6 + 2.4 (by name); opencode-go has no price.
      active: ["opencode-zen", "bitrouter", "minimax", "tencent", "opencode-go"],
      all: ["opencode-zen", "openrouter", "bitrouter", "minimax", "tencent", "opencode-go"],
      capable: ["bitrouter", "tencent"],
      none: [],
      unknown: [],
      shape: {
        api_protocol: "anthropic",
        pricing: { input_tokens: { cache_read: 1, cache_write: 12.5, no_cache: 10 }, output_tokens: { text: 50 } },
        provider: "anthropic",
        provider_model_id: "claude-fable-5",
        rate_limits: { requests_per_minute: 60 },
      },
    });
  });

  it("resolves a pinned provider:model to one entry or none, and a bare id like providersFor", () => {
    const seen = inNode(`
      import { resolve, providersFor } from "${PACKAGE}";
      const names = (entries) => entries.map((entry) => entry.provider + ":" + entry.provider_model_id);
      console.log(JSON.stringify({
        canonical: names(resolve("github-copilot:anthropic/claude-opus-4.7")),
        ownId: names(resolve("github-copilot:claude-opus-4.7")),
        protocol: resolve("github-copilot:claude-opus-4.7")[0].api_protocol,
        suspended: names(resolve("openrouter:anthropic/claude-fable-5")),
        suspendedAllowed: names(resolve("openrouter:anthropic/claude-fable-5", { includeInactive: true })),
        missing: names(resolve("anthropic:openai/gpt-5.5")),
        bare: JSON.stringify(resolve("minimax/minimax-m3")) === JSON.stringify(providersFor("minimax/minimax-m3")),
      }));
    `);
    expect(seen).toEqual({
      canonical: ["github-copilot:claude-opus-4.7"],
      ownId: ["github-copilot:claude-opus-4.7"],
      // github-copilot's `claude-*` pattern matches the provider's own model id (SPEC §2).
      protocol: "anthropic",
      suspended: [],
      suspendedAllowed: ["openrouter:anthropic/claude-fable-5"],
      missing: [],
      bare: true,
    });
  });

  it("computes cost per SPEC §5: tier by total input, missing cache and reasoning rates at the base rates", () => {
    const seen = inNode(`
      import { cost } from "${PACKAGE}";
      const tencent = { provider: "tencent", model: "minimax/minimax-m3" };
      const attempt = (request) => { try { return cost(request); } catch (error) { return error.constructor.name; } };
      console.log(JSON.stringify({
        // total input 512,000: not above the 512,000 threshold → base rates.
        atThreshold: cost({ ...tencent, input_tokens: 500000, cache_read_tokens: 12000, output_tokens: 1000 }),
        // one token more → the tier's rates for the whole request.
        aboveThreshold: cost({ ...tencent, input_tokens: 500000, cache_read_tokens: 12001, output_tokens: 1000 }),
        // cache writes push the total over the threshold too.
        byCacheWrite: cost({ ...tencent, input_tokens: 512000, cache_write_tokens: 1, output_tokens: 0 }),
        // no cache_write rate → billed at no_cache; no reasoning rate → billed at text.
        missingRates: cost({ ...tencent, input_tokens: 1000, cache_write_tokens: 2000, output_tokens: 100, reasoning_tokens: 50 }),
        cacheRead: cost({ provider: "anthropic", model: "anthropic/claude-fable-5", input_tokens: 1000, cache_read_tokens: 4000, cache_write_tokens: 100, output_tokens: 10 }),
        byOwnId: cost({ provider: "anthropic", model: "claude-fable-5", input_tokens: 1000000, output_tokens: 0 }),
        noOutputRate: cost({ provider: "redpill", model: "deepseek/deepseek-v3.2", input_tokens: 10, output_tokens: 10 }) ?? "undefined",
        unpriced: cost({ provider: "claude-code", model: "anthropic/claude-fable-5", input_tokens: 10, output_tokens: 10 }) ?? "undefined",
        unknown: cost({ provider: "nope", model: "anthropic/claude-fable-5", input_tokens: 10, output_tokens: 10 }) ?? "undefined",
        negative: attempt({ ...tencent, input_tokens: -1, output_tokens: 0 }),
      }));
    `) as Record<string, unknown>;
    expect(seen.atThreshold).toBeCloseTo((500000 * 0.6 + 12000 * 0.12 + 1000 * 2.4) / 1e6, 12);
    expect(seen.aboveThreshold).toBeCloseTo((500000 * 1.2 + 12001 * 0.24 + 1000 * 4.8) / 1e6, 12);
    expect(seen.byCacheWrite).toBeCloseTo((512000 * 1.2 + 1 * 1.2) / 1e6, 12);
    expect(seen.missingRates).toBeCloseTo((1000 * 0.6 + 2000 * 0.6 + 100 * 2.4 + 50 * 2.4) / 1e6, 12);
    expect(seen.cacheRead).toBeCloseTo((1000 * 10 + 4000 * 1 + 100 * 12.5 + 10 * 50) / 1e6, 12);
    expect(seen.byOwnId).toBeCloseTo(10, 12);
    expect(seen).toMatchObject({ noOutputRate: "undefined", unpriced: "undefined", unknown: "undefined", negative: "TypeError" });
  });

  it("accepts a canonical alias wherever it accepts a canonical id", () => {
    const seen = inNode(`
      import { getModel, providersFor, resolve, cost } from "${PACKAGE}";
      const names = (entries) => entries.map((entry) => entry.provider);
      console.log(JSON.stringify({
        model: getModel("anthropic/claude-fable-5-latest")?.id,
        aliases: getModel("anthropic/claude-fable-5").aliases,
        providers: JSON.stringify(providersFor("anthropic/claude-fable-5-latest")) === JSON.stringify(providersFor("anthropic/claude-fable-5")),
        pinned: names(resolve("anthropic:anthropic/claude-fable-5-latest")),
        bare: names(resolve("anthropic/claude-fable-5-latest")).length > 0,
        cost: cost({ provider: "anthropic", model: "anthropic/claude-fable-5-latest", input_tokens: 1000000, output_tokens: 0 }),
        unknownAlias: getModel("anthropic/claude-fable-5-earliest") === undefined,
      }));
    `);
    expect(seen).toEqual({
      model: "anthropic/claude-fable-5",
      aliases: ["anthropic/claude-fable-5-latest"],
      providers: true,
      pinned: ["anthropic"],
      bare: true,
      cost: 10,
      unknownAlias: true,
    });
  });

  it("never throws on fields and enum values it does not know", () => {
    const { root, providersFile, modelsFile } = packageViews();
    const providers = JSON.parse(readFileSync(providersFile, "utf8"));
    const models = JSON.parse(readFileSync(modelsFile, "utf8"));
    const tencent = providers.data.find((provider: { name: string }) => provider.name === "tencent");
    Object.assign(tencent, { status: "retired", kind: "quantum", future_field: { nested: [1, 2] } });
    const anthropic = providers.data.find((provider: { name: string }) => provider.name === "anthropic");
    anthropic.status = "active";
    const m3 = models.data.find((model: { id: string }) => model.id === "minimax/minimax-m3");
    m3.modalities_v3 = ["smell"];
    for (const entry of m3.providers) {
      entry.api_protocol = "grpc";
      entry.capabilities = ["telepathy", ...(entry.capabilities ?? [])];
      entry.new_thing = true;
    }
    const bitrouter = m3.providers.find((entry: { provider: string }) => entry.provider === "bitrouter");
    bitrouter.pricing.input_tokens.per_image = 4;
    bitrouter.pricing.context_tiers = [
      { above_input_tokens: "many" },
      null,
      { above_input_tokens: 10, input_tokens: { no_cache: 9 }, output_tokens: { text: 9, future: 1 } },
    ];
    const minimax = m3.providers.find((entry: { provider: string }) => entry.provider === "minimax");
    minimax.pricing = { input_tokens: "free", output_tokens: { text: "n/a" } };
    models.data.push({ id: "new/model", providers: [{ provider: "tomorrow", provider_model_id: "x", api_protocol: ["smoke-signals"] }], extra: 1 });
    models.future = { anything: true };
    writeFileSync(providersFile, JSON.stringify(providers));
    writeFileSync(modelsFile, JSON.stringify(models));
    expect(root).toContain(PACKAGE);

    const seen = inNode(`
      import { snapshot, getProvider, getModel, providersFor, resolve, cost } from "${PACKAGE}";
      const names = (entries) => entries.map((entry) => entry.provider);
      console.log(JSON.stringify({
        providers: snapshot.providers.length,
        retired: getProvider("tencent").status,
        active: names(providersFor("minimax/minimax-m3")),
        telepathic: names(providersFor("minimax/minimax-m3", { capabilities: ["telepathy"], includeInactive: true })),
        newModel: [getModel("new/model").id, names(resolve("new/model", { includeInactive: true }))],
        tiered: cost({ provider: "bitrouter", model: "minimax/minimax-m3", input_tokens: 100, output_tokens: 100 }),
        garbled: cost({ provider: "minimax", model: "minimax/minimax-m3", input_tokens: 100, output_tokens: 100 }) ?? "undefined",
        retiredCost: cost({ provider: "tencent", model: "minimax/minimax-m3", input_tokens: 1000000, output_tokens: 0 }),
      }));
    `);
    expect(seen).toEqual({
      providers: 31,
      retired: "retired",
      // tencent's unknown status counts as not active; minimax's garbled prices count as unpriced.
      active: ["opencode-zen", "bitrouter", "minimax", "opencode-go"],
      telepathic: ["opencode-zen", "openrouter", "bitrouter", "tencent", "minimax", "opencode-go"],
      newModel: ["new/model", ["tomorrow"]],
      tiered: (100 * 9 + 100 * 9) / 1e6,
      garbled: "undefined",
      // 1M input tokens is above tencent's 512k tier: 1.2 USD per 1M.
      retiredCost: 1.2,
    });
  });

  it("counts a rate that is not a finite non-negative number as missing: never billed, never negative", () => {
    const { modelsFile } = packageViews();
    const models = JSON.parse(readFileSync(modelsFile, "utf8"));
    // An earlier test leaves non-record items in the view (which the package skips).
    const fable = models.data.find((model: { id?: string } | null) => model?.id === "anthropic/claude-fable-5");
    const entry = (provider: string) => fable.providers.find((candidate: { provider: string }) => candidate.provider === provider);
    // anthropic: a negative cache-read rate and a negative reasoning rate fall back to the base rates.
    Object.assign(entry("anthropic").pricing.input_tokens, { no_cache: 10, cache_read: -1, cache_write: "12.5" });
    Object.assign(entry("anthropic").pricing.output_tokens, { text: 50, reasoning: -50 });
    // openrouter: a negative base rate makes the entry unpriced, as a missing one does.
    entry("openrouter").pricing.input_tokens.no_cache = -10;
    // opencode-zen: an output rate too large for a double (a tampered or newer snapshot) is missing too.
    entry("opencode-zen").pricing.output_tokens.text = "__INFINITE__";
    // A negative tier rate does not make the bracket cheaper than missing.
    entry("anthropic").pricing.context_tiers = [{ above_input_tokens: 100, input_tokens: { no_cache: -3 }, output_tokens: { text: 9 } }];
    writeFileSync(modelsFile, JSON.stringify(models).replace('"__INFINITE__"', "1e400"));

    const seen = inNode(`
      import { cost, providersFor } from "${PACKAGE}";
      const request = (provider, extra) => ({ provider, model: "anthropic/claude-fable-5", input_tokens: 10, output_tokens: 10, ...extra });
      const show = (value) => (value === undefined ? "undefined" : value);
      console.log(JSON.stringify({
        fallback: cost(request("anthropic", { cache_read_tokens: 20, cache_write_tokens: 5, reasoning_tokens: 4 })),
        negativeBase: show(cost(request("openrouter"))),
        infiniteBase: show(cost(request("opencode-zen"))),
        negativeTier: show(cost(request("anthropic", { input_tokens: 1000 }))),
        order: providersFor("anthropic/claude-fable-5", { includeInactive: true }).map((entry) => entry.provider),
      }));
    `) as Record<string, unknown>;
    expect(seen.fallback).toBeCloseTo((10 * 10 + 20 * 10 + 5 * 10 + 10 * 50 + 4 * 50) / 1e6, 12);
    expect(seen).toMatchObject({ negativeBase: "undefined", infiniteBase: "undefined", negativeTier: "undefined" });
    // Entries whose rates count as missing sort with the unpriced ones, last.
    expect(seen.order).toEqual(["anthropic", "claude-code", "github-copilot", "opencode-zen", "openrouter"]);
  });

  it("reads a view in any JSON layout as JSON.parse reads it: last duplicate key wins, escaped keys and ids, non-records skipped", () => {
    // The module skims the views instead of parsing them whole; these are the
    // corners where a skimmer could read differently from JSON.parse.
    const { providersFile, modelsFile } = packageViews();
    const models = JSON.parse(readFileSync(modelsFile, "utf8")) as { data: unknown[] };
    const alpha = `{"\\u0069d": "acme/alpha", "providers": [{"provider": "x", "provider_model_id": "bogus"}],
      "providers": [
        {"provider": "anthropic", "provider_model_id": "al\\u0070ha-\\"1\\"", "pricing": {"input_tokens": {"no_cache": 2}, "output_tokens": {"text": 4}}},
        "junk",
        {"provider_model_id": "a2", "pricing": {"input_tokens": {"no_cache": 1}, "output_tokens": {"text": 1}}, "provider": "tencent"}
      ]}`;
    const records = models.data.map((record) => JSON.stringify(record, null, "\t")).join(",\n");
    writeFileSync(modelsFile, `{"data": [{"id": "acme/alpha"}], "data" : [ null, 7, ${alpha} , ${records} ], "extra": {"data": "not this"}}\n`);

    const providers = JSON.parse(readFileSync(providersFile, "utf8")) as { data: Array<{ name: string }> };
    const provider = (record: { name: string }) => {
      const text = JSON.stringify(record);
      if (record.name === "anthropic") return `${text.slice(0, -1)}, "status": "suspended"}`;
      if (record.name === "tencent") return `${text.slice(0, -1)}, "st\\u0061tus": "active"}`;
      return text;
    };
    writeFileSync(providersFile, `{"data":[${providers.data.map(provider).join(",")}]}`);

    const seen = inNode(`
      import { snapshot, getProvider, getModel, providersFor, resolve, cost } from "${PACKAGE}";
      const names = (entries) => entries.map((entry) => entry.provider);
      console.log(JSON.stringify({
        models: snapshot.models.length,
        providers: snapshot.providers.length,
        alpha: getModel("acme/alpha").providers.length,
        sameObject: getModel("acme/alpha") === snapshot.models[0],
        all: names(providersFor("acme/alpha", { includeInactive: true })),
        active: names(providersFor("acme/alpha")),
        ownId: cost({ provider: "anthropic", model: 'alpha-"1"', input_tokens: 1000000, output_tokens: 0 }),
        overridden: cost({ provider: "x", model: "bogus", input_tokens: 1, output_tokens: 1 }) ?? "undefined",
        pinned: [resolve("anthropic:acme/alpha").length, resolve("anthropic:acme/alpha", { includeInactive: true }).length],
        statuses: [getProvider("anthropic").status, getProvider("tencent").status],
        sameProvider: getProvider("tencent") === snapshot.providers.find((record) => record.name === "tencent"),
      }));
    `);
    expect(seen).toEqual({
      models: models.data.length + 1,
      providers: 31,
      alpha: 3,
      sameObject: true,
      all: ["tencent", "anthropic"],
      active: ["tencent"],
      ownId: 2,
      overridden: "undefined",
      pinned: [0, 1],
      statuses: ["suspended", "active"],
      sameProvider: true,
    });
  });

  it("reads a provider view rewritten after import from its new bytes, not from where the old ones were", () => {
    const { providersFile } = packageViews();
    const seen = inNode(`
      import { readFileSync, writeFileSync } from "node:fs";
      import { getProvider, snapshot } from "${PACKAGE}";
      const view = JSON.parse(readFileSync(${JSON.stringify(providersFile)}, "utf8"));
      const last = view.data.at(-1).name;
      view.data.reverse();
      view.data.find((provider) => provider.name === "zai").display_name = "Rewritten";
      writeFileSync(${JSON.stringify(providersFile)}, JSON.stringify(view, null, 1));
      console.log(JSON.stringify({
        zai: [getProvider("zai").name, getProvider("zai").display_name],
        anthropic: getProvider("anthropic").name,
        reversed: snapshot.providers[0].name === last,
      }));
    `);
    expect(seen).toEqual({ zai: ["zai", "Rewritten"], anthropic: "anthropic", reversed: true });
  });

  it("prices by the request's date and service tier, line by line, and reads a snapshot with pricing fields it does not know", () => {
    const { modelsFile } = packageViews();
    const models = JSON.parse(readFileSync(modelsFile, "utf8"));
    // An earlier test leaves non-record items in the view (which the package skips).
    const fable = models.data.find((model: { id?: string } | null) => model?.id === "anthropic/claude-fable-5");
    const anthropic = fable.providers.find((candidate: { provider: string }) => candidate.provider === "anthropic");
    // The upstream corpus's anthropic/claude-fable-5 price (10 / 50, cache_read 1, cache_write 12.5), with a past
    // and an announced price and a batch multiplier that exercise the arithmetic (not published prices), and what
    // a newer registry might add: a tier, a unit and a dated price this package does not know.
    anthropic.pricing = {
      input_tokens: { no_cache: 10, cache_read: 1, cache_write: 12.5, per_hologram: 3 },
      output_tokens: { text: 50 },
      service_tiers: { batch: { multiplier: 0.5 }, turbo: { multiplier: 3 } },
      per_fortnight: 9,
    };
    anthropic.pricing_history = [{ effective_until: "2026-01-01", input_tokens: { no_cache: 20 }, output_tokens: { text: 100 } }, "garbled"];
    anthropic.pricing_schedule = [{ effective_from: "2099-01-01", input_tokens: { no_cache: 5 }, output_tokens: { text: 25 } }, { effective_from: "later" }];
    anthropic.pricing_forecast = { whatever: true };
    writeFileSync(modelsFile, JSON.stringify(models));

    const seen = inNode(`
      import { cost, costBreakdown } from "${PACKAGE}";
      const request = (extra) => ({ provider: "anthropic", model: "anthropic/claude-fable-5", input_tokens: 1000000, output_tokens: 0, ...extra });
      const show = (value) => (value === undefined ? "undefined" : value);
      console.log(JSON.stringify({
        past: cost(request({ date: "2025-12-31" })),
        current: cost(request({ date: "2026-06-01" })),
        scheduled: cost(request({ date: new Date("2099-01-02T00:00:00Z") })),
        batch: cost(request({ date: "2026-06-01", service_tier: "batch" })),
        turbo: cost(request({ date: "2026-06-01", service_tier: "turbo" })),
        flex: show(cost(request({ date: "2026-06-01", service_tier: "flex" }))),
        searches: show(cost(request({ date: "2026-06-01", web_search_calls: 2 }))),
        breakdown: costBreakdown(request({ date: "2026-06-01", cache_read_tokens: 1000000, web_search_calls: 2 })),
        unknownEntry: show(costBreakdown({ provider: "nope", model: "x", input_tokens: 1, output_tokens: 1 })),
        badDate: (() => { try { cost(request({ date: "someday" })); return "no error"; } catch (error) { return error.constructor.name; } })(),
      }));
    `);
    expect(seen).toEqual({
      past: 20,
      current: 10,
      scheduled: 5,
      batch: 5,
      // An unknown tier in the snapshot prices as what it says; an unpriced one leaves the request unpriced.
      turbo: 30,
      flex: "undefined",
      searches: "undefined",
      breakdown: {
        total: undefined,
        currency: "USD",
        date: "2026-06-01",
        price: "current",
        service_tier: "standard",
        context_tier: null,
        lines: [
          { item: "input_tokens", quantity: 1000000, unit: "1M tokens", rate: 10, usd: 10 },
          { item: "cache_read_tokens", quantity: 1000000, unit: "1M tokens", rate: 1, usd: 1 },
        ],
        unpriced: [{ item: "web_search_calls", quantity: 2, reason: "no per_1k_calls.web_search price" }],
      },
      unknownEntry: "undefined",
      badDate: "TypeError",
    });
  });

  it("type-checks a TypeScript consumer against the generated declarations, and rejects a wrong one", () => {
    const tsconfig = {
      compilerOptions: { strict: true, module: "nodenext", moduleResolution: "nodenext", target: "es2022", noEmit: true, skipLibCheck: false, types: [] },
      files: ["consumer.ts"],
    };
    writeFileSync(join(project, "tsconfig.json"), JSON.stringify(tsconfig));
    writeFileSync(
      join(project, "consumer.ts"),
      `import { snapshot, getProvider, getModel, providersFor, resolve, cost, costBreakdown, type Provider, type Model, type ModelProvider, type Pricing, type Capability } from "${PACKAGE}";
const hash: string = snapshot.hash;
const provider: Provider | undefined = getProvider("anthropic");
const access: "api_key" | "local_oauth" | "local_pkce" | "private" | undefined = provider?.access;
const byok: boolean | undefined = provider?.byok;
const model: Model | undefined = getModel("anthropic/claude-fable-5");
const wanted: Capability[] = ["tools", "reasoning"];
const entries: ModelProvider[] = providersFor("anthropic/claude-fable-5", { capabilities: wanted, includeInactive: false });
const pinned: ModelProvider[] = resolve("anthropic:anthropic/claude-fable-5");
const pricing: Pricing | undefined = entries[0]?.pricing;
const tier: number | undefined = pricing?.context_tiers?.[0]?.above_input_tokens;
const usd: number | undefined = cost({ provider: "anthropic", model: "anthropic/claude-fable-5", input_tokens: 1, output_tokens: 2, reasoning_tokens: 3 });
const dated = costBreakdown({ provider: "anthropic", model: "anthropic/claude-fable-5-latest", date: new Date(), service_tier: "batch", input_tokens: 1, output_tokens: 2, images: 1, web_search_calls: 3 });
const unpriced: string[] | undefined = dated?.unpriced.map((item) => item.item);
const lines: number | undefined = dated?.lines.reduce((sum, line) => sum + line.usd, 0);
const batch: number | undefined = pricing?.service_tiers?.batch?.multiplier;
const served: number | undefined = entries[0]?.max_input_tokens;
const aliases: string[] | undefined = model?.aliases;
export const used = [hash, access, byok, model?.providers.length, pinned.length, tier, usd, unpriced, lines, batch, served, aliases];
`,
    );
    const good = run(process.execPath, [TSC, "-p", project], project);
    expect(good.stdout + good.stderr).toBe("");
    expect(good.code).toBe(0);

    writeFileSync(
      join(project, "consumer.ts"),
      `import { cost, providersFor, getProvider } from "${PACKAGE}";
cost({ provider: "anthropic", model: "x", input_tokens: "12" });
providersFor("x", { capabilities: ["telepathy"] });
const status: "active" = getProvider("x")!.status;
cost({ provider: "anthropic", model: "x", input_tokens: 1, output_tokens: 1, service_tier: "turbo" });
`,
    );
    const bad = run(process.execPath, [TSC, "-p", project], project);
    expect(bad.code).not.toBe(0);
    expect(bad.stdout).toContain("consumer.ts(2,");
    expect(bad.stdout).toContain("consumer.ts(3,");
    expect(bad.stdout).toContain("consumer.ts(4,");
    expect(bad.stdout).toContain("consumer.ts(5,");
  });
});
