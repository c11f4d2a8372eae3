// The provider registry snapshot, with lookups and cost computation.
//
// Plain ES module for Node >= 20, no dependencies: it reads the snapshot's JSON
// files that sit next to it. It never validates them and never throws on what
// it does not know — a field or enum value added by a newer registry is
// carried through or skipped, so a newer snapshot cannot break an older
// consumer. Types: index.d.ts.

import { readFileSync } from "node:fs";

function readJson(name) {
  return JSON.parse(readFileSync(new URL(name, import.meta.url), "utf8"));
}

function isRecord(value) {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

function isNumber(value) {
  return typeof value === "number" && Number.isFinite(value);
}

/** A rate a snapshot may bill with: a finite, non-negative number. Anything else counts as missing. */
function isRate(value) {
  return isNumber(value) && value >= 0;
}

function dataOf(view) {
  return isRecord(view) && Array.isArray(view.data) ? view.data.filter(isRecord) : [];
}

/** A view file named by snapshot.json: a plain relative path inside the package, else the default. */
function viewPath(value, fallback) {
  return typeof value === "string" && /^[a-z0-9/_-]+\.json$/.test(value) && !value.startsWith("/") ? `./${value}` : fallback;
}

const meta = readJson("./snapshot.json");
const providers = dataOf(readJson(viewPath(meta.providers, "./providers.json")));
const models = dataOf(readJson(viewPath(meta.models, "./models.json")));

export const snapshot = Object.freeze({
  version: String(meta.version ?? ""),
  hash: String(meta.hash ?? ""),
  providers,
  models,
});

const providerByName = new Map();
for (const provider of providers) {
  if (typeof provider.name === "string" && !providerByName.has(provider.name)) providerByName.set(provider.name, provider);
}
const modelById = new Map();
for (const model of models) {
  if (typeof model.id === "string" && !modelById.has(model.id)) modelById.set(model.id, model);
}

function entriesOf(model) {
  return Array.isArray(model.providers) ? model.providers.filter(isRecord) : [];
}

/** (provider, canonical id) and (provider, provider_model_id) → entry; built on first use. */
let pairIndex;
function pairs() {
  if (pairIndex) return pairIndex;
  const byCanonical = new Map();
  const byProviderModelId = new Map();
  for (const model of models) {
    if (typeof model.id !== "string") continue;
    for (const entry of entriesOf(model)) {
      const provider = String(entry.provider);
      const canonicalKey = `${provider}\n${model.id}`;
      if (!byCanonical.has(canonicalKey)) byCanonical.set(canonicalKey, entry);
      const ownKey = `${provider}\n${String(entry.provider_model_id)}`;
      if (!byProviderModelId.has(ownKey)) byProviderModelId.set(ownKey, entry);
    }
  }
  pairIndex = { byCanonical, byProviderModelId };
  return pairIndex;
}

/** A provider's entry for a model named by its canonical id, else by the provider's own id for it. */
function findEntry(provider, model) {
  const key = `${provider}\n${model}`;
  const { byCanonical, byProviderModelId } = pairs();
  return byCanonical.get(key) ?? byProviderModelId.get(key);
}

function isActive(entry) {
  return providerByName.get(entry.provider)?.status === "active";
}

function accepts(entry, options) {
  if (!options?.includeInactive && !isActive(entry)) return false;
  const wanted = Array.isArray(options?.capabilities) ? options.capabilities : [];
  if (wanted.length === 0) return true;
  const declared = Array.isArray(entry.capabilities) ? entry.capabilities : [];
  return wanted.every((capability) => declared.includes(capability));
}

/** input_tokens.no_cache + output_tokens.text, or undefined when either is not priced. */
function listPrice(entry) {
  const pricing = isRecord(entry.pricing) ? entry.pricing : {};
  const input = isRecord(pricing.input_tokens) ? pricing.input_tokens.no_cache : undefined;
  const output = isRecord(pricing.output_tokens) ? pricing.output_tokens.text : undefined;
  return isRate(input) && isRate(output) ? input + output : undefined;
}

function cheapestFirst(a, b) {
  const priceA = listPrice(a);
  const priceB = listPrice(b);
  if (priceA !== priceB) {
    if (priceA === undefined) return 1;
    if (priceB === undefined) return -1;
    return priceA - priceB;
  }
  const nameA = String(a.provider);
  const nameB = String(b.provider);
  return nameA < nameB ? -1 : nameA > nameB ? 1 : 0;
}

export function getProvider(name) {
  return providerByName.get(name);
}

export function getModel(id) {
  return modelById.get(id);
}

export function providersFor(modelId, options = {}) {
  const model = modelById.get(modelId);
  if (!model) return [];
  return entriesOf(model)
    .filter((entry) => accepts(entry, options))
    .sort(cheapestFirst);
}

export function resolve(name, options = {}) {
  const text = String(name);
  const colon = text.indexOf(":");
  if (colon < 0) return providersFor(text, options);
  const entry = findEntry(text.slice(0, colon), text.slice(colon + 1));
  return entry && accepts(entry, options) ? [entry] : [];
}

function tokens(request, field, required) {
  const value = request[field];
  if (value === undefined && !required) return 0;
  if (!isNumber(value) || value < 0) throw new TypeError(`cost: ${field} must be a non-negative number of tokens, got ${String(value)}`);
  return value;
}

/** The base prices, or the highest tier whose threshold is strictly below the total input. */
function bracketFor(pricing, totalInput) {
  let bracket = pricing;
  let threshold = -Infinity;
  const tiers = Array.isArray(pricing.context_tiers) ? pricing.context_tiers : [];
  for (const tier of tiers) {
    if (!isRecord(tier) || !isNumber(tier.above_input_tokens)) continue;
    if (tier.above_input_tokens < totalInput && tier.above_input_tokens > threshold) {
      bracket = tier;
      threshold = tier.above_input_tokens;
    }
  }
  return bracket;
}

export function cost(request) {
  if (!isRecord(request)) throw new TypeError("cost: expects { provider, model, input_tokens, output_tokens, … }");
  const input = tokens(request, "input_tokens", true);
  const output = tokens(request, "output_tokens", true);
  const cacheRead = tokens(request, "cache_read_tokens", false);
  const cacheWrite = tokens(request, "cache_write_tokens", false);
  const reasoning = tokens(request, "reasoning_tokens", false);
  const entry = findEntry(String(request.provider), String(request.model));
  if (!entry || !isRecord(entry.pricing)) return undefined;
  const bracket = bracketFor(entry.pricing, input + cacheRead + cacheWrite);
  const inputRates = isRecord(bracket.input_tokens) ? bracket.input_tokens : {};
  const outputRates = isRecord(bracket.output_tokens) ? bracket.output_tokens : {};
  const noCache = inputRates.no_cache;
  const text = outputRates.text;
  if (!isRate(noCache) || !isRate(text)) return undefined;
  // A missing (or malformed) rate bills at the bracket's base rate for that direction: never under-bill.
  const cacheReadRate = isRate(inputRates.cache_read) ? inputRates.cache_read : noCache;
  const cacheWriteRate = isRate(inputRates.cache_write) ? inputRates.cache_write : noCache;
  const reasoningRate = isRate(outputRates.reasoning) ? outputRates.reasoning : text;
  const microDollars = input * noCache + cacheRead * cacheReadRate + cacheWrite * cacheWriteRate + output * text + reasoning * reasoningRate;
  // `+ 0` turns a -0 (from -0 rates) into 0.
  return microDollars / 1_000_000 + 0;
}
