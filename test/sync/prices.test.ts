/**
 * `sync --prices`: every priced entry against the real models.dev catalogue
 * and an OpenRouter-style list (per-token strings), listing only fields more
 * than 10% apart.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { perTokenToPerMillion } from "../../scripts/lib/sync/feeds.ts";
import { PUBLIC_HTTPS } from "../../scripts/lib/sync/fetch.ts";
import { reviewPrices } from "../../scripts/lib/sync/prices.ts";
import { CORPORA, REPO_ROOT, tempDir } from "../helpers.ts";

const API_JSON = resolve(REPO_ROOT, "../shared/fixtures/models-dev/api.json");

/** Decimal shift of a per-1M price to a per-token string, as OpenRouter writes it (no float arithmetic). */
function perToken(price: number): string {
  const [whole, fraction = ""] = String(price).split(".");
  const digits = `${"0".repeat(6)}${whole}`.slice(-Math.max(7, whole!.length));
  const cut = digits.length - 6;
  return `${digits.slice(0, cut).replace(/^0+(?=\d)/, "")}.${digits.slice(cut)}${fraction}`.replace(/\.?0+$/, "") || "0";
}

/** OpenRouter's own prices as models.dev records them, written in OpenRouter's list format. */
function openRouterList(): string {
  const catalogue = JSON.parse(readFileSync(API_JSON, "utf8")) as Record<string, { models: Record<string, { cost?: Record<string, number> }> }>;
  const data = Object.entries(catalogue.openrouter!.models)
    .filter(([, model]) => model.cost)
    .map(([id, model]) => ({ id, pricing: { prompt: perToken(model.cost!.input!), completion: perToken(model.cost!.output!) } }));
  const file = join(tempDir("sync-prices-"), "openrouter.json");
  writeFileSync(file, JSON.stringify({ data }));
  return file;
}

describe("perTokenToPerMillion", () => {
  it("converts OpenRouter's per-token strings without float noise", () => {
    expect(perTokenToPerMillion("0.000003")).toEqual({ ok: true, value: 3 });
    expect(perTokenToPerMillion("0.00000055")).toEqual({ ok: true, value: 0.55 });
    expect(perTokenToPerMillion("0.0000000028")).toEqual({ ok: true, value: 0.0028 });
    expect(perTokenToPerMillion("0")).toEqual({ ok: true, value: 0 });
    expect(perTokenToPerMillion("-1")).toEqual({ ok: false, why: "is negative (-1000000)" });
    expect(perTokenToPerMillion("free")).toEqual({ ok: false, why: 'is "free", not a per-token price' });
    expect(perTokenToPerMillion("1e400").ok).toBe(false);
  });
});

describe("reviewPrices", () => {
  it("lists each price field more than 10% from a source, and only those", async () => {
    expect(perToken(0.612)).toBe("0.000000612");
    const review = await reviewPrices({ root: join(CORPORA, "upstream"), modelsDev: API_JSON, openrouter: openRouterList(), guard: PUBLIC_HTTPS });
    expect(review.prices.sources.map((source) => [source.name, source.ok])).toEqual([
      ["models.dev", true],
      ["openrouter", true],
    ]);
    expect(review.prices.entries_compared).toBe(201);
    const row = (provider: string, model: string, field: string) =>
      review.changes.filter((change) => change.provider === provider && change.model === model && change.field === `pricing.${field}`);

    // OpenRouter lists 0.00000074 per token for kimi-k2.7-code; the registry has 0.612 per 1M.
    expect(
      row("openrouter", "moonshotai/kimi-k2.7-code", "input_tokens.no_cache").map((change) => [change.after, change.delta_pct, change.reason?.split(" ")[0]]),
    ).toEqual([
      [0.74, 20.9, "models.dev"],
      [0.74, 20.9, "openrouter"],
    ]);
    // chutes glm-5.1: output 3.5 vs 3.08 (−12%) is listed, input 1.05 vs 0.98 (−6.7%) is not.
    expect(row("chutes", "z-ai/glm-5.1", "output_tokens.text")).toHaveLength(1);
    expect(row("chutes", "z-ai/glm-5.1", "input_tokens.no_cache")).toHaveLength(0);
    for (const change of review.changes) {
      expect(change).toMatchObject({ kind: "model-changed", severity: "review" });
      const before = change.before as number;
      const after = change.after as number;
      expect(before === 0 ? after !== 0 : Math.abs(after - before) / before > 0.1).toBe(true);
    }
  });

  it("an unreadable source is reported, and the other still compared", async () => {
    const missing = join(tempDir("sync-prices-"), "absent.json");
    const review = await reviewPrices({ root: join(CORPORA, "upstream"), modelsDev: API_JSON, openrouter: missing, guard: PUBLIC_HTTPS });
    expect(review.prices.sources[1]).toEqual({ name: "openrouter", location: missing, ok: false, error: `OpenRouter list: cannot read ${missing} (ENOENT)` });
    expect(review.changes.length).toBeGreaterThan(0);
  });
});
