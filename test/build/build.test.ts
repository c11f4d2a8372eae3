/**
 * `build` as a maintainer and CI run it: the real CLI on temporary copies of
 * real registries, checking exit codes, output and the bytes on disk.
 */
import { spawnSync } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import jsyaml from "js-yaml";
import { describe, expect, it } from "vitest";
import { modelsViewSchema, providersViewSchema } from "../../scripts/lib/snapshot/view-schema.ts";
import { CORPORA, copyRegistry, REPO_ROOT, runScript, tempDir } from "../helpers.ts";

const UPSTREAM_DIST = join(CORPORA, "upstream/dist");

/** Every file the build owns (dist/ and schemas/), path → bytes. */
function artifacts(root: string): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  const walk = (dir: string) => {
    if (!existsSync(dir)) return;
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else files.set(relative(root, path), readFileSync(path));
    }
  };
  walk(join(root, "dist"));
  walk(join(root, "schemas"));
  return files;
}

function build(root: string, ...args: string[]) {
  return runScript("build", ["--root", root, ...args]);
}

function edit(file: string, from: string | RegExp, to: string): void {
  const text = readFileSync(file, "utf8");
  const changed = text.replace(from, to);
  expect(changed, `${file} should contain ${String(from)}`).not.toBe(text);
  writeFileSync(file, changed);
}

const ARTIFACTS = [
  "dist/models.json",
  "dist/npm/README.md",
  "dist/npm/cost.js",
  "dist/npm/index.d.ts",
  "dist/npm/index.js",
  "dist/npm/models.json",
  "dist/npm/package.json",
  "dist/npm/providers.json",
  "dist/npm/registry/models.json",
  "dist/npm/registry/providers.json",
  "dist/npm/schemas/canonical-models.schema.json",
  "dist/npm/schemas/canonical.schema.json",
  "dist/npm/schemas/provider.schema.json",
  "dist/npm/skim.js",
  "dist/npm/snapshot.json",
  "dist/providers.json",
  "dist/registry/models.json",
  "dist/registry/providers.json",
  "schemas/canonical-models.schema.json",
  "schemas/canonical.schema.json",
  "schemas/provider.schema.json",
];

