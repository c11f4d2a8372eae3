/**
 * The package's pricing arithmetic (runtime/cost.js), a pure function of one
 * entry and one request: the price in force on the request's date, service
 * tiers, non-token units, and usage the entry does not price. The
 * cross-checks take their rates from real public data and compute the
 * expected USD by hand, written out beside each case.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
// @ts-expect-error plain JavaScript module without declarations (the package's own types live in index.d.ts)
import { priceInForce, priceRequest } from "../../scripts/lib/snapshot/runtime/cost.js";

type Entry = Record<string, unknown>;
type Breakdown = {
  total: number | undefined;
  price: string;
  service_tier: string;
  context_tier: number | null;
  lines: Array<{ item: string; quantity: number; unit: string; rate: number; usd: number }>;
  unpriced: Array<{ item: string; quantity: number; reason: string }>;
  effective_from?: string;
  effective_until?: string;
};
const price = (entry: Entry, request: Record<string, unknown>, today = "2026-12-01"): Breakdown => priceRequest(entry, request, today);

/** `cost` of one models.dev model (shared/fixtures/models-dev/api.json), as our pricing block. */
const API = JSON.parse(readFileSync(join(import.meta.dirname, "../../../shared/fixtures/models-dev/api.json"), "utf8")) as Record<
  string,
  { models: Record<string, { cost?: Record<string, unknown> }> }
>;
function fromModelsDev(provider: string, model: string): Entry {
  const cost = API[provider]!.models[model]!.cost as Record<string, number> & { tiers?: Array<Record<string, number> & { tier: { size: number } }> };
  const bracket = (rates: Record<string, number>) => ({
    input_tokens: {
      no_cache: rates.input,
      ...(rates.cache_read !== undefined ? { cache_read: rates.cache_read } : {}),
      ...(rates.cache_write !== undefined ? { cache_write: rates.cache_write } : {}),
      ...(rates.input_audio !== undefined ? { audio: rates.input_audio } : {}),
    },
    output_tokens: {
      text: rates.output,
      ...(rates.reasoning !== undefined ? { reasoning: rates.reasoning } : {}),
      ...(rates.output_audio !== undefined ? { audio: rates.output_audio } : {}),
    },
  });
  const tiers = cost.tiers?.map((tier) => ({ above_input_tokens: tier.tier.size, ...bracket(tier) }));
  return { pricing: { ...bracket(cost), ...(tiers ? { context_tiers: tiers } : {}) } };
}

/** shared/corpora/bitrouter/registry/providers/anthropic.yaml, anthropic/claude-sonnet-5: "Introductory pricing through 2026-08-31; rises to $3/$15 after." */
const SONNET_5: Entry = {
  pricing: { input_tokens: { no_cache: 2, cache_read: 0.2, cache_write: 2.5 }, output_tokens: { text: 10 } },
  pricing_schedule: [{ effective_from: "2026-09-01", input_tokens: { no_cache: 3 }, output_tokens: { text: 15 } }],
};

