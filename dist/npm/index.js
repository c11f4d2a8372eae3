// The provider registry snapshot, with lookups and cost computation.
//
// Plain ES module for Node >= 20, no dependencies: it reads the snapshot's JSON
// files that sit next to it. It never validates them and never throws on what
// it does not know — a field or enum value added by a newer registry is
// carried through or skipped, so a newer snapshot cannot break an older
// consumer. Types: index.d.ts.

import { closeSync, fstatSync, openSync, readFileSync, readSync } from "node:fs";
import { ABSENT, decodeValue, Malformed, skimModels, skimProviders } from "./skim.js";
import { isRate, isRecord, priceRequest } from "./cost.js";

function readJson(name) {
  return JSON.parse(readFileSync(new URL(name, import.meta.url), "utf8"));
}

function dataOf(view) {
  return isRecord(view) && Array.isArray(view.data) ? view.data.filter(isRecord) : [];
}

/** A view file named by snapshot.json: a plain relative path inside the package, else the default. */
function viewPath(value, fallback) {
  return typeof value === "string" && /^[a-z0-9/_-]+\.json$/.test(value) && !value.startsWith("/") ? `./${value}` : fallback;
}

// ── Loading ─────────────────────────────────────────────────────────────
//
// At import the two views are skimmed, not parsed (skim.js): the model view's
// bytes stay in memory and each model record is parsed the first time it is
// needed; of the provider view only each record's place, name and status are
// kept, and a provider record is read from the file when asked for. So
// importing costs about one read of the bytes, and memory about one view's
// bytes, however large the registry. A view the skimmer cannot follow is
// parsed whole, as before.

const meta = readJson("./snapshot.json");
const modelsUrl = new URL(viewPath(meta.models, "./models.json"), import.meta.url);
const providersUrl = new URL(viewPath(meta.providers, "./providers.json"), import.meta.url);

/** Both files are read into one buffer in turn (the provider view first), so memory never holds both. */
function readViews() {
  const open = (url) => {
    const fd = openSync(url, "r");
    return { fd, size: fstatSync(fd).size };
  };
  const providers = open(providersUrl);
  const models = open(modelsUrl);
  const buffer = Buffer.allocUnsafeSlow(Math.max(providers.size, models.size));
  const fill = ({ fd, size }) => {
    try {
      let filled = 0;
      while (filled < size) {
        const read = readSync(fd, buffer, filled, size - filled, filled);
        if (read === 0) break;
        filled += read;
      }
      return buffer.subarray(0, filled);
    } finally {
      closeSync(fd);
    }
  };
  const providerBytes = fill(providers);
  const providerSkim = skimOrParse(providerBytes, skimProviders, (provider) => ({ name: provider.name, status: provider.status }));
  return { providerSkim, providerSize: providerBytes.length, modelBytes: fill(models) };
}

/** The skim of a view, or, when the skimmer cannot follow it, its parsed records with the same fields. */
function skimOrParse(bytes, skim, fieldsOf) {
  try {
    return { ...skim(bytes), parsed: undefined };
  } catch (error) {
    if (!(error instanceof Malformed)) throw error;
  }
  const parsed = dataOf(JSON.parse(bytes.toString("utf8")));
  return { starts: [], ends: [], fields: parsed.map(fieldsOf), parsed };
}

/** A parsed model's fields, as skimModels reports them (the own id already decoded: end -1). */
function modelFields(model) {
  const entries = [];
  if (Array.isArray(model.providers)) {
    model.providers.forEach((entry, position) => {
      if (isRecord(entry)) entries.push(String(entry.provider), String(entry.provider_model_id), -1, position);
    });
  }
  return { id: model.id, entries };
}

const loaded = readViews();
const modelSkim = skimOrParse(loaded.modelBytes, skimModels, modelFields);
const modelBytes = modelSkim.parsed ? undefined : loaded.modelBytes;
/** Parsed model records, by position in the view. */
const modelRecords = modelSkim.parsed ?? new Array(modelSkim.fields.length);

function modelAt(index) {
  return (modelRecords[index] ??= JSON.parse(modelBytes.toString("utf8", modelSkim.starts[index], modelSkim.ends[index])));
}

