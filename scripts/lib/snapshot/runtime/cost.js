// The price of one request, from one snapshot entry (SPEC §5, §9).
//
// A pure function of the entry's prices and the request: no snapshot, no
// clock (the caller passes the date). It reads what it knows defensively — a
// field or tier a newer registry adds is ignored, a malformed rate counts as
// missing — and never under-bills: usage in a unit the entry does not price
// is listed as unpriced and leaves the total undefined, never billed at zero.

/** Per-1M-token usage: the request field, where its rate sits, and the rate to fall back on (SPEC §5) when it is missing. */
const TOKEN_LINES = [
  { field: "input_tokens", group: "input_tokens", rate: "no_cache", required: true },
  { field: "cache_read_tokens", group: "input_tokens", rate: "cache_read", fallback: "no_cache" },
  { field: "cache_write_tokens", group: "input_tokens", rate: "cache_write", fallback: "no_cache" },
  // A 1-hour write costs more than a default one: no fallback, or it would be under-billed.
  { field: "cache_write_1h_tokens", group: "input_tokens", rate: "cache_write_1h" },
  { field: "image_input_tokens", group: "input_tokens", rate: "image" },
  { field: "audio_input_tokens", group: "input_tokens", rate: "audio" },
  { field: "video_input_tokens", group: "input_tokens", rate: "video" },
  { field: "output_tokens", group: "output_tokens", rate: "text", required: true },
  { field: "reasoning_tokens", group: "output_tokens", rate: "reasoning", fallback: "text" },
  { field: "image_output_tokens", group: "output_tokens", rate: "image" },
  { field: "audio_output_tokens", group: "output_tokens", rate: "audio" },
];

/** Usage counted in other units: the request field, the price's path, how many units the price is for. */
const UNIT_LINES = [
  { field: "images", path: ["per_image"], per: 1, unit: "image" },
  { field: "web_search_calls", path: ["per_1k_calls", "web_search"], per: 1000, unit: "1K calls" },
  { field: "file_search_calls", path: ["per_1k_calls", "file_search"], per: 1000, unit: "1K calls" },
];

/** Every request field cost() reads as a count. */
export const USAGE_FIELDS = [...TOKEN_LINES.map((line) => line.field), ...UNIT_LINES.map((line) => line.field), "requests"];

const INPUT_FIELDS = TOKEN_LINES.filter((line) => line.group === "input_tokens").map((line) => line.field);
const DATE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;
export const SERVICE_TIERS = ["standard", "batch", "flex", "priority"];