describe("cost against hand calculation from real prices", () => {
  const cases: Array<[string, Entry, Record<string, unknown>, number]> = [
    [
      // api.json anthropic/claude-sonnet-4-6: input 3, output 15, cache_read 0.3, cache_write 3.75.
      "anthropic claude-sonnet-4-6 with cache reads and writes",
      fromModelsDev("anthropic", "claude-sonnet-4-6"),
      { input_tokens: 2_000, cache_read_tokens: 10_000, cache_write_tokens: 1_000, output_tokens: 500 },
      // 2000×3 + 10000×0.3 + 1000×3.75 + 500×15 = 6000 + 3000 + 3750 + 7500 = 20250 µ$
      0.02025,
    ],
    [
      // api.json openai/gpt-5.4: 2.5 / 15, cache_read 0.25; above 272000 input: 5 / 22.5, cache_read 0.5.
      "openai gpt-5.4 at its 272k threshold: base rates",
      fromModelsDev("openai", "gpt-5.4"),
      { input_tokens: 262_000, cache_read_tokens: 10_000, output_tokens: 1_000 },
      // 262000×2.5 + 10000×0.25 + 1000×15 = 655000 + 2500 + 15000 = 672500 µ$
      0.6725,
    ],
    [
      "openai gpt-5.4 one token above 272k: the tier's rates for the whole request",
      fromModelsDev("openai", "gpt-5.4"),
      { input_tokens: 262_001, cache_read_tokens: 10_000, output_tokens: 1_000 },
      // 262001×5 + 10000×0.5 + 1000×22.5 = 1310005 + 5000 + 22500 = 1337505 µ$
      1.337505,
    ],
    [
      // api.json google/gemini-2.5-pro: 1.25 / 10, cache_read 0.125; above 200000: 2.5 / 15, cache_read 0.25.
      "google gemini-2.5-pro above 200k",
      fromModelsDev("google", "gemini-2.5-pro"),
      { input_tokens: 250_000, output_tokens: 4_000, reasoning_tokens: 6_000 },
      // no reasoning rate → the tier's text rate: 250000×2.5 + 4000×15 + 6000×15 = 625000 + 60000 + 90000 = 775000 µ$
      0.775,
    ],
    [
      // api.json deepseek/deepseek-chat: 0.14 / 0.28, cache_read 0.0028.
      "deepseek deepseek-chat, mostly cached",
      fromModelsDev("deepseek", "deepseek-chat"),
      { input_tokens: 1_000, cache_read_tokens: 99_000, output_tokens: 2_000 },
      // 1000×0.14 + 99000×0.0028 + 2000×0.28 = 140 + 277.2 + 560 = 977.2 µ$
      0.0009772,
    ],
    [
      // api.json mistral/mistral-large-2411: 2 / 6, no cache rates.
      "mistral mistral-large-2411: a cache read with no cache rate bills at no_cache",
      fromModelsDev("mistral", "mistral-large-2411"),
      { input_tokens: 10_000, cache_read_tokens: 5_000, output_tokens: 1_000 },
      // (10000 + 5000)×2 + 1000×6 = 30000 + 6000 = 36000 µ$
      0.036,
    ],
    [
      // api.json novita-ai/qwen/qwen3-omni-30b-a3b-thinking: 0.25 / 0.97, input_audio 2.2, output_audio 1.788.
      "novita qwen3-omni: audio input and output tokens at their own rates",
      fromModelsDev("novita-ai", "qwen/qwen3-omni-30b-a3b-thinking"),
      { input_tokens: 1_000, audio_input_tokens: 20_000, output_tokens: 500, audio_output_tokens: 3_000 },
      // 1000×0.25 + 20000×2.2 + 500×0.97 + 3000×1.788 = 250 + 44000 + 485 + 5364 = 50099 µ$
      0.050099,
    ],
    [
      // api.json aihubmix/gemini-2.5-flash: 0.3 / 2.5, cache_read 0.03, input_audio 1.
      "aihubmix gemini-2.5-flash: audio input",
      fromModelsDev("aihubmix", "gemini-2.5-flash"),
      { input_tokens: 4_000, cache_read_tokens: 8_000, audio_input_tokens: 60_000, output_tokens: 1_200 },
      // 4000×0.3 + 8000×0.03 + 60000×1 + 1200×2.5 = 1200 + 240 + 60000 + 3000 = 64440 µ$
      0.06444,
    ],
    [
      // api.json openrouter/google/gemini-2.5-flash-lite: 0.1 / 0.4, reasoning 0.4, cache_read 0.01, cache_write 0.083333.
      "openrouter gemini-2.5-flash-lite with reasoning and cache writes",
      fromModelsDev("openrouter", "google/gemini-2.5-flash-lite"),
      { input_tokens: 30_000, cache_write_tokens: 12_000, output_tokens: 700, reasoning_tokens: 2_300 },
      // 30000×0.1 + 12000×0.083333 + 700×0.4 + 2300×0.4 = 3000 + 999.996 + 280 + 920 = 5199.996 µ$
      0.005199996,
    ],
    [
      // api.json aihubmix/doubao-seed-2-0-lite-260428: base 0.08 / 0.51, input_audio 1.269; above 32000: 0.13 / 0.76, audio 1.902; above 128000: 0.25 / 1.52, audio 3.804.
      "aihubmix doubao-seed-2-0-lite: audio tokens count towards the total that picks the tier",
      fromModelsDev("aihubmix", "doubao-seed-2-0-lite-260428"),
      { input_tokens: 30_000, audio_input_tokens: 3_000, output_tokens: 1_000 },
      // total input 33000 > 32000 → middle tier: 30000×0.13 + 3000×1.902 + 1000×0.76 = 3900 + 5706 + 760 = 10366 µ$
      0.010366,
    ],
    [
      // api.json openai/gpt-5.5-pro: 30 / 180; above 272000: 60 / 270; no cache rates.
      "openai gpt-5.5-pro above 272k, cached tokens at the tier's no_cache rate",
      fromModelsDev("openai", "gpt-5.5-pro"),
      { input_tokens: 200_000, cache_read_tokens: 100_000, output_tokens: 10_000 },
      // 300000 > 272000: 200000×60 + 100000×60 + 10000×270 = 12000000 + 6000000 + 2700000 = 20700000 µ$
      20.7,
    ],
    [
      "anthropic claude-sonnet-5 on 2026-08-31: the introductory price",
      SONNET_5,
      { date: "2026-08-31", input_tokens: 10_000, cache_read_tokens: 20_000, output_tokens: 2_000 },
      // 10000×2 + 20000×0.2 + 2000×10 = 20000 + 4000 + 20000 = 44000 µ$
      0.044,
    ],
    [
      "anthropic claude-sonnet-5 on 2026-09-01: the announced $3/$15, cache reads at no_cache (no cache rate announced)",
      SONNET_5,
      { date: "2026-09-01", input_tokens: 10_000, cache_read_tokens: 20_000, output_tokens: 2_000 },
      // 10000×3 + 20000×3 + 2000×15 = 30000 + 60000 + 30000 = 120000 µ$
      0.12,
    ],
  ];

  it.each(cases)("%s", (_name, entry, request, usd) => {
    const breakdown = price(entry, request);
    expect(breakdown.unpriced).toEqual([]);
    expect(breakdown.total).toBeCloseTo(usd, 12);
    // The lines add up to the total.
    expect(breakdown.lines.reduce((sum, line) => sum + line.usd, 0)).toBeCloseTo(usd, 12);
  });

  it("has at least ten of them", () => {
    expect(cases.length).toBeGreaterThanOrEqual(10);
  });
});

