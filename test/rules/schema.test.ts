import { describe, expect, it } from "vitest";
import { conformsFast } from "../../scripts/lib/shape/check.ts";
import { describeRuleFixtures, providerYaml, validateDirectory, writeRegistry } from "./rule-fixture.ts";

describeRuleFixtures("schema");

async function problemsOf(files: Record<string, string>) {
  return (await validateDirectory(writeRegistry(files))).problems;
}

describe("schema messages", () => {
  it("reports a misspelt required key once, as the typo, saying the key is required", async () => {
    const text = providerYaml("typo").replace("models:\n", "model:\n");
    const found = await problemsOf({ "providers/typo.yaml": text });
    expect(found.map((problem) => [problem.rule, problem.line, problem.column, problem.message])).toEqual([
      ["schema", 4, 1, "unknown key `model` — did you mean `models`? (`models` is required)"],
    ]);
  });

  it("suggests the closest allowed key for a typo, and lists the allowed keys when nothing is close", async () => {
    const problems = await problemsOf({
      "providers/typo.yaml": providerYaml("typo", "api_bse: https://api.typo.example.com\nfrobnicate: true\n").replace(/^api_base:.*\n/m, ""),
    });
    expect(problems.map((problem) => [problem.line, problem.column, problem.message])).toEqual([
      [3, 1, "unknown key `api_bse` — did you mean `api_base`? (`api_base` is required)"],
      [4, 1, expect.stringMatching(/^unknown key `frobnicate`; allowed here: name, display_name, status, .*, models$/)],
    ]);
  });

  it("suggests keys of the auth variant that `kind` selects", async () => {
    const problems = await problemsOf({ "providers/auth.yaml": providerYaml("auth", "auth:\n  kind: bearer\n  evn: AUTH_API_KEY\n") });
    // The typo of a required key is one mistake, reported once.
    expect(problems.map((problem) => problem.message)).toEqual(["unknown key `evn` — did you mean `env`? (`env` is required)"]);
  });

  it("suggests the closest value of a discriminator", async () => {
    const problems = await problemsOf({ "providers/auth.yaml": providerYaml("auth", "auth:\n  kind: bearr\n  env: AUTH_API_KEY\n") });
    expect(problems).toMatchObject([
      { rule: "schema", line: 5, column: 9, path: ["auth", "kind"], message: expect.stringContaining("got `bearr` — did you mean `bearer`?") },
    ]);
  });

  it("names the missing discriminator and its choices", async () => {
    const problems = await problemsOf({ "providers/auth.yaml": providerYaml("auth", "auth:\n  env: AUTH_API_KEY\n") });
    expect(problems).toMatchObject([
      { path: ["auth", "kind"], line: 5, column: 3, message: "missing required key `kind` in `auth` (one of bearer, header, oauth, native)" },
    ]);
  });

  it.each([
    [
      "a fractional whole number",
      "    rate_limits: {requests_per_minute: 0.5}\n",
      ["models", 0, "rate_limits", "requests_per_minute"],
      "must be a whole number; got `0.5`",
    ],
    [
      "a YAML 1.1 boolean",
      "    pricing: {input_tokens: {no_cache: yes}}\n",
      ["models", 0, "pricing", "input_tokens", "no_cache"],
      "must be a finite number; got the text `yes`",
    ],
    [
      "a list where one protocol is unknown",
      "    api_protocol: [openai, grpc]\n",
      ["models", 0, "api_protocol", 1],
      "`models[0].api_protocol[1]` must be one of openai, anthropic, google, responses, antigravity; got `grpc`",
    ],
  ])("explains %s with the value found", async (_, line, path, message) => {
    const problems = await problemsOf({ "providers/model.yaml": providerYaml("model", "", `  - id: openai/gpt-4o\n    provider_model_id: gpt-4o\n${line}`) });
    expect(problems).toMatchObject([{ rule: "schema", path, message: expect.stringContaining(message) }]);
  });

  it("tells a YAML 1.1 `yes` from a boolean", async () => {
    const problems = await problemsOf({ "canonical.yaml": "models:\n  - id: openai/gpt-4o\n    open_weights: yes\n" });
    expect(problems).toMatchObject([
      { line: 3, column: 19, message: "`models[0].open_weights` must be true or false; got the text `yes` (YAML 1.2 reads it as text) — write `true`" },
    ]);
  });

  it("shows how to write a pattern list written as a mapping", async () => {
    const problems = await problemsOf({ "providers/map.yaml": providerYaml("map", 'api_protocol:\n  "*": openai\n') });
    expect(problems).toMatchObject([
      { path: ["api_protocol"], message: '`api_protocol` must be a list of one-key entries, e.g. `- "*": openai`; got a mapping' },
    ]);
  });

  it("describes a malformed pattern by its key, once", async () => {
    const problems = await problemsOf({ "providers/glob.yaml": providerYaml("glob", 'rate_limits:\n  - "gpt*4o": {requests_per_minute: 5}\n') });
    expect(problems).toEqual([
      expect.objectContaining({
        rule: "schema",
        line: 5,
        column: 5,
        path: ["rate_limits", 0, "gpt*4o"],
        message: "key `gpt*4o` in `rate_limits[0]` must be an exact model id or a prefix followed by a single trailing `*`",
      }),
    ]);
  });

  it("reports bounds with the value found", async () => {
    const problems = await problemsOf({ "providers/heavy.yaml": providerYaml("heavy", "weight: 2\n") });
    expect(problems).toMatchObject([{ path: ["weight"], line: 4, column: 9, message: "`weight` must be at most 1; got `2`" }]);
  });

  it("never repeats a secret found in a field of the wrong shape", async () => {
    const key = "sk-proj-EXAMPLEexample0123456789EXAMPLEexample";
    const problems = await problemsOf({
      "providers/pasted.yaml": providerYaml("pasted", `auth:\n  kind: bearer\n  env: ${key}\ndoc_url: http://deploy:hunter2-EXAMPLE@docs.pasted.example.com\n`),
    });
    const schema = problems.filter((problem) => problem.rule !== "credential");
    expect(schema.map((problem) => [problem.rule, problem.path])).toEqual([
      ["schema", ["auth", "env"]],
      ["insecure-url", ["doc_url"]],
    ]);
    expect(schema[0]!.message).toContain("must be the name of an environment variable");
    expect(schema[1]!.message).toContain("got `http://deploy:***@docs.pasted.example.com`");
    for (const problem of problems) {
      expect(problem.message).not.toContain(key.slice(4));
      expect(problem.message).not.toContain("hunter2");
    }
  });

  it("requires at least one canonical model", async () => {
    const problems = await problemsOf({ "canonical.yaml": "models: []\n" });
    expect(problems).toMatchObject([
      { rule: "schema", file: "canonical.yaml", line: 1, column: 9, path: ["models"], message: "`models` must have at least 1 entry" },
    ]);
  });
});

