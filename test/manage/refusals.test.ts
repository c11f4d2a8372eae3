/**
 * What `manage` refuses (exit 1) and what it calls a usage error (exit 2):
 * one line that says why and how to fix it, no stack trace, and nothing
 * changed on disk (`git status` stays clean: no edit, no lock, no temp file).
 */
import { mkdirSync, readFileSync, symlinkSync, unlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { commitAll, manage, registryRepo, status } from "./helpers.ts";

let root: string;
beforeAll(() => {
  root = registryRepo();
});

function refused(args: string[], message: RegExp, code = 1): string {
  const result = manage(root, ...args);
  expect(result.code, result.stderr).toBe(code);
  expect(result.stdout).toBe("");
  expect(result.stderr).toMatch(message);
  expect(result.stderr).not.toMatch(/\bat .*\.ts:\d+|unexpected failure/);
  expect(status(root)).toEqual([]);
  return result.stderr;
}

describe("refusals exit 1 and change nothing", () => {
  it("an unknown canonical id says how to add it", () => {
    const stderr = refused(
      ["add-model", "redpill", "acme/widget-1", "widget-1", "--output", "1"],
      /^manage: refused, nothing was changed: providers\/redpill\.yaml:\d+:9 unknown canonical id `acme\/widget-1` — add it first with `manage canonical add acme\/widget-1 …` \(unknown-canonical\)\n$/,
    );
    expect(stderr.split("\n")).toHaveLength(2);
  });

  it("a mistyped canonical id gets a did-you-mean", () => {
    refused(
      ["add-model", "redpill", "deepseek/deepseek-v3.3", "x"],
      /unknown canonical id `deepseek\/deepseek-v3\.3` — did you mean `deepseek\/deepseek-v3\.2`\?/,
    );
  });

  it("a model the provider already serves points at its entry", () => {
    refused(
      ["add-model", "redpill", "deepseek/deepseek-v3.2", "x"],
      /^manage: redpill already serves `deepseek\/deepseek-v3\.2` \(providers\/redpill\.yaml:9:5\); change it with `bun run manage --root \S+ update-model redpill deepseek\/deepseek-v3\.2 …` — nothing was changed\n$/,
    );
  });

  it("an unknown provider gets a did-you-mean", () => {
    refused(
      ["add-model", "redpil", "deepseek/deepseek-v3.2", "x"],
      /^manage: provider `redpil` not found \(no providers\/redpil\.yaml\) — did you mean `redpill`\?\n$/,
    );
    refused(
      ["remove-model", "nobody-at-all", "deepseek/deepseek-v3.2"],
      /provider `nobody-at-all` not found .* create it with `bun run manage --root \S+ add nobody-at-all --status … --api-base …`/,
    );
  });

  it("update-model and remove-model of a model the provider does not serve", () => {
    refused(
      ["update-model", "redpill", "openai/gpt-5.4", "--output", "1"],
      /redpill does not serve `openai\/gpt-5\.4` — add it with `bun run manage --root \S+ add-model redpill openai\/gpt-5\.4 <provider-model-id> …`/,
    );
    refused(
      ["remove-model", "redpill", "deepseek/deepseek-v3.1"],
      /redpill does not serve `deepseek\/deepseek-v3\.1` — did you mean `deepseek\/deepseek-v3\.2`\?/,
    );
  });

  it("canonical remove names every provider still serving the id", () => {
    // Every provider that lists it: the routes and the providers the router leaves out.
    const resolution = JSON.parse(manage(root, "route", "deepseek/deepseek-v3.2", "--json").stdout) as {
      routes: Array<{ provider: string }>;
      excluded: Array<{ provider: string }>;
    };
    const names = [...resolution.routes, ...resolution.excluded].map((route) => route.provider).sort();
    expect(names.length).toBeGreaterThan(3);
    const stderr = refused(["canonical", "remove", "deepseek/deepseek-v3.2"], /is still served by \d+ providers: .* — remove it from each first/);
    expect(stderr).toContain(`still served by ${names.length} providers: ${names.join(", ")} — `);
  });

  it("canonical add of an existing id", () => {
    refused(
      ["canonical", "add", "deepseek/deepseek-v3.2"],
      /^manage: `deepseek\/deepseek-v3\.2` is already in canonical\.yaml \(canonical\.yaml:2:5\); nothing was changed\n$/,
    );
  });

  it("a change the rules reject names file, line, column and rule", () => {
    // A file that was never written has no line to point at: the field is named instead.
    refused(
      ["add", "acme", "--status", "active", "--api-base", "http://api.acme.example"],
      /^manage: refused, nothing was changed: providers\/acme\.yaml \(not created\): `api_base` .*https.* \(insecure-url\)\n$/,
    );
    refused(["add", "redpill", "--contact", "not-an-email"], /^manage: refused, nothing was changed: providers\/redpill\.yaml:\d+:10 .*email.* \(schema\)\n$/);
    refused(
      ["update-model", "redpill", "deepseek/deepseek-v3.2", "--deprecation-date", "2026-13-01"],
      /providers\/redpill\.yaml:\d+:\d+ .*YYYY-MM-DD.* \(schema\)/,
    );
  });

  it("removing the last model of an active provider would leave it unroutable", () => {
    const own = registryRepo();
    expect(manage(own, "remove-model", "redpill", "deepseek/deepseek-v3.2").code).toBe(0);
    commitAll(own);
    const result = manage(own, "remove-model", "redpill", "anthropic/claude-sonnet-4.6");
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      /^manage: refused, nothing was changed: providers\/redpill\.yaml:\d+:\d+ active provider `redpill` lists no models .* or set `status: staging` until it is ready \(active-without-models\)\n$/,
    );
    expect(status(own)).toEqual([]);
  });

  it("a provider file that is not valid YAML is left for a human", () => {
    const file = join(root, "providers/zz-broken.yaml");
    writeFileSync(file, "name: zz-broken\nstatus: active\nmodels:\n  - id: a/b\n   provider_model_id: b\n");
    try {
      const result = manage(root, "add-model", "zz-broken", "deepseek/deepseek-v3.2", "x");
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(/^manage: providers\/zz-broken\.yaml:5:\d+ .* \(yaml-syntax\) — fix the file first; nothing was changed\n$/);
      expect(readFileSync(file, "utf8")).toBe("name: zz-broken\nstatus: active\nmodels:\n  - id: a/b\n   provider_model_id: b\n");
    } finally {
      unlinkSync(file);
    }
  });

  it("a symlinked provider file is never followed", () => {
    mkdirSync(join(root, "elsewhere"));
    writeFileSync(join(root, "elsewhere/target.yaml"), readFileSync(join(root, "providers/redpill.yaml")));
    symlinkSync(join(root, "elsewhere/target.yaml"), join(root, "providers/linked.yaml"));
    try {
      const result = manage(root, "add-model", "linked", "deepseek/deepseek-v3.2", "x");
      expect(result.code).toBe(1);
      expect(result.stderr).toBe("manage: providers/linked.yaml is not a regular file (symlinks are never followed); nothing was changed\n");
    } finally {
      unlinkSync(join(root, "providers/linked.yaml"));
      unlinkSync(join(root, "elsewhere/target.yaml"));
    }
  });
});

