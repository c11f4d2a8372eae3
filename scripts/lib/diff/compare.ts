/**
 * Compare two loaded registries: first what changed (structure only), then
 * how much it matters (`classify.ts`), then the summary. Changes follow the
 * files (models in file order, fields in schema order), so the report reads
 * alongside the file under review.
 */
import { CONFIG_FILE, isProviderPath } from "../registry-layout.ts";
import { isRecord } from "../data.ts";
import type { CanonicalModel, Provider, ProviderModel } from "../schema.ts";
import { classify, firstPartyPrices, isPriceField } from "./classify.ts";
import { isCanonicalPath, type LoadedRegistry } from "./load.ts";
import type { Change, ChangeSeverity, DiffReport, RawChange } from "./types.ts";

/** Arrays whose order carries no meaning: compared as sets. */
const SET_FIELDS = new Set(["capabilities", "input_modalities", "output_modalities", "levels", "datacenters", "required_config"]);

/** JSON with object keys sorted: two values are equal when their stable forms are. */
function stable(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stable).join(",")}]`;
  if (isRecord(value)) {
    return `{${Object.keys(value)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${stable(value[key])}`)
      .join(",")}}`;
  }
  return JSON.stringify(value) ?? "undefined";
}

function sameValue(field: string, a: unknown, b: unknown): boolean {
  const last = field.slice(field.lastIndexOf(".") + 1);
  if (SET_FIELDS.has(last) && Array.isArray(a) && Array.isArray(b)) return stable([...a].map(stable).sort()) === stable([...b].map(stable).sort());
  return stable(a) === stable(b);
}

/**
 * The keys of both, in order: `head`'s order, with keys only `base` has
 * placed where they stood in `base` (a removed model shows where it was).
 * Loaded data comes in schema order for fields and file order for lists.
 */
function unionKeys(base: object | undefined, head: object | undefined): string[] {
  const baseKeys = Object.keys(base ?? {});
  const headKeys = Object.keys(head ?? {});
  const inHead = new Set(headKeys);
  const basePosition = new Map(baseKeys.map((key, index) => [key, index]));
  const out: string[] = [];
  let next = 0; // the first base key not yet placed
  const placeBaseOnlyUpTo = (end: number) => {
    for (; next < end; next++) if (!inHead.has(baseKeys[next]!)) out.push(baseKeys[next]!);
  };
  for (const key of headKeys) {
    const position = basePosition.get(key);
    if (position !== undefined && position >= next) {
      placeBaseOnlyUpTo(position);
      next = position + 1;
    }
    out.push(key);
  }
  placeBaseOnlyUpTo(baseKeys.length);
  return out;
}

/**
 * Leaves of an entry by dotted path. Arrays of scalars are leaves (a
 * capability list is one value); arrays of objects (context tiers) are
 * walked by index; an empty object is a leaf so that it still shows.
 */
function leaves(value: unknown, prefix: string, out: Map<string, unknown>): Map<string, unknown> {
  if (isRecord(value) && Object.keys(value).length > 0) {
    for (const [key, child] of Object.entries(value)) leaves(child, prefix ? `${prefix}.${key}` : key, out);
  } else if (Array.isArray(value) && value.some(isRecord)) {
    value.forEach((child, index) => leaves(child, `${prefix}.${index}`, out));
  } else {
    out.set(prefix, value);
  }
  return out;
}

function withoutId<T extends { id: string }>(entry: T): Omit<T, "id"> {
  const { id: _id, ...rest } = entry;
  return rest;
}

/** One change per differing leaf of two entries (a model or a canonical model). */
function leafChanges(base: object, head: object, make: (field: string, before: unknown, after: unknown) => RawChange): RawChange[] {
  const before = leaves(base, "", new Map());
  const after = leaves(head, "", new Map());
  const changes: RawChange[] = [];
  for (const field of unionKeys(Object.fromEntries(before), Object.fromEntries(after))) {
    const a = before.get(field);
    const b = after.get(field);
    if (before.has(field) && after.has(field) && sameValue(field, a, b)) continue;
    const change = make(field, a, b);
    if (!before.has(field)) delete change.before;
    if (!after.has(field)) delete change.after;
    if (isPriceField(field) && typeof a === "number" && typeof b === "number" && a !== 0) {
      change.delta_pct = Math.round(((b - a) / a) * 1000) / 10;
    }
    changes.push(change);
  }
  return changes;
}

