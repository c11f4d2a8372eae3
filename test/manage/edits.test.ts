/**
 * Each mutation through the real CLI on a copy of the comment-rich upstream
 * corpus: exit code, output, the exact `git diff --numstat`, and a registry
 * that still validates.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { diff, manage, numstat, registryRepo, status, validate } from "./helpers.ts";

const read = (root: string, file: string) => readFileSync(join(root, file), "utf8");
const commentLines = (text: string) => text.split("\n").filter((line) => /^\s*#/.test(line));

describe("add-model", () => {
  it("on github-copilot keeps all 22 comment lines and deletes no line", () => {
    const root = registryRepo();
    const before = read(root, "providers/github-copilot.yaml");
    expect(commentLines(before)).toHaveLength(22);
    const result = manage(
      root,
      "add-model",
      "github-copilot",
      "deepseek/deepseek-v3.2",
      "deepseek-v3.2",
      "--no-cache",
      "0.27",
      "--output",
      "0.41",
      "--capabilities",
      "tools,reasoning",
    );
    // github-copilot bills by subscription: a per-token price is written, with the billing-pricing warning.
    expect(result).toMatchObject({
      code: 0,
      stderr:
        "warning: providers/github-copilot.yaml:89:5 a `billing: subscription` provider prices this model per token; a subscription is paid up front, so remove `pricing` (or change `billing`) (billing-pricing)\n",
    });
    expect(result.stdout).toBe("added deepseek/deepseek-v3.2 to github-copilot as deepseek-v3.2 (providers/github-copilot.yaml)\n");
    expect(numstat(root)).toEqual({ "providers/github-copilot.yaml": [10, 0] });
    const after = read(root, "providers/github-copilot.yaml");
    expect(commentLines(after)).toEqual(commentLines(before));
    expect(diff(root)).not.toMatch(/^-[^-]/m);
    expect(validate(root).ok).toBe(true);
  });

  it("writes no empty price maps when a price group is omitted", () => {
    const root = registryRepo();
    expect(manage(root, "add-model", "xai", "deepseek/deepseek-v3.2", "deepseek-v3.2", "--output", "0.41").code).toBe(0);
    const added = diff(root)
      .split("\n")
      .filter((line) => line.startsWith("+") && !line.startsWith("+++"));
    expect(added).toEqual([
      "+  - id: deepseek/deepseek-v3.2",
      "+    provider_model_id: deepseek-v3.2",
      "+    pricing:",
      "+      output_tokens:",
      "+        text: 0.41",
    ]);
    expect(read(root, "providers/xai.yaml")).not.toContain("{}");
  });

  it("follows the file's flow style and sets model-level protocol and limits", () => {
    const root = registryRepo();
    const result = manage(
      root,
      "add-model",
      "claude-code",
      "deepseek/deepseek-v3.2",
      "deepseek-v3.2",
      "--capabilities",
      "tools",
      "--protocol",
      "anthropic,openai",
      "--rpm",
      "30",
    );
    expect(result.code).toBe(0);
    const added = diff(root)
      .split("\n")
      .filter((line) => line.startsWith("+") && !line.startsWith("+++"));
    expect(added).toEqual([
      "+  - id: deepseek/deepseek-v3.2",
      "+    provider_model_id: deepseek-v3.2",
      "+    api_protocol:",
      "+      - anthropic",
      "+      - openai",
      "+    rate_limits:",
      "+      requests_per_minute: 30",
      "+    capabilities: [tools]",
    ]);
    expect(validate(root).ok).toBe(true);
  });
});

describe("update-model", () => {
  it("--output N on an entry with an output price changes one line", () => {
    const root = registryRepo();
    const result = manage(root, "update-model", "openrouter", "openai/gpt-5.1", "--output", "12.5");
    expect(result).toMatchObject({ code: 0, stdout: "updated openai/gpt-5.1 on openrouter (providers/openrouter.yaml)\n", stderr: "" });
    expect(numstat(root)).toEqual({ "providers/openrouter.yaml": [1, 1] });
    expect(diff(root)).toMatch(/^- {8}text: 10\n\+ {8}text: 12.5$/m);
  });

  it("adds a missing price group with added lines only, next to its siblings", () => {
    const root = registryRepo();
    // redpill's entries price input only.
    expect(manage(root, "update-model", "redpill", "anthropic/claude-sonnet-4.6", "--output", "15", "--cache-write", "3.75").code).toBe(0);
    expect(numstat(root)).toEqual({ "providers/redpill.yaml": [3, 0] });
    expect(read(root, "providers/redpill.yaml")).toContain(
      "        no_cache: 3\n        cache_read: 0.3\n        cache_write: 3.75\n      output_tokens:\n        text: 15\n    capabilities:\n",
    );
    expect(validate(root).ok).toBe(true);
  });

  it("with the values already there changes nothing", () => {
    const root = registryRepo();
    const result = manage(root, "update-model", "openrouter", "openai/gpt-5.1", "--output", "10");
    expect(result).toMatchObject({ code: 0, stdout: "openai/gpt-5.1 on openrouter already has these values; nothing changed\n" });
    expect(status(root)).toEqual([]);
  });

  it("warns (without refusing) when the new price looks wrong", () => {
    const root = registryRepo();
    const result = manage(root, "update-model", "openrouter", "openai/gpt-5.1", "--cache-read", "5");
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/^warning: providers\/openrouter\.yaml:\d+:\d+ .*cache_read.* \(pricing-sanity\)$/m);
  });
});

describe("remove-model", () => {
  it("deletes only that entry's lines, comments around it stay", () => {
    const root = registryRepo();
    const before = read(root, "providers/openai-codex.yaml");
    const result = manage(root, "remove-model", "openai-codex", "openai/gpt-5.2-codex");
    expect(result).toMatchObject({ code: 0, stdout: "removed openai/gpt-5.2-codex from openai-codex (providers/openai-codex.yaml)\n" });
    expect(numstat(root)).toEqual({ "providers/openai-codex.yaml": [0, 3] });
    expect(diff(root)).toContain("-  - id: openai/gpt-5.2-codex\n-    provider_model_id: gpt-5.2-codex\n-    capabilities: [reasoning, tools]\n");
    expect(commentLines(read(root, "providers/openai-codex.yaml"))).toEqual(commentLines(before));
    expect(validate(root).ok).toBe(true);
  });
});

describe("add", () => {
  it("a new active provider with no models succeeds and prints the exact next command", () => {
    const root = registryRepo();
    const result = manage(
      root,
      "add",
      "acme",
      "--status",
      "active",
      "--api-base",
      "https://api.acme.example/v1",
      "--protocol",
      "openai",
      "--weight",
      "0.5",
      "--rpm",
      "60",
      "--contact",
      "ops@example.com",
    );
    expect(result.code).toBe(0);
    expect(result.stderr).toBe("");
    expect(result.stdout).toBe(
      [
        "created providers/acme.yaml",
        "acme is active but serves no models yet, so `validate` reports it until you add one:",
        `  bun run manage --root ${root} add-model acme <canonical-id> <provider-model-id> --no-cache <usd> --output <usd>`,
        "",
      ].join("\n"),
    );
    expect(read(root, "providers/acme.yaml")).toBe(
      [
        "# yaml-language-server: $schema=../schemas/provider.schema.json",
        "name: acme",
        "status: active",
        "api_base: https://api.acme.example/v1",
        "api_protocol:",
        '  - "*": openai',
        "rate_limits:",
        '  - "*":',
        "      requests_per_minute: 60",
        "weight: 0.5",
        "contact: ops@example.com",
        "models: []",
        "",
      ].join("\n"),
    );
    // The next command, run as printed (with real ids), makes the registry valid.
    expect(manage(root, "add-model", "acme", "deepseek/deepseek-v3.2", "deepseek-v3.2", "--no-cache", "0.27", "--output", "0.41").code).toBe(0);
    expect(numstat(root)).toEqual({});
    expect(status(root)).toEqual(["?? providers/acme.yaml"]);
    expect(validate(root)).toEqual({ ok: true, errors: [] });
  });

  it("on an existing provider sets and adds top-level values in place", () => {
    const root = registryRepo();
    const result = manage(root, "add", "openai-codex", "--display-name", "Codex (ChatGPT plan)", "--status", "staging", "--rpm", "100");
    expect(result.code).toBe(0);
    const changes = diff(root)
      .split("\n")
      .filter((line) => /^[-+][^-+]/.test(line));
    // rate_limits lands after `auth`, its predecessor in schema order; status changes where it is.
    expect(changes).toEqual([
      "-display_name: OpenAI Codex",
      "+display_name: Codex (ChatGPT plan)",
      "+rate_limits:",
      '+  - "*":',
      "+      requests_per_minute: 100",
      "-status: active",
      "+status: staging",
    ]);
    expect(validate(root).ok).toBe(true);
  });

  it("updates the `*` entry of an existing pattern list", () => {
    const root = registryRepo();
    expect(manage(root, "add", "redpill", "--protocol", "anthropic", "--rpm", "90", "--tpm", "100000").code).toBe(0);
    expect(numstat(root)).toEqual({ "providers/redpill.yaml": [3, 2] });
    expect(read(root, "providers/redpill.yaml")).toMatch(
      /^api_protocol:\n {2}- "\*": anthropic\n.*\nrate_limits:\n {2}- "\*":\n {6}requests_per_minute: 90\n {6}tokens_per_minute: 100000\n/ms,
    );
  });
});

describe("canonical", () => {
  it("add appends an entry styled like its neighbours; list shows it", () => {
    const root = registryRepo();
    const result = manage(
      root,
      "canonical",
      "add",
      "acme/widget-1",
      "--name",
      "Widget",
      "--max-input-tokens",
      "1000",
      "--open-weights",
      "false",
      "--release-date",
      "2026-01-02",
    );
    expect(result).toMatchObject({ code: 0, stdout: "added acme/widget-1 to canonical.yaml\n" });
    expect(numstat(root)).toEqual({ "canonical.yaml": [5, 0] });
    expect(
      read(root, "canonical.yaml").endsWith(
        '  - id: acme/widget-1\n    name: "Widget"\n    max_input_tokens: 1000\n    release_date: 2026-01-02\n    open_weights: false\n',
      ),
    ).toBe(true);
    const listed = JSON.parse(manage(root, "canonical", "list", "--json").stdout) as Array<{ id: string; release_date?: string }>;
    expect(listed.at(-1)).toEqual({ id: "acme/widget-1", name: "Widget", max_input_tokens: 1000, release_date: "2026-01-02", open_weights: false });
    expect(validate(root).ok).toBe(true);
  });
});