/** Canonical id → the positions of the model records with that id, in view order (one, unless the view repeats an id). */
const modelsById = new Map();
/**
 * Provider → its entries in view order, as flat quadruples: record, position,
 * and its own id for the model (a byte range of the view, or the decoded
 * string and -1). Its own ids are decoded when a lookup first needs them.
 */
const entriesOfProvider = new Map();
modelSkim.fields.forEach(({ id, entries }, index) => {
  if (typeof id !== "string") return;
  const same = modelsById.get(id);
  if (same) same.push(index);
  else modelsById.set(id, [index]);
  for (let i = 0; i < entries.length; i += 4) {
    let list = entriesOfProvider.get(entries[i]);
    if (!list) entriesOfProvider.set(entries[i], (list = []));
    list.push(index, entries[i + 3], entries[i + 1], entries[i + 2]);
  }
});
// The entries' fields are indexed: only the record positions are kept.
for (const fields of modelSkim.fields) fields.entries = ABSENT;

let providerSkim = loaded.providerSkim;
/** Parsed provider records, by position in the view. */
let providerRecords;
/** Name → position of the first provider record with that name; name → that record's status. */
let providerByName;
let statusByName;
function indexProviders() {
  providerRecords = providerSkim.parsed ?? new Array(providerSkim.fields.length);
  providerByName = new Map();
  statusByName = new Map();
  providerSkim.fields.forEach(({ name, status }, index) => {
    if (typeof name === "string" && !providerByName.has(name)) {
      providerByName.set(name, index);
      statusByName.set(name, status);
    }
  });
}
indexProviders();

/**
 * A provider record, read from the file on first use; undefined when the file
 * no longer holds it where the skim found it (the package was rewritten
 * since): the view has then been read again, whole, and the caller looks
 * the name up anew.
 */
function providerAt(index) {
  const known = providerRecords[index];
  if (known) return known;
  const start = providerSkim.starts[index];
  const bytes = Buffer.allocUnsafe(providerSkim.ends[index] - start);
  const fd = openSync(providersUrl, "r");
  let record;
  try {
    if (readSync(fd, bytes, 0, bytes.length, start) === bytes.length) record = JSON.parse(bytes.toString("utf8"));
  } catch {
    // not where it was: read again below
  } finally {
    closeSync(fd);
  }
  if (isRecord(record) && Object.is(record.name, providerSkim.fields[index].name)) return (providerRecords[index] = record);
  rereadProviders();
  return undefined;
}

function rereadProviders() {
  const parsed = dataOf(JSON.parse(readFileSync(providersUrl, "utf8")));
  providerSkim = { starts: [], ends: [], fields: parsed.map((provider) => ({ name: provider.name, status: provider.status })), parsed };
  indexProviders();
  allProviders = undefined;
  sortedEntries.clear();
}

/** Every record of a view, parsed (on first use: the consumer asked for all of them). */
let allModels;
let allProviders;
function everyModel() {
  if (!allModels) allModels = Array.from(modelSkim.fields, (_, index) => modelAt(index));
  return allModels;
}
function everyProvider() {
  if (allProviders) return allProviders;
  if (!providerSkim.parsed) {
    const bytes = readFileSync(providersUrl);
    const inPlace =
      bytes.length === loaded.providerSize &&
      providerSkim.fields.every((fields, index) => {
        if (providerRecords[index]) return true;
        let record;
        try {
          record = JSON.parse(bytes.toString("utf8", providerSkim.starts[index], providerSkim.ends[index]));
        } catch {
          return false;
        }
        if (!isRecord(record) || !Object.is(record.name, fields.name)) return false;
        providerRecords[index] = record;
        return true;
      });
    if (!inPlace) rereadProviders();
  }
  allProviders = providerRecords;
  return allProviders;
}

export const snapshot = Object.freeze({
  version: String(meta.version ?? ""),
  hash: String(meta.hash ?? ""),
  get providers() {
    return everyProvider();
  },
  get models() {
    return everyModel();
  },
});

function entriesOf(model) {
  return Array.isArray(model.providers) ? model.providers.filter(isRecord) : [];
}

// ── Lookups ─────────────────────────────────────────────────────────────
//
// Indexed by record position, keyed by the snapshot's own strings (no
// "provider\nmodel" copies); what a lookup derives from a record (its
// entries by provider, its entries sorted) is kept for the next call.

