/**
 * `manage schedule-price` on the router's own registry, whose anthropic file
 * says of claude-sonnet-5 "Introductory pricing through 2026-08-31; rises to
 * $3/$15 after": written through manage, the announcement becomes the
 * entry's `pricing_schedule` — the only lines added — `pricing` stays the
 * price in force, and promote-price then makes it that price.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { describe, expect, it } from "vitest";
import { CORPORA } from "../helpers.ts";
import { commitAll, diff, manage, numstat, registryRepo } from "./helpers.ts";

const FILE = "providers/anthropic.yaml";
const SOURCE = "https://github.com/bitrouter/bitrouter/blob/003f99ee9a5a580f67c6f783ed821e41c490989d/registry/providers/anthropic.yaml";

function sonnet5(root: string): Record<string, unknown> {
  const data = parse(readFileSync(join(root, FILE), "utf8")) as { models: Array<Record<string, unknown>> };
  return data.models.find((model) => model.id === "anthropic/claude-sonnet-5")!;
}

const ANNOUNCE = ["schedule-price", "anthropic", "anthropic/claude-sonnet-5", "--from", "2026-09-01", "--no-cache", "3", "--output", "15"];

describe("schedule-price", () => {
  it("appends the announced price to pricing_schedule and changes nothing else", () => {
    const root = registryRepo(join(CORPORA, "bitrouter/registry"));
    const before = sonnet5(root).pricing;
    const result = manage(root, ...ANNOUNCE, "--pricing-source", SOURCE, "--verified-at", "2026-12-01");
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain("scheduled a price for anthropic/claude-sonnet-5 on anthropic from 2026-09-01");
    const entry = sonnet5(root);
    expect(entry.pricing).toEqual(before);
    expect(entry.pricing_schedule).toEqual([
      { effective_from: "2026-09-01", input_tokens: { no_cache: 3 }, output_tokens: { text: 15 }, source: SOURCE, verified_at: "2026-12-01" },
    ]);
    // Only added lines, all in the one file.
    const changed = numstat(root);
    expect(Object.keys(changed)).toEqual([FILE]);
    expect(changed[FILE]![1], "no line removed").toBe(0);
    expect(diff(root)).toContain("+    pricing_schedule:");
  });

  it("then promote-price makes it the price in force", () => {
    const root = registryRepo(join(CORPORA, "bitrouter/registry"));
    expect(manage(root, ...ANNOUNCE).code).toBe(0);
    const promoted = manage(root, "promote-price", "anthropic", "anthropic/claude-sonnet-5", "--as-of", "2026-09-01");
    expect(promoted.code, promoted.stderr).toBe(0);
    expect(sonnet5(root).pricing).toMatchObject({ input_tokens: { no_cache: 3 }, output_tokens: { text: 15 } });
  });

  it("refuses a day already scheduled, a bad date and flags that are not prices, writing nothing", () => {
    const root = registryRepo(join(CORPORA, "bitrouter/registry"));
    expect(manage(root, ...ANNOUNCE).code).toBe(0);
    commitAll(root);
    const again = manage(root, ...ANNOUNCE);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain("already has a price scheduled from 2026-09-01");
    const badDate = manage(root, "schedule-price", "anthropic", "anthropic/claude-sonnet-5", "--from", "September", "--no-cache", "3");
    expect([badDate.code, badDate.stderr]).toEqual([2, expect.stringContaining("--from expects a date, YYYY-MM-DD, got `September`")]);
    const none = manage(root, "schedule-price", "anthropic", "anthropic/claude-sonnet-5", "--from", "2027-01-01");
    expect(none.code).toBe(2);
    expect(none.stderr).toContain("schedule-price takes price flags only");
    expect(diff(root)).toBe("");
  });
});