describe("build on the upstream corpus", () => {
  it("writes the two views byte for byte as the router's dist has them, and every other artifact", () => {
    const root = copyRegistry("upstream");
    rmSync(join(root, "dist"), { recursive: true });
    const result = build(root);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^✔ built 26 artifacts in dist\/ and schemas\/ \(31 providers, 51 canonical models, 260 entries; sha256 [0-9a-f]{64}\)/);
    for (const view of ["providers.json", "models.json"]) {
      expect(readFileSync(join(root, "dist", view)).equals(readFileSync(join(UPSTREAM_DIST, view))), view).toBe(true);
    }
    const written = [...artifacts(root).keys()].sort();
    expect(written.filter((path) => !path.startsWith("dist/site/"))).toEqual(ARTIFACTS);
    // The catalogue (SPEC §10): index and provider pages, stylesheet, data and script.
    expect(written.filter((path) => path.startsWith("dist/site/"))).toHaveLength(5);
  });

  it("gives another registry this repository's committed schema-derived files, byte for byte", () => {
    const root = copyRegistry("upstream");
    rmSync(join(root, "dist"), { recursive: true });
    expect(build(root).code).toBe(0);
    for (const file of ["schemas/canonical.schema.json", "schemas/provider.schema.json", "dist/npm/schemas/provider.schema.json", "dist/npm/index.d.ts"]) {
      const committed = file.startsWith("dist/npm/schemas/") ? file.replace("dist/npm/", "") : file;
      expect(readFileSync(join(root, file), "utf8"), file).toBe(readFileSync(join(REPO_ROOT, committed), "utf8"));
    }
    // The toolchain's own compiled shape check is not an artifact of another registry.
    expect(existsSync(join(root, "scripts"))).toBe(false);
  });

  it("changes no byte when run again, and --check then passes without writing", () => {
    const root = copyRegistry("upstream");
    expect(build(root).code).toBe(0);
    const first = artifacts(root);
    const mtimes = [...first.keys()].map((path) => statSync(join(root, path)).mtimeMs);
    expect(build(root).code).toBe(0);
    expect(artifacts(root)).toEqual(first);

    const check = build(root, "--check");
    expect(check.stderr).toBe("");
    expect(check.code).toBe(0);
    expect(check.stdout).toContain("✔ all 26 artifacts are up to date");
    // A rebuild rewrote the files; --check touched none of them.
    const after = [...first.keys()].map((path) => statSync(join(root, path)).mtimeMs);
    expect(after.some((mtime, i) => mtime !== mtimes[i])).toBe(true);
    const checked = build(root, "--check");
    expect(checked.code).toBe(0);
    expect([...first.keys()].map((path) => statSync(join(root, path)).mtimeMs)).toEqual(after);
  });

  it("replaces artifacts through the shared atomic writer: permissions kept, the package's copies linked, no temporary left", () => {
    const root = copyRegistry("upstream");
    expect(build(root).code).toBe(0);
    chmodSync(join(root, "dist/providers.json"), 0o640);
    edit(join(root, "providers/ai0ms.yaml"), "no_cache: 2.5", "no_cache: 2.6");
    expect(build(root).code).toBe(0);
    const view = statSync(join(root, "dist/providers.json"));
    expect(view.mode & 0o777).toBe(0o640);
    expect(statSync(join(root, "dist/npm/providers.json")).ino).toBe(view.ino);
    const everything = readdirSync(join(root, "dist"), { recursive: true }).map(String);
    expect(everything.filter((name) => name.endsWith(".tmp"))).toEqual([]);
  });

  it("--check catches a one-price edit, names each stale artifact, and writes nothing", () => {
    const root = copyRegistry("upstream");
    expect(build(root).code).toBe(0);
    const before = artifacts(root);
    edit(join(root, "providers/ai0ms.yaml"), "no_cache: 2.5", "no_cache: 2.6");
    const check = build(root, "--check");
    expect(check.code).toBe(1);
    expect(check.stdout).toBe("");
    const named = check.stderr
      .split("\n")
      .filter((line) => line.startsWith("  "))
      .map((line) => line.trim().split(/\s+/));
    expect(named).toEqual([
      ["stale", "dist/providers.json"],
      ["stale", "dist/npm/providers.json"],
      ["stale", "dist/models.json"],
      ["stale", "dist/npm/models.json"],
      ["stale", "dist/registry/providers.json"],
      ["stale", "dist/npm/registry/providers.json"],
      ["stale", "dist/registry/models.json"],
      ["stale", "dist/npm/registry/models.json"],
      ["stale", "dist/npm/snapshot.json"],
      ["stale", "dist/site/data.js"],
    ]);
    expect(check.stderr).toContain("run `npm run build`");
    expect(artifacts(root)).toEqual(before);
    expect(readdirSync(join(root, "dist")).filter((name) => name.endsWith(".tmp"))).toEqual([]);

    expect(build(root).code).toBe(0);
    expect(JSON.parse(readFileSync(join(root, "dist/providers.json"), "utf8")).data[0].models[0].pricing.input_tokens.no_cache).toBe(2.6);
    expect(build(root, "--check").code).toBe(0);
  });

  it("--check on a registry never built names every artifact missing and creates nothing", () => {
    const root = copyRegistry("upstream");
    rmSync(join(root, "dist"), { recursive: true });
    const check = build(root, "--check");
    expect(check.code).toBe(1);
    for (const path of ARTIFACTS) expect(check.stderr).toMatch(new RegExp(`missing +${path.replaceAll(".", "\\.")}\\n`));
    expect(existsSync(join(root, "dist"))).toBe(false);
    expect(existsSync(join(root, "schemas"))).toBe(false);
  });

  it("--check names a file in dist/npm that no artifact accounts for; build removes it", () => {
    const root = copyRegistry("upstream");
    expect(build(root).code).toBe(0);
    writeFileSync(join(root, "dist/npm/stale-extra.js"), "export {};\n");
    const check = build(root, "--check");
    expect(check.code).toBe(1);
    expect(check.stderr).toMatch(/unexpected +dist\/npm\/stale-extra\.js/);
    const rebuilt = build(root);
    expect(rebuilt.code).toBe(0);
    expect(rebuilt.stdout).toContain("removed dist/npm/stale-extra.js");
    expect(existsSync(join(root, "dist/npm/stale-extra.js"))).toBe(false);
  });

  it("does not depend on key order, quoting, flow style or comments in the YAML", () => {
    const root = copyRegistry("upstream");
    const file = join(root, "providers/opencode-go.yaml");
    const data = jsyaml.load(readFileSync(file, "utf8"), { schema: jsyaml.CORE_SCHEMA }) as Record<string, unknown>;
    writeFileSync(file, `# rewritten\n${jsyaml.dump(data, { sortKeys: (a: string, b: string) => (a < b ? 1 : -1), flowLevel: 3, forceQuotes: true })}`);
    expect(build(root).code).toBe(0);
    for (const view of ["providers.json", "models.json"]) {
      expect(readFileSync(join(root, "dist", view)).equals(readFileSync(join(UPSTREAM_DIST, view))), view).toBe(true);
    }
  });

  it("refuses an invalid registry: prints the problems at file:line:column and builds nothing", () => {
    const root = copyRegistry("upstream");
    expect(build(root).code).toBe(0);
    const before = artifacts(root);
    edit(join(root, "providers/ai0ms.yaml"), "    pricing:", "    pricng:");
    const result = build(root);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe("");
    expect(result.stderr).toContain("providers/ai0ms.yaml");
    expect(result.stderr).toMatch(/\d+:\d+ +error +unknown key `pricng` — did you mean `pricing`\?/);
    expect(result.stderr).toContain("nothing was built");
    expect(artifacts(root)).toEqual(before);
    expect(build(root, "--check").code).toBe(1);
  });
});