describe("a file that fails its schema hides nothing elsewhere", () => {
  it("reports a schema error in one file and an unknown canonical id in another", async () => {
    const problems = await problemsOf({
      "providers/broken.yaml": providerYaml("broken", "weight: heavy\n"),
      "providers/stale.yaml": providerYaml("stale", "", "  - id: openai/gpt-4.0\n    provider_model_id: gpt-4o\n"),
    });
    expect(problems.map((problem) => [problem.rule, problem.file, problem.line, problem.column])).toEqual([
      ["schema", "providers/broken.yaml", 4, 9],
      ["unknown-canonical", "providers/stale.yaml", 5, 9],
    ]);
  });

  it("still runs the cross-file rules on the file that failed", async () => {
    const problems = await problemsOf({
      "providers/both.yaml": providerYaml("both", "weight: heavy\n", "  - id: openai/gpt-4.0\n    provider_model_id: gpt-4o\n"),
    });
    expect(problems.map((problem) => problem.rule)).toEqual(["schema", "unknown-canonical"]);
  });

  it("keeps the canonical ids of a canonical.yaml that failed its schema", async () => {
    const problems = await problemsOf({
      "canonical.yaml": "models:\n  - id: openai/gpt-4o\n    max_input_tokens: lots\n  - id: anthropic/claude-sonnet-4\n",
      "providers/fine.yaml": providerYaml("fine"),
    });
    expect(problems.map((problem) => [problem.rule, problem.file])).toEqual([["schema", "canonical.yaml"]]);
  });
});