describe("the price in force on the request's date", () => {
  const entry: Entry = {
    pricing_history: [
      { effective_until: "2026-03-01", input_tokens: { no_cache: 5 }, output_tokens: { text: 20 } },
      { effective_until: "2026-06-01", input_tokens: { no_cache: 4 }, output_tokens: { text: 16 } },
    ],
    pricing: { input_tokens: { no_cache: 3 }, output_tokens: { text: 15 } },
    pricing_schedule: [
      { effective_from: "2027-01-01", input_tokens: { no_cache: 2 }, output_tokens: { text: 10 } },
      { effective_from: "2027-06-01", input_tokens: { no_cache: 1 }, output_tokens: { text: 5 } },
    ],
  };
  const rateOn = (date: unknown) => price(entry, { date, input_tokens: 1_000_000, output_tokens: 0 });

  it("picks the past price that had not ended, the current one, or the latest scheduled one that started", () => {
    expect(rateOn("2026-02-28")).toMatchObject({ total: 5, price: "past", effective_until: "2026-03-01" });
    expect(rateOn("2026-03-01")).toMatchObject({ total: 4, price: "past", effective_until: "2026-06-01" });
    expect(rateOn("2026-06-01")).toMatchObject({ total: 3, price: "current" });
    expect(rateOn("2026-12-31")).toMatchObject({ total: 3, price: "current" });
    expect(rateOn("2027-01-01")).toMatchObject({ total: 2, price: "scheduled", effective_from: "2027-01-01" });
    expect(rateOn("2030-01-01")).toMatchObject({ total: 1, price: "scheduled", effective_from: "2027-06-01" });
  });

  it("reads a Date or an ISO timestamp as its UTC day, and defaults to today", () => {
    expect(rateOn(new Date(Date.UTC(2027, 0, 1, 0, 30)))).toMatchObject({ total: 2 });
    expect(rateOn("2026-02-28T23:59:59Z")).toMatchObject({ total: 5 });
    expect(price(entry, { input_tokens: 1_000_000, output_tokens: 0 }, "2027-02-01")).toMatchObject({ total: 2, date: "2027-02-01" });
  });

  it("refuses a date it cannot read", () => {
    for (const date of ["yesterday", "2026-13-01", 20260101, new Date("nope")]) {
      expect(() => rateOn(date), String(date)).toThrow(TypeError);
    }
  });

  it("ignores dated prices it cannot read, as a newer or tampered snapshot may hold them", () => {
    const odd = { ...entry, pricing_history: [null, { effective_until: 20260301, input_tokens: { no_cache: 9 } }], pricing_schedule: "soon" };
    expect(priceInForce(odd, "2026-01-01").as).toBe("current");
  });
});