/** Value guards the package's lookups share (index.js imports them). */
export function isRecord(value) {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

export function isNumber(value) {
  return typeof value === "number" && Number.isFinite(value);
}

/** A rate a snapshot may bill with: a finite, non-negative number. Anything else counts as missing. */
export function isRate(value) {
  return isNumber(value) && value >= 0;
}

function recordAt(value, key) {
  return isRecord(value) && isRecord(value[key]) ? value[key] : {};
}

function count(request, field) {
  const value = request[field];
  if (value === undefined) return 0;
  if (!isNumber(value) || value < 0) throw new TypeError(`cost: ${field} must be a non-negative number, got ${String(value)}`);
  return value;
}

/** The request's day, `YYYY-MM-DD` (UTC): a Date, a date string, or `today` when absent. */
export function requestDay(date, today) {
  if (date === undefined) return today;
  if (date instanceof Date && !Number.isNaN(date.getTime())) return date.toISOString().slice(0, 10);
  if (typeof date === "string" && DATE.test(date.slice(0, 10)) && (date.length === 10 || !Number.isNaN(Date.parse(date)))) {
    return date.length === 10 ? date : new Date(date).toISOString().slice(0, 10);
  }
  throw new TypeError(`cost: date must be a Date or a YYYY-MM-DD string, got ${String(date)}`);
}

function dayOf(value) {
  return typeof value === "string" && DATE.test(value) ? value : undefined;
}

/**
 * The price in force on `day`: the latest scheduled price that has started,
 * else the earliest past price that had not yet ended, else `pricing`.
 */
export function priceInForce(entry, day) {
  let chosen;
  for (const scheduled of Array.isArray(entry.pricing_schedule) ? entry.pricing_schedule : []) {
    const from = isRecord(scheduled) ? dayOf(scheduled.effective_from) : undefined;
    if (from !== undefined && from <= day && (chosen === undefined || from > chosen.effective_from)) chosen = scheduled;
  }
  if (chosen) return { pricing: chosen, as: "scheduled", effective_from: chosen.effective_from };
  for (const past of Array.isArray(entry.pricing_history) ? entry.pricing_history : []) {
    const until = isRecord(past) ? dayOf(past.effective_until) : undefined;
    if (until !== undefined && day < until && (chosen === undefined || until < chosen.effective_until)) chosen = past;
  }
  if (chosen) return { pricing: chosen, as: "past", effective_until: chosen.effective_until };
  return { pricing: isRecord(entry.pricing) ? entry.pricing : undefined, as: "current" };
}

/** The base prices, or the highest context tier whose threshold is strictly below the total input. */
function bracketFor(pricing, totalInput) {
  let bracket = pricing;
  let threshold = -Infinity;
  for (const tier of Array.isArray(pricing.context_tiers) ? pricing.context_tiers : []) {
    if (!isRecord(tier) || !isNumber(tier.above_input_tokens)) continue;
    if (tier.above_input_tokens < totalInput && tier.above_input_tokens > threshold) {
      bracket = tier;
      threshold = tier.above_input_tokens;
    }
  }
  return { bracket, context_tier: threshold === -Infinity ? null : threshold };
}

/**
 * The token rates of the request's service tier: the bracket's as they are
 * (standard), times the tier's multiplier, or the tier's own flat prices.
 * undefined when the entry does not price the tier.
 */
function tierRates(pricing, bracket, serviceTier) {
  const standard = { input_tokens: recordAt(bracket, "input_tokens"), output_tokens: recordAt(bracket, "output_tokens") };
  if (serviceTier === "standard") return standard;
  const tier = recordAt(pricing, "service_tiers")[serviceTier];
  if (!isRecord(tier)) return undefined;
  if (tier.multiplier !== undefined) {
    if (!isRate(tier.multiplier)) return undefined;
    const scaled = (rates) => Object.fromEntries(Object.entries(rates).map(([key, rate]) => [key, isRate(rate) ? rate * tier.multiplier : rate]));
    return { input_tokens: scaled(standard.input_tokens), output_tokens: scaled(standard.output_tokens) };
  }
  return { input_tokens: recordAt(tier, "input_tokens"), output_tokens: recordAt(tier, "output_tokens") };
}

function valueAt(record, path) {
  let node = record;
  for (const key of path) node = isRecord(node) ? node[key] : undefined;
  return node;
}

/**
 * The breakdown of one request's price against one entry: the price in
 * force on `request.date` (default `today`), its service tier and context
 * tier, a line per priced usage, and the usage it could not price. `total`
 * (USD) is undefined whenever anything is unpriced. Throws TypeError on a
 * negative or non-numeric count and on a malformed date.
 */
export function priceRequest(entry, request, today) {
  const usage = {};
  for (const field of USAGE_FIELDS) usage[field] = count(request, field);
  for (const field of ["input_tokens", "output_tokens"]) {
    if (request[field] === undefined) throw new TypeError(`cost: ${field} must be a non-negative number, got undefined`);
  }
  const day = requestDay(request.date, today);
  const serviceTier = request.service_tier === undefined ? "standard" : String(request.service_tier);
  const inForce = priceInForce(isRecord(entry) ? entry : {}, day);
  const breakdown = {
    total: undefined,
    currency: "USD",
    date: day,
    price: inForce.as,
    ...(inForce.effective_from ? { effective_from: inForce.effective_from } : {}),
    ...(inForce.effective_until ? { effective_until: inForce.effective_until } : {}),
    service_tier: serviceTier,
    context_tier: null,
    lines: [],
    unpriced: [],
  };
  const pricing = inForce.pricing;
  if (!pricing) {
    breakdown.unpriced.push({ item: "pricing", quantity: 1, reason: "the entry has no price" });
    return breakdown;
  }
  const totalInput = INPUT_FIELDS.reduce((sum, field) => sum + usage[field], 0);
  const { bracket, context_tier } = bracketFor(pricing, totalInput);
  breakdown.context_tier = context_tier;
  const rates = tierRates(pricing, bracket, serviceTier);
  if (!rates) {
    breakdown.unpriced.push({ item: "service_tier", quantity: 1, reason: `the entry has no ${serviceTier} price` });
    return breakdown;
  }

  let microDollars = 0;
  let dollars = 0;
  for (const line of TOKEN_LINES) {
    const quantity = usage[line.field];
    const group = rates[line.group];
    const own = group[line.rate];
    const rate = isRate(own) ? own : line.fallback !== undefined && isRate(group[line.fallback]) ? group[line.fallback] : undefined;
    if (rate === undefined) {
      // The base rates are required even for zero tokens (SPEC §5): without them the entry is unpriced.
      if (quantity > 0 || line.required) breakdown.unpriced.push({ item: line.field, quantity, reason: `no ${line.group}.${line.rate} rate` });
      continue;
    }
    if (quantity === 0) continue;
    microDollars += quantity * rate;
    breakdown.lines.push({ item: line.field, quantity, unit: "1M tokens", rate, usd: (quantity * rate) / 1_000_000 + 0 });
  }
  const perRequest = pricing.per_request;
  if (isRate(perRequest)) {
    const requests = request.requests === undefined ? 1 : usage.requests;
    if (requests > 0) {
      dollars += requests * perRequest;
      breakdown.lines.push({ item: "requests", quantity: requests, unit: "request", rate: perRequest, usd: requests * perRequest + 0 });
    }
  }
  for (const line of UNIT_LINES) {
    const quantity = usage[line.field];
    if (quantity === 0) continue;
    const rate = valueAt(pricing, line.path);
    if (!isRate(rate)) {
      breakdown.unpriced.push({ item: line.field, quantity, reason: `no ${line.path.join(".")} price` });
      continue;
    }
    dollars += (quantity * rate) / line.per;
    breakdown.lines.push({ item: line.field, quantity, unit: line.unit, rate, usd: (quantity * rate) / line.per + 0 });
  }
  // `+ 0` turns a -0 (from -0 rates) into 0.
  if (breakdown.unpriced.length === 0) breakdown.total = microDollars / 1_000_000 + dollars + 0;
  return breakdown;
}
