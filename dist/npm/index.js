// The provider registry snapshot, with lookups and cost computation.
//
// Plain ES module for Node >= 20, no dependencies: it reads the snapshot's JSON
// files that sit next to it. It never validates them and never throws on what
// it does not know — a field or enum value added by a newer registry is
// carried through or skipped, so a newer snapshot cannot break an older
// consumer. Types: index.d.ts.

import { readFileSync } from "node:fs";
import { priceRequest } from "./cost.js";

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

/** Alias → model, for lookups by a dated snapshot or `-latest` name; an id always wins over an alias. */
let aliasIndex;
function modelNamed(name) {
  const model = modelById.get(name);
  if (model || typeof name !== "string") return model;
  if (!aliasIndex) {
    aliasIndex = new Map();
    for (const candidate of models) {
      if (!Array.isArray(candidate.aliases)) continue;
      for (const alias of candidate.aliases) if (typeof alias === "string" && !modelById.has(alias) && !aliasIndex.has(alias)) aliasIndex.set(alias, candidate);
    }
  }
  return aliasIndex.get(name);
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
  const found = byCanonical.get(key) ?? byProviderModelId.get(key);
  if (found) return found;
  const aliased = modelNamed(model);
  return aliased ? byCanonical.get(`${provider}\n${aliased.id}`) : undefined;
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
  return modelNamed(id);
}

export function providersFor(modelId, options = {}) {
  const model = modelNamed(modelId);
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

/** Today in UTC: the default request date. */
function today() {
  return new Date().toISOString().slice(0, 10);
}

function entryFor(request) {
  if (!isRecord(request)) throw new TypeError("cost: expects { provider, model, input_tokens, output_tokens, … }");
  return findEntry(String(request.provider), String(request.model));
}

/** The request's price in USD; undefined when the entry is unknown or any of its usage is unpriced. */
export function cost(request) {
  const entry = entryFor(request);
  const breakdown = priceRequest(entry ?? {}, request, today());
  return entry ? breakdown.total : undefined;
}

/** The request's price line by line, with what could not be priced; undefined when the entry is unknown. */
export function costBreakdown(request) {
  const entry = entryFor(request);
  const breakdown = priceRequest(entry ?? {}, request, today());
  return entry ? breakdown : undefined;
}