function byId<T extends { id: string }>(entries: readonly T[]): Map<string, T> {
  const map = new Map<string, T>();
  // A duplicated id is a validate error; the first entry is the one compared.
  for (const entry of entries) if (!map.has(entry.id)) map.set(entry.id, entry);
  return map;
}

function canonicalChanges(base: Map<string, CanonicalModel>, head: Map<string, CanonicalModel>): RawChange[] {
  const changes: RawChange[] = [];
  for (const id of unionKeys(Object.fromEntries(base), Object.fromEntries(head))) {
    const before = base.get(id);
    const after = head.get(id);
    if (!before) changes.push({ kind: "canonical-added", model: id, after });
    else if (!after) changes.push({ kind: "canonical-removed", model: id, before });
    else
      changes.push(
        ...leafChanges(withoutId(before), withoutId(after), (field, b, a) => ({ kind: "canonical-changed", model: id, field, before: b, after: a })),
      );
  }
  return changes;
}

/** The public price page an entry's price comes from: its own `pricing.source`, else its provider's. */
function priceSource(provider: Provider | undefined, model: ProviderModel): unknown {
  const own = (model.pricing as { source?: unknown } | undefined)?.source;
  return own ?? (provider?.pricing as { source?: unknown } | undefined)?.source;
}

/** `pricing_schedule.<n>.<rest>` or `pricing_history.<n>.<rest>`: which dated price a field is in. */
const DATED_FIELD = /^(pricing_schedule|pricing_history)\.(\d+)(?:\.(.*))?$/;

/**
 * What a reviewer needs beside a dated-price change: its own source (a
 * scheduled price may cite the announcement), and for a scheduled price
 * the day it starts and the price in force it replaces.
 */
function datedContext(field: string, model: ProviderModel): { source: unknown; scheduled?: RawChange["scheduled"] } | undefined {
  const match = DATED_FIELD.exec(field);
  if (!match) return undefined;
  const dated = (model[match[1] as "pricing_schedule" | "pricing_history"] ?? [])[Number(match[2])] as Record<string, unknown> | undefined;
  const source = dated?.source;
  if (match[1] !== "pricing_schedule") return { source };
  let inForce: unknown = model.pricing;
  for (const key of (match[3] ?? "").split(".")) inForce = isRecord(inForce) ? inForce[key] : undefined;
  const scheduled: RawChange["scheduled"] = {};
  if (typeof dated?.effective_from === "string") scheduled.effective_from = dated.effective_from;
  if (inForce !== undefined) scheduled.in_force = inForce;
  return { source, scheduled };
}

function modelChanges(provider: string, base: readonly ProviderModel[], head: readonly ProviderModel[], headProvider?: Provider): RawChange[] {
  const before = byId(base);
  const after = byId(head);
  const changes: RawChange[] = [];
  for (const id of unionKeys(Object.fromEntries(before), Object.fromEntries(after))) {
    const b = before.get(id);
    const a = after.get(id);
    if (!b) changes.push({ kind: "model-added", provider, model: id, after: a });
    else if (!a) changes.push({ kind: "model-removed", provider, model: id, before: b });
    else {
      const source = priceSource(headProvider, a);
      changes.push(
        ...leafChanges(withoutId(b), withoutId(a), (field, x, y) => {
          const dated = datedContext(field, a);
          const unsourced = isPriceField(field) && (dated?.source ?? source) === undefined;
          return {
            kind: "model-changed",
            provider,
            model: id,
            field,
            before: x,
            after: y,
            ...(unsourced ? { unsourced } : {}),
            ...(dated?.scheduled ? { scheduled: dated.scheduled } : {}),
          };
        }),
      );
    }
  }
  return changes;
}