describe("build on other registries", () => {
  it("builds models-dev; both views hold to the view schemas the package types come from", () => {
    const root = copyRegistry("models-dev");
    const result = build(root);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("(147 providers, 2908 canonical models, 5215 entries;");
    const providers = providersViewSchema.parse(JSON.parse(readFileSync(join(root, "dist/providers.json"), "utf8")));
    const models = modelsViewSchema.parse(JSON.parse(readFileSync(join(root, "dist/models.json"), "utf8")));
    providersViewSchema.parse(JSON.parse(readFileSync(join(root, "dist/registry/providers.json"), "utf8")));
    modelsViewSchema.parse(JSON.parse(readFileSync(join(root, "dist/registry/models.json"), "utf8")));
    expect(providers.data.map((provider) => provider.name)).toEqual(providers.data.map((provider) => provider.name).sort());
    expect(models.data).toHaveLength(2908);
    expect(models.data.reduce((sum, model) => sum + model.providers.length, 0)).toBe(5215);
    // Models nobody serves are still listed, with no providers.
    expect(models.data.filter((model) => model.providers.length === 0)).toHaveLength(6);
  });

  it("resolves patterns and fills defaults as SPEC §2 and the router's format say", () => {
    const root = tempDir();
    const ids = ["acme/alpha", "acme/alpha-mini", "acme/beta", "other/gamma", "other/delta", "misc/omega"];
    writeFileSync(join(root, "canonical.yaml"), `models:\n${ids.map((id) => `  - id: ${id}\n`).join("")}`);
    mkdirSync(join(root, "providers"));
    writeFileSync(
      join(root, "providers/acme.yaml"),
      `name: acme
status: active
access: local_oauth
auth:
  kind: oauth
  handler: acme
api_base: https://api.acme.example/v1
api_protocol:
  - "*": openai
  - "acme/*": anthropic
  - "alpha-*": responses
  - "alpha-mini": google
  - "delta": [responses, openai]
rate_limits:
  - "*": {requests_per_minute: 10}
  - "gamma-001": {tokens_per_minute: 5000}
models:
  - {id: acme/alpha, provider_model_id: alpha-001}
  - {id: acme/alpha-mini, provider_model_id: alpha-mini, capabilities: []}
  - {id: acme/beta, provider_model_id: beta-2, deprecation_date: null}
  - {id: other/gamma, provider_model_id: gamma-001, api_protocol: google, deprecation_date: 2027-01-31}
  - {id: other/delta, provider_model_id: delta, rate_limits: {requests_per_minute: 99}}
  - {id: misc/omega, provider_model_id: omega}
`,
    );
    writeFileSync(
      join(root, "providers/zeta.yaml"),
      "name: zeta\nstatus: staging\napi_base: https://zeta.example\nmodels:\n  - {id: acme/beta, provider_model_id: beta}\n",
    );
    const result = build(root);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    const [acme, zeta] = JSON.parse(readFileSync(join(root, "dist/providers.json"), "utf8")).data;
    expect(acme).toMatchObject({ id: "acme", byok: false, access: "local_oauth", billing: "token", auth_scheme: "x-api-key", community: false, weight: 1 });
    expect(acme.api_protocol).toBeUndefined();
    expect(acme.rate_limits).toBeUndefined();
    const rpm10 = { requests_per_minute: 10 };
    expect(acme.models).toEqual([
      // `alpha-*` on the provider's own id is a longer prefix than `acme/*` on the canonical id
      { api_protocol: "responses", id: "acme/alpha", provider_model_id: "alpha-001", rate_limits: rpm10 },
      // an exact id beats every glob; an empty capability list is kept
      { api_protocol: "google", capabilities: [], id: "acme/alpha-mini", provider_model_id: "alpha-mini", rate_limits: rpm10 },
      // only `acme/*` matches, through the canonical id; a null deprecation date is left out
      { api_protocol: "anthropic", id: "acme/beta", provider_model_id: "beta-2", rate_limits: rpm10 },
      // a model-level protocol beats every pattern; an exact rate-limit pattern beats `*`
      { api_protocol: "google", deprecation_date: "2027-01-31", id: "other/gamma", provider_model_id: "gamma-001", rate_limits: { tokens_per_minute: 5000 } },
      // a protocol list stays a list; model-level rate limits beat every pattern
      { api_protocol: ["responses", "openai"], id: "other/delta", provider_model_id: "delta", rate_limits: { requests_per_minute: 99 } },
      { api_protocol: "openai", id: "misc/omega", provider_model_id: "omega", rate_limits: rpm10 },
    ]);
    // No pattern at all: openai and no rate limits. A staging provider is in the snapshot too.
    expect(zeta).toMatchObject({ id: "zeta", status: "staging", byok: true, access: "api_key" });
    expect(zeta.models).toEqual([{ api_protocol: "openai", id: "acme/beta", provider_model_id: "beta" }]);
    const models = JSON.parse(readFileSync(join(root, "dist/models.json"), "utf8")).data;
    expect(models.map((model: { id: string }) => model.id)).toEqual([...ids].sort());
    expect(models.find((model: { id: string }) => model.id === "acme/beta").providers).toEqual([
      { api_protocol: "anthropic", provider: "acme", provider_model_id: "beta-2", rate_limits: rpm10 },
      { api_protocol: "openai", provider: "zeta", provider_model_id: "beta" },
    ]);
  });

  it("exits 2 on a usage error", () => {
    expect(runScript("build", ["--frobnicate"]).code).toBe(2);
    const missing = build(join(tempDir(), "nowhere"));
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("is not a directory");
    const empty = build(tempDir());
    expect(empty.code).toBe(2);
    expect(empty.stderr).toContain("is not a registry");
  });
});