describe("numbers every consumer can hold", () => {
  const base = { name: "acme", status: "active", api_base: "https://api.acme.example/v1" };
  const priced = (no_cache: number) => ({ ...base, models: [{ id: "openai/gpt-4o", provider_model_id: "gpt-4o", pricing: { input_tokens: { no_cache } } }] });

  it.each([
    ["Infinity", Number.POSITIVE_INFINITY],
    ["NaN", Number.NaN],
    ["-Infinity", Number.NEGATIVE_INFINITY],
  ])("the generated validators alone refuse a price of %s (the fast path cannot vouch for it)", (_, value) => {
    expect(conformsFast("provider", priced(2.5))).toBe(true);
    expect(conformsFast("provider", priced(value))).toBe(false);
  });

  it("a rate limit above 4294967295 and a tier threshold above 2^53 are refused on the fast path too", () => {
    const limited = (rpm: number) => ({ ...base, rate_limits: [{ "*": { requests_per_minute: rpm } }], models: [] });
    expect(conformsFast("provider", limited(4_294_967_295))).toBe(true);
    expect(conformsFast("provider", limited(4_294_967_296))).toBe(false);
    const tiered = (above: number) => ({
      ...base,
      models: [
        {
          id: "openai/gpt-4o",
          provider_model_id: "gpt-4o",
          pricing: {
            input_tokens: { no_cache: 1 },
            output_tokens: { text: 2 },
            context_tiers: [{ above_input_tokens: above, input_tokens: { no_cache: 2 }, output_tokens: { text: 4 } }],
          },
        },
      ],
    });
    expect(conformsFast("provider", tiered(200_000))).toBe(true);
    expect(conformsFast("provider", tiered(2 ** 53))).toBe(false);
  });

  it("a file whose one problem is `.inf` is an error of rule schema", async () => {
    const problems = await problemsOf({
      "providers/inf.yaml": providerYaml("inf", "", "  - id: openai/gpt-4o\n    provider_model_id: gpt-4o\n    pricing:\n      output_tokens: {text: .inf}\n"),
    });
    expect(problems).toMatchObject([
      {
        rule: "schema",
        severity: "error",
        line: 8,
        path: ["models", 0, "pricing", "output_tokens", "text"],
        message: expect.stringContaining("must be a finite number"),
      },
    ]);
  });

  it("`1e400` is a number to YAML 1.2, an infinite one, and refused", async () => {
    const problems = await problemsOf({
      "providers/huge.yaml": providerYaml(
        "huge",
        "",
        "  - id: openai/gpt-4o\n    provider_model_id: gpt-4o\n    pricing:\n      input_tokens: {no_cache: 1e400}\n",
      ),
    });
    expect(problems).toMatchObject([
      {
        rule: "schema",
        line: 8,
        path: ["models", 0, "pricing", "input_tokens", "no_cache"],
        message: expect.stringContaining("must be a finite number; got `Infinity`"),
      },
    ]);
  });

  it("a `__proto__` key anywhere is refused, though Zod itself passes over it", async () => {
    const problems = await problemsOf({ "providers/proto.yaml": providerYaml("proto", 'rate_limits:\n  - "__proto__": {requests_per_minute: 5}\n') });
    expect(problems).toMatchObject([
      { rule: "schema", line: 5, column: 5, path: ["rate_limits", 0, "__proto__"], message: expect.stringContaining("`__proto__`") },
    ]);
  });
});