describe("service tiers", () => {
  // shared/fixtures/models-dev/api.json openai/gpt-5.4: 2.5 / 15, cache_read 0.25; above 272000: 5 / 22.5, cache_read 0.5.
  const base = fromModelsDev("openai", "gpt-5.4");
  // The tier prices here exercise the arithmetic only; they are not a provider's published rates.
  const pricing = {
    ...(base.pricing as Entry),
    service_tiers: { batch: { multiplier: 0.5 }, priority: { input_tokens: { no_cache: 10 }, output_tokens: { text: 40 } } },
  };

  it("scales the bracket's token rates by a multiplier, context tier included", () => {
    const small = price({ pricing }, { service_tier: "batch", input_tokens: 100_000, cache_read_tokens: 100_000, output_tokens: 100_000 });
    expect(small).toMatchObject({ service_tier: "batch", context_tier: null });
    expect(small.total).toBeCloseTo((100_000 * 1.25 + 100_000 * 0.125 + 100_000 * 7.5) / 1e6, 12);
    const large = price({ pricing }, { service_tier: "batch", input_tokens: 300_000, output_tokens: 0 });
    expect(large).toMatchObject({ context_tier: 272000 });
    expect(large.total).toBeCloseTo(0.3 * 2.5, 12);
  });

  it("bills explicit tier prices flat, with cache reads at the tier's no_cache rate", () => {
    const breakdown = price({ pricing }, { service_tier: "priority", input_tokens: 300_000, cache_read_tokens: 100_000, output_tokens: 1_000 });
    expect(breakdown.total).toBeCloseTo((300_000 * 10 + 100_000 * 10 + 1_000 * 40) / 1e6, 12);
    expect(breakdown.lines.map((line) => [line.item, line.rate])).toEqual([
      ["input_tokens", 10],
      ["cache_read_tokens", 10],
      ["output_tokens", 40],
    ]);
  });

  it("leaves a tier the entry does not price unpriced, and standard is the same as none", () => {
    expect(price({ pricing }, { service_tier: "flex", input_tokens: 1, output_tokens: 1 })).toMatchObject({
      total: undefined,
      unpriced: [{ item: "service_tier", reason: "the entry has no flex price" }],
    });
    expect(price({ pricing }, { service_tier: "standard", input_tokens: 100_000, output_tokens: 0 }).total).toBe(0.25);
    expect(price({ pricing }, { service_tier: "turbo", input_tokens: 1, output_tokens: 1 }).total).toBeUndefined();
  });
});