describe("build on the router's registry (the bitrouter corpus)", () => {
  const BITROUTER = join(CORPORA, "bitrouter");

  it("writes the router views byte for byte as the router's dist has them, writing nothing in the registry", () => {
    const out = tempDir("out-");
    // The corpus's uncurated provider models are advisories there (SPEC §2): build builds them, as warnings.
    const result = build(join(BITROUTER, "registry"), "--out", out, "--views", "router");
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(
      /✔ built \d+ artifacts in .* \(47 providers, 50 canonical models, 484 entries; sha256 [0-9a-f]{64}\) \(\d+ validation warnings: see `validate`\)/,
    );
    for (const view of ["providers.json", "models.json"]) {
      expect(readFileSync(join(out, "registry", view)).equals(readFileSync(join(BITROUTER, "dist/registry", view))), view).toBe(true);
    }
    expect(existsSync(join(out, "providers.json"))).toBe(false);
    // The package's types describe them.
    providersViewSchema.parse(JSON.parse(readFileSync(join(out, "registry/providers.json"), "utf8")));
    modelsViewSchema.parse(JSON.parse(readFileSync(join(out, "registry/models.json"), "utf8")));
    expect(build(join(BITROUTER, "registry"), "--out", out, "--views", "router", "--check").code).toBe(0);
  });

  it("builds its v2 view too, naming on stderr each value v2 routers cannot read", () => {
    const out = tempDir("out-");
    const result = build(join(BITROUTER, "registry"), "--out", out, "--rule", "unknown-canonical=warning");
    expect(result.code).toBe(0);
    const warnings = result.stderr.split("\n").filter((line) => line !== "");
    expect(warnings).toEqual([
      expect.stringMatching(
        /^warning {2}v2 view {2}providers\/aws-bedrock\.yaml: api_base .* has placeholders v2 routers do not fill: provider left out of the v2 view$/,
      ),
      expect.stringMatching(/^warning {2}v2 view {2}providers\/azure\.yaml: api_base .* has placeholders/),
      "warning  v2 view  providers/google-ai.yaml: model google/gemini-2.5-flash: its protocols (`antigravity`) are unknown to v2 routers: entry left out of the v2 view",
      "warning  v2 view  providers/google-ai.yaml: model google/gemini-3-flash: its protocols (`antigravity`) are unknown to v2 routers: entry left out of the v2 view",
      "warning  v2 view  providers/google-ai.yaml: model google/gemini-3-pro: its protocols (`antigravity`) are unknown to v2 routers: entry left out of the v2 view",
      "warning  v2 view  canonical model google/gemini-3.6-flash: input_modalities `video` unknown to v2 routers: left out",
      "warning  v2 view  canonical model qwen/qwen3.8-max: input_modalities `video` unknown to v2 routers: left out",
    ]);
    const v2 = readFileSync(join(out, "providers.json"), "utf8");
    expect(v2).not.toMatch(/"usage_token"|"antigravity"|"video"/);
    const providers = JSON.parse(v2).data as Array<{ protocol_endpoints?: object }>;
    expect(providers).toHaveLength(45);
    const endpointKeys = new Set(providers.flatMap((provider) => Object.keys(provider.protocol_endpoints ?? {})));
    expect([...endpointKeys].sort()).toEqual(["anthropic", "openai"]);
    // The router views are the same with or without the v2 ones.
    expect(readFileSync(join(out, "registry/providers.json")).equals(readFileSync(join(BITROUTER, "dist/registry/providers.json")))).toBe(true);
  });

  it("builds an uncurated provider model as a warning, and refuses it when the rule is raised", () => {
    const root = copyRegistry(join(BITROUTER, "registry"));
    const out = tempDir("out-");
    const raised = build(root, "--out", out, "--views", "router", "--rule", "unknown-canonical=error");
    expect(raised.code).toBe(1);
    expect(raised.stderr).toContain("unknown-canonical");
    expect(readdirSync(out)).toEqual([]);
    // A registry that gates on its canonical list says so in registry.config.yaml, and build obeys it too.
    writeFileSync(join(root, "registry.config.yaml"), "rules:\n  unknown-canonical: error\n");
    expect(build(root, "--out", out, "--views", "router").code).toBe(1);
    expect(readdirSync(out)).toEqual([]);
  });
});