function providerChanges(base: Provider | undefined, head: Provider | undefined): RawChange[] {
  if (!base && head) {
    // A new provider's models are listed one by one: each new price gets checked.
    return [{ kind: "provider-added", provider: head.name, after: head }, ...modelChanges(head.name, [], head.models)];
  }
  if (base && !head) return [{ kind: "provider-removed", provider: base.name, before: base }];
  if (!base || !head) return [];
  const changes: RawChange[] = [];
  for (const field of unionKeys(base, head)) {
    if (field === "models") continue;
    const before = (base as Record<string, unknown>)[field];
    const after = (head as Record<string, unknown>)[field];
    if (sameValue(field, before, after)) continue;
    const change: RawChange = { kind: "provider-changed", provider: head.name, field };
    if (before !== undefined) change.before = before;
    if (after !== undefined) change.after = after;
    changes.push(change);
  }
  changes.push(...modelChanges(head.name, base.models, head.models, head));
  return changes;
}

/** A rule's severity per registry.config.yaml, one change per rule that differs (or one for the file when a side does not read). */
function configChanges(base: LoadedRegistry, head: LoadedRegistry): RawChange[] {
  if (base.rules === null || head.rules === null) return [{ kind: "config-changed", field: CONFIG_FILE }];
  const before = base.rules ?? {};
  const after = head.rules ?? {};
  const changes: RawChange[] = [];
  for (const rule of unionKeys(before, after)) {
    if (sameValue(rule, before[rule], after[rule])) continue;
    const change: RawChange = { kind: "config-changed", field: `rules.${rule}` };
    if (rule in before) change.before = before[rule];
    if (rule in after) change.after = after[rule];
    changes.push(change);
  }
  return changes;
}

/** Provider files whose bytes differ between the sides. */
function touchedProviderFiles(base: LoadedRegistry, head: LoadedRegistry): string[] {
  const paths = new Set([...base.fingerprints.keys(), ...head.fingerprints.keys()]);
  return [...paths].filter((path) => isProviderPath(path) && base.fingerprints.get(path) !== head.fingerprints.get(path)).sort();
}

export function diffRegistries(base: LoadedRegistry, head: LoadedRegistry): DiffReport {
  // Identical bytes load to identical data: only files that differ are compared.
  const differs = (file: string) => base.fingerprints.get(file) !== head.fingerprints.get(file);
  const raw: RawChange[] = [];
  if (differs(CONFIG_FILE)) raw.push(...configChanges(base, head));
  if (base.layout !== undefined && head.layout !== undefined && base.layout !== head.layout) {
    raw.push({ kind: "layout-changed", before: base.layout, after: head.layout });
  }
  // canonical.yaml or the models/<org>.yaml files: compared by id whenever any of them differs.
  const canonicalFiles = new Set([...base.fingerprints.keys(), ...head.fingerprints.keys()].filter(isCanonicalPath));
  if (base.canonical && head.canonical && [...canonicalFiles].some(differs)) raw.push(...canonicalChanges(base.canonical, head.canonical));

  const unloaded = new Set([...base.info.unloaded, ...head.info.unloaded]);
  const files = [...new Set([...base.providers.keys(), ...head.providers.keys()])].filter((file) => !unloaded.has(file) && differs(file)).sort();
  for (const file of files) raw.push(...providerChanges(base.providers.get(file), head.providers.get(file)));

  const reference = firstPartyPrices(head.providers.values());
  const changes: Change[] = raw.map(({ unsourced, scheduled, ...change }) => ({
    ...change,
    ...classify({ ...change, ...(unsourced ? { unsourced } : {}), ...(scheduled ? { scheduled } : {}) }, reference),
  }));
  const provider_files = touchedProviderFiles(base, head);
  const not_compared = [...unloaded].filter(differs).sort();
  const count = (severity: ChangeSeverity) => changes.filter((change) => change.severity === severity).length;
  return {
    base: base.info,
    head: head.info,
    summary: {
      breaking: count("breaking"),
      review: count("review") + (provider_files.length >= 2 ? 1 : 0),
      info: count("info"),
      provider_files,
      not_compared,
    },
    changes: changes.map(ordered),
  };
}

/** The documented key order, so JSON output reads the same every time. */
function ordered(change: Change): Change {
  const out: Change = { kind: change.kind, severity: change.severity };
  if (change.provider !== undefined) out.provider = change.provider;
  if (change.model !== undefined) out.model = change.model;
  if (change.field !== undefined) out.field = change.field;
  if ("before" in change) out.before = change.before;
  if ("after" in change) out.after = change.after;
  if (change.delta_pct !== undefined) out.delta_pct = change.delta_pct;
  if (change.reason !== undefined) out.reason = change.reason;
  return out;
}