describe("usage errors exit 2 and change nothing", () => {
  it("without a terminal, missing values are named all at once", () => {
    refused(["add-model", "redpill"], /^manage: missing <canonical-id>, <provider-model-id> \(there is no terminal to ask on\)\n$/, 2);
    refused(["add", "acme"], /^manage: missing --status, --api-base \(there is no terminal to ask on\)\n$/, 2);
    refused(["add", "acme", "--status", "active"], /^manage: missing --api-base /, 2);
    refused(["update-model", "redpill"], /^manage: missing <canonical-id>, a value to change \(--no-cache, --cache-read, --output, --capabilities, …\) /, 2);
    refused(["remove-model"], /^manage: missing <provider>, <canonical-id> /, 2);
    refused(["canonical", "add"], /^manage: missing <id> /, 2);
    refused(["route"], /^manage: missing <model> /, 2);
  });

  it("delete needs --yes without a terminal", () => {
    refused(["delete", "redpill"], /^manage: missing --yes \(there is no terminal to confirm the deletion on\)\n$/, 2);
  });

  it("nothing to change", () => {
    refused(["add", "redpill"], /^manage: nothing to change: give at least one of --status/, 2);
  });

  it("bad values and unknown flags", () => {
    refused(
      ["add-model", "redpill", "openai/gpt-5.4", "gpt-5.4", "--output", "abc"],
      /option '--output <usd>' argument 'abc' is invalid\. expected a non-negative price/,
      2,
    );
    refused(["add-model", "redpill", "openai/gpt-5.4", "gpt-5.4", "--output", "-1"], /argument '-1' is invalid/, 2);
    refused(["add", "redpill", "--weight", "1.5"], /expected a weight between 0 and 1, got `1\.5`/, 2);
    refused(["add", "redpill", "--status", "live"], /argument 'live' is invalid\. Allowed choices are active, staging, suspended, withdrawn/, 2);
    refused(["add-model", "redpill", "openai/gpt-5.4", "gpt-5.4", "--capabilities", "tools,vision"], /unknown capability `vision`/, 2);
    refused(["add-model", "redpill", "openai/gpt-5.4", "gpt-5.4", "--protocol", "grpc"], /unknown protocol `grpc`/, 2);
    refused(["add-model", "redpill", "openai/gpt-5.4", "gpt-5.4", "--pricng", "1"], /unknown option '--pricng'/, 2);
    refused(["frobnicate"], /unknown command 'frobnicate'/, 2);
    refused(["add", "Not_A_Name", "--status", "active", "--api-base", "https://x.example"], /`Not_A_Name` is not a provider name/, 2);
  });

  it("a root that is not a registry", () => {
    const result = manage(join(root, "providers/redpill.yaml"), "list");
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^manage: registry root .* is not a directory\n$/);
    expect(manage(join(root, "providers"), "list").stderr).toMatch(/is not a registry: it has neither canonical\.yaml, models\/ nor providers\//);
  });
});