describe("build --out and --views", () => {
  /** Files under `dir`, relative paths, sorted. */
  function files(dir: string): string[] {
    return [...artifacts(dir).keys()].sort();
  }

  it("--out puts every artifact under one directory and writes nothing in the registry", () => {
    const root = copyRegistry("upstream");
    rmSync(join(root, "dist"), { recursive: true });
    const out = join(tempDir("out-"), "snapshot");
    const result = build(root, "--out", out);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`✔ built 26 artifacts in ${out} (31 providers`);
    expect(existsSync(join(root, "dist"))).toBe(false);
    expect(existsSync(join(root, "schemas"))).toBe(false);
    const walk = (dir: string, prefix = ""): string[] =>
      readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
        entry.isDirectory() ? walk(join(dir, entry.name), `${prefix}${entry.name}/`) : [`${prefix}${entry.name}`],
      );
    const written = walk(out).sort();
    expect(written.filter((path) => !path.startsWith("site/"))).toEqual(ARTIFACTS.map((path) => path.replace(/^dist\//, "")).sort());
    // The catalogue goes beside the views, under the same --out.
    expect(written.filter((path) => path.startsWith("site/"))).toHaveLength(5);
    for (const view of ["providers.json", "models.json"]) {
      expect(readFileSync(join(out, view)).equals(readFileSync(join(UPSTREAM_DIST, view))), view).toBe(true);
    }
    expect(build(root, "--out", out, "--check").code).toBe(0);
    writeFileSync(join(out, "registry/models.json"), "{}\n");
    const check = build(root, "--out", out, "--check");
    expect(check.code).toBe(1);
    expect(check.stderr).toMatch(/stale +registry\/models\.json\n/);
  });

  it("--views v2 builds the July 2026 views only, and the package reads them", () => {
    const root = copyRegistry("upstream");
    rmSync(join(root, "dist"), { recursive: true });
    const result = build(root, "--views", "v2");
    expect(result.code).toBe(0);
    expect(files(root).filter((path) => path.includes("registry/"))).toEqual([]);
    expect(readFileSync(join(root, "dist/providers.json")).equals(readFileSync(join(UPSTREAM_DIST, "providers.json")))).toBe(true);
    expect(JSON.parse(readFileSync(join(root, "dist/npm/snapshot.json"), "utf8"))).toMatchObject({ providers: "providers.json", models: "models.json" });
    // A full build afterwards finds the router view missing.
    const check = build(root, "--check");
    expect(check.code).toBe(1);
    expect(check.stderr).toMatch(/missing +dist\/registry\/providers\.json/);
  });

  it("--views router builds the router's views only: billing usage_token, required_config, f64 prices", () => {
    const root = copyRegistry("upstream");
    const out = tempDir("out-");
    const result = build(root, "--out", out, "--views", "router");
    expect(result.code).toBe(0);
    expect(existsSync(join(out, "providers.json"))).toBe(false);
    const text = readFileSync(join(out, "registry/providers.json"), "utf8");
    const providers = JSON.parse(text).data as Array<Record<string, unknown>>;
    const anthropic = providers.find((provider) => provider.name === "anthropic")!;
    expect(anthropic).toMatchObject({ billing: "usage_token", required_config: ["api_key"], weight: 1 });
    expect(providers.find((provider) => provider.name === "openai-codex")).toMatchObject({ required_config: ["local_pkce"] });
    expect(text).not.toMatch(/"(?:no_cache|cache_read|cache_write|text|reasoning|weight)": \d+,?\n/);
    expect(text).not.toContain('"auto_sync"');
    expect(JSON.parse(readFileSync(join(out, "npm/snapshot.json"), "utf8"))).toMatchObject({
      providers: "registry/providers.json",
      models: "registry/models.json",
    });
  });

  it("--check reads hard-linked copies once, and still catches a copy that is its own file", () => {
    const root = copyRegistry("upstream");
    const out = tempDir("out-");
    expect(build(root, "--out", out).code).toBe(0);
    // The package's copy is a link to the view: an in-place edit makes both stale.
    expect(statSync(join(out, "npm/registry/models.json")).ino).toBe(statSync(join(out, "registry/models.json")).ino);
    const view = join(out, "registry/providers.json");
    const good = readFileSync(view, "utf8");
    writeFileSync(view, good.replace('"usage_token"', '"subscription"'));
    let check = build(root, "--out", out, "--check");
    expect(check.stderr).toMatch(/stale +registry\/providers\.json\n +stale +npm\/registry\/providers\.json\n/);
    // A copy that is a file of its own is compared on its own.
    expect(build(root, "--out", out).code).toBe(0);
    const copy = join(out, "npm/providers.json");
    const bytes = readFileSync(copy, "utf8");
    rmSync(copy);
    writeFileSync(copy, bytes.replace('"token"', '"subscription"'));
    check = build(root, "--out", out, "--check");
    expect(check.code).toBe(1);
    expect(check.stderr.split("\n").filter((line) => line.startsWith("  "))).toEqual(["  stale      npm/providers.json"]);
  });

  it("refuses an unknown view with a usage error", () => {
    const root = copyRegistry("upstream");
    for (const views of ["v3", "v2,,", "", "router,v1"]) {
      const result = build(root, "--views", views);
      expect(result.code, views).toBe(2);
      expect(result.stderr, views).toContain("--views takes a comma-separated list of v2, router");
    }
  });
});

describe("this repository", () => {
  it("commits artifacts that are up to date: build --check is green on a fresh clone", () => {
    const clone = join(tempDir("clone-"), "registry");
    const cloned = spawnSync("git", ["clone", "--quiet", "--local", "--no-hardlinks", REPO_ROOT, clone], { encoding: "utf8" });
    expect(cloned.status, cloned.stderr).toBe(0);
    const check = build(clone, "--check");
    expect(check.stderr).toBe("");
    expect(check.code).toBe(0);
  });
});