describe("non-token units and the unpriced case", () => {
  // Structure only: the fees below exercise the arithmetic and are no provider's published price.
  const pricing = {
    input_tokens: { no_cache: 3, cache_write: 3.75, cache_write_1h: 6 },
    output_tokens: { text: 15, image: 30 },
    per_request: 0.01,
    per_image: 0.04,
    per_1k_calls: { web_search: 10 },
  };

  it("bills each unit on its own line: per request, per image, per 1,000 calls, image output tokens, 1-hour cache writes", () => {
    const breakdown = price(
      { pricing },
      { input_tokens: 1_000, cache_write_1h_tokens: 2_000, output_tokens: 100, image_output_tokens: 1_000, images: 2, web_search_calls: 3 },
    );
    expect(breakdown.unpriced).toEqual([]);
    expect(breakdown.lines).toEqual([
      { item: "input_tokens", quantity: 1_000, unit: "1M tokens", rate: 3, usd: 0.003 },
      { item: "cache_write_1h_tokens", quantity: 2_000, unit: "1M tokens", rate: 6, usd: 0.012 },
      { item: "output_tokens", quantity: 100, unit: "1M tokens", rate: 15, usd: 0.0015 },
      { item: "image_output_tokens", quantity: 1_000, unit: "1M tokens", rate: 30, usd: 0.03 },
      { item: "requests", quantity: 1, unit: "request", rate: 0.01, usd: 0.01 },
      { item: "images", quantity: 2, unit: "image", rate: 0.04, usd: 0.08 },
      { item: "web_search_calls", quantity: 3, unit: "1K calls", rate: 10, usd: 0.03 },
    ]);
    expect(breakdown.total).toBeCloseTo(0.003 + 0.012 + 0.0015 + 0.03 + 0.01 + 0.08 + 0.03, 12);
    expect(price({ pricing }, { input_tokens: 0, output_tokens: 0, requests: 5 }).total).toBeCloseTo(0.05, 12);
  });

  it("reports usage in a unit the entry does not price, and never totals it as zero", () => {
    const plain = { pricing: { input_tokens: { no_cache: 3, cache_write: 3.75 }, output_tokens: { text: 15 } } };
    const breakdown = price(plain, {
      input_tokens: 1_000,
      output_tokens: 10,
      audio_input_tokens: 50,
      video_input_tokens: 5,
      cache_write_1h_tokens: 7,
      images: 1,
      file_search_calls: 2,
    });
    expect(breakdown.total).toBeUndefined();
    expect(breakdown.unpriced.map((item) => [item.item, item.quantity])).toEqual([
      ["cache_write_1h_tokens", 7],
      ["audio_input_tokens", 50],
      ["video_input_tokens", 5],
      ["images", 1],
      ["file_search_calls", 2],
    ]);
    // What could be priced still is, line by line.
    expect(breakdown.lines.map((line) => line.item)).toEqual(["input_tokens", "output_tokens"]);
    // Zero usage of an unpriced unit is no usage.
    expect(price(plain, { input_tokens: 1_000, output_tokens: 10, audio_input_tokens: 0 }).total).toBeCloseTo(0.00315, 12);
  });

  it("counts an entry with no price, or no base rate, as unpriced", () => {
    expect(price({}, { input_tokens: 1, output_tokens: 1 })).toMatchObject({ total: undefined, unpriced: [{ item: "pricing" }] });
    expect(price({ pricing: { input_tokens: { no_cache: 1 } } }, { input_tokens: 0, output_tokens: 0 }).unpriced).toMatchObject([
      { item: "output_tokens", quantity: 0, reason: "no output_tokens.text rate" },
    ]);
  });

  it("refuses a negative or non-numeric count", () => {
    for (const request of [{ input_tokens: 1 }, { input_tokens: 1, output_tokens: 1, images: -1 }, { input_tokens: 1, output_tokens: 1, requests: "2" }]) {
      expect(() => price({ pricing }, request), JSON.stringify(request)).toThrow(TypeError);
    }
  });
});