/** The first model record with this canonical id, else with this alias (a dated snapshot or `-latest` name), by position. */
function modelIndex(id) {
  return modelsById.get(id)?.[0] ?? aliasedIndex(id);
}

/** Alias → model record, built on the first name that is no id; an id always wins over an alias. */
let aliasIndex;
function aliasedIndex(name) {
  if (typeof name !== "string") return undefined;
  if (!aliasIndex) {
    aliasIndex = new Map();
    everyModel().forEach((model, index) => {
      if (!Array.isArray(model.aliases)) return;
      for (const alias of model.aliases) if (typeof alias === "string" && !modelsById.has(alias) && !aliasIndex.has(alias)) aliasIndex.set(alias, index);
    });
  }
  return aliasIndex.get(name);
}

/** A model record's entries by provider (the first entry of each), built on first use. */
const entriesByProvider = [];
function providerEntries(index) {
  let byProvider = entriesByProvider[index];
  if (!byProvider) {
    byProvider = new Map();
    for (const entry of entriesOf(modelAt(index))) {
      const provider = String(entry.provider);
      if (!byProvider.has(provider)) byProvider.set(provider, entry);
    }
    entriesByProvider[index] = byProvider;
  }
  return byProvider;
}

/** A provider's entry for a model named by its canonical id, else by the provider's own id for it. */
function findEntry(provider, model) {
  for (const index of modelsById.get(model) ?? []) {
    const entry = providerEntries(index).get(provider);
    if (entry) return entry;
  }
  const at = ownIdsOf(provider).get(model);
  if (at !== undefined) return modelAt(Math.floor(at / POSITION)).providers[at % POSITION];
  const aliased = aliasedIndex(model);
  return aliased === undefined ? undefined : providerEntries(aliased).get(provider);
}

/** A provider's own id for a model → where its first entry with that id is (record * 2^32 + position); built on first use. */
const POSITION = 2 ** 32;
const ownIdsByProvider = new Map();
function ownIdsOf(provider) {
  let ownIds = ownIdsByProvider.get(provider);
  if (!ownIds) {
    ownIds = new Map();
    const list = entriesOfProvider.get(provider) ?? [];
    for (let i = 0; i < list.length; i += 4) {
      const ownId = list[i + 3] === -1 ? list[i + 2] : String(decodeValue(modelBytes, list[i + 2], list[i + 3]));
      if (!ownIds.has(ownId)) ownIds.set(ownId, list[i] * POSITION + list[i + 1]);
    }
    ownIdsByProvider.set(provider, ownIds);
  }
  return ownIds;
}

function isActive(entry) {
  return statusByName.get(entry.provider) === "active";
}

/** A model record's entries, cheapest first: the active ones, or all of them; sorted on first use. */
const sortedEntries = new Map();
function sortedFor(index, includeInactive) {
  const key = includeInactive ? -1 - index : index;
  let sorted = sortedEntries.get(key);
  if (!sorted) {
    const entries = entriesOf(modelAt(index));
    sorted = (includeInactive ? entries : entries.filter(isActive)).sort(cheapestFirst);
    sortedEntries.set(key, sorted);
  }
  return sorted;
}

function declaresAll(entry, wanted) {
  const declared = Array.isArray(entry.capabilities) ? entry.capabilities : [];
  return wanted.every((capability) => declared.includes(capability));
}

function accepts(entry, options) {
  if (!options?.includeInactive && !isActive(entry)) return false;
  const wanted = Array.isArray(options?.capabilities) ? options.capabilities : [];
  return wanted.length === 0 || declaresAll(entry, wanted);
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
  const index = providerByName.get(name);
  if (index === undefined) return undefined;
  const record = providerAt(index);
  if (record) return record;
  const reread = providerByName.get(name);
  return reread === undefined ? undefined : providerRecords[reread];
}

export function getModel(id) {
  const index = modelIndex(id);
  return index === undefined ? undefined : modelAt(index);
}

export function providersFor(modelId, options = {}) {
  const index = modelIndex(modelId);
  if (index === undefined) return [];
  // Filtering a sorted list keeps its order: the same list as sorting the filtered one.
  const sorted = sortedFor(index, Boolean(options?.includeInactive));
  const wanted = Array.isArray(options?.capabilities) ? options.capabilities : [];
  return wanted.length === 0 ? sorted.slice() : sorted.filter((entry) => declaresAll(entry, wanted));
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
