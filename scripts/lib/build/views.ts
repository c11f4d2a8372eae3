/**
 * The two snapshot views (SPEC §5), in the format the router reads:
 *
 * - `dist/providers.json` — `{ "data": [provider…] }`, providers by name;
 *   each provider as written minus its pattern lists, plus `id` (= name),
 *   `byok` (= access is api_key) and the defaults filled in; its `models` in
 *   file order, each with `api_protocol` and `rate_limits` resolved (§2).
 * - `dist/models.json` — `{ "data": [model…] }`, every canonical model by id,
 *   with `providers`: the same resolved entries keyed by `provider` instead of
 *   `id`, by provider name.
 *
 * The collector receives each valid file as `validate` streams it by and keeps
 * only each provider's rendered bytes, plus the offsets of its entries in
 * them, from which the model view is assembled. Nothing of the parsed YAML
 * outlives its file.
 */
import { resolvePattern } from "../patterns.ts";
import type { CanonicalFile, CanonicalModel, Provider, ProviderModel, Protocol } from "../schema.ts";
import { ByteArena, IntRows, type ByteSink } from "./arena.ts";
import { renderAt, sortFields, sortKeys } from "./render.ts";

/** What an absent optional field means, written out so no consumer has to know. */
export const VIEW_DEFAULTS = {
  access: "api_key",
  auth_scheme: "x-api-key",
  billing: "token",
  community: false,
  weight: 1,
} as const;

/** The protocol of a model no pattern matches (SPEC §2). */
export const DEFAULT_PROTOCOL: Protocol = "openai";

/** Provider fields the views replace by their per-model resolution. */
const PATTERN_FIELDS = new Set(["api_protocol", "rate_limits", "models"]);

// Nesting depths shared by both views: root {0} → data [1] → item {2} →
// models/providers [3] → entry {4}.
const ITEM = 2;
const ENTRY = 4;

type Fields = Record<string, unknown>;

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** A provider model as the provider view carries it: patterns resolved (§2), keys sorted at every level. */
export function resolvedEntry(provider: Provider, model: ProviderModel): Fields {
  const entry: Fields = { ...model };
  entry.api_protocol = model.api_protocol ?? resolvePattern(provider.api_protocol, model) ?? DEFAULT_PROTOCOL;
  entry.rate_limits = model.rate_limits ?? resolvePattern(provider.rate_limits, model);
  // A null deprecation date says "none announced": the views leave it out.
  if (entry.deprecation_date === null) entry.deprecation_date = undefined;
  return sortKeys(entry) as Fields;
}

/** Provider-level fields of the provider view: defaults filled in, `id` and `byok` derived. */
export function providerFields(provider: Provider): Fields {
  const fields: Fields = { ...VIEW_DEFAULTS };
  for (const key in provider) {
    const value = provider[key as keyof Provider];
    if (!PATTERN_FIELDS.has(key) && value !== undefined) fields[key] = sortKeys(value);
  }
  fields.id = provider.name;
  fields.byok = fields.access === "api_key";
  return fields;
}

// Byte markers inside a rendered provider (an item of the provider view).
// The indentation pins each to one nesting level: entry fields sit deeper
// than provider fields, pricing deeper than entry fields, and JSON escapes
// every quote inside a string, so none can match anywhere else.
const FIELD = `\n${" ".repeat(2 * (ENTRY + 1))}`;
const MODELS_FIELD = Buffer.from(`\n${" ".repeat(2 * (ITEM + 1))}"models": [`);
const ENTRY_OPEN = Buffer.from(`\n${" ".repeat(2 * ENTRY)}{\n`);
const ENTRY_CLOSE = Buffer.from(`\n${" ".repeat(2 * ENTRY)}}`);
const ID_FIELD = Buffer.from(`${FIELD}"id": `);
const PROVIDER_MODEL_ID_FIELD = Buffer.from(`${FIELD}"provider_model_id": `);
const NEWLINE = 0x0a;

// Columns of an entry row: offsets into its provider's rendered bytes.
const OWNER = 0; // provider ordinal
const START = 1; // the entry's `{`
const ID_FROM = 2; // the newline before its `"id"` field
const ID_TO = 3; // the newline after it
const INSERT_AT = 4; // where `"provider"` goes: the newline before `"provider_model_id"`
const END = 5; // just after the entry's `}`

export class SnapshotCollector {
  private canonical: CanonicalModel[] = [];
  /** Rendered providers (provider view items), in arrival order. */
  private readonly providerTexts = new ByteArena();
  private readonly providerNames: string[] = [];
  /**
   * Where each (model, provider) entry sits inside its provider's rendered
   * bytes. The model view's entry is the same text with the `"id"` field
   * replaced by a `"provider"` field at its sorted place, so it is copied
   * from there rather than rendered and stored a second time.
   */
  private readonly entries = new IntRows(6);
  private readonly entriesByModel = new Map<string, number[]>();

  readonly onCanonical = (canonical: CanonicalFile): void => {
    this.canonical = canonical.models;
  };

  readonly onProvider = (_file: string, provider: Provider): void => {
    const ordinal = this.providerNames.length;
    const fields = providerFields(provider);
    fields.models = provider.models.map((model) => resolvedEntry(provider, model));
    this.providerTexts.add(renderAt(sortFields(fields), ITEM));
    this.providerNames.push(provider.name);

    const { chunk, start, end } = this.providerTexts.locate(ordinal);
    let cursor = chunk.indexOf(MODELS_FIELD, start);
    for (const model of provider.models) {
      const open = chunk.indexOf(ENTRY_OPEN, cursor);
      const idFrom = chunk.indexOf(ID_FIELD, open);
      const idTo = chunk.indexOf(NEWLINE, idFrom + 1);
      const insertAt = chunk.indexOf(PROVIDER_MODEL_ID_FIELD, idTo);
      const close = chunk.indexOf(ENTRY_CLOSE, insertAt);
      if (open < 0 || idFrom < 0 || insertAt < 0 || close < 0 || close >= end) throw new Error(`build: cannot find the entries of provider ${provider.name} in its rendering`);
      cursor = close + ENTRY_CLOSE.length;
      const row = this.entries.add();
      this.entries.set(row, OWNER, ordinal);
      this.entries.set(row, START, open + ENTRY_OPEN.length - 2);
      this.entries.set(row, ID_FROM, idFrom);
      this.entries.set(row, ID_TO, idTo);
      this.entries.set(row, INSERT_AT, insertAt);
      this.entries.set(row, END, cursor);
      const list = this.entriesByModel.get(model.id);
      if (list) list.push(row);
      else this.entriesByModel.set(model.id, [row]);
    }
  };

  get providerCount(): number {
    return this.providerNames.length;
  }

  get modelCount(): number {
    return this.canonical.length;
  }

  get entryCount(): number {
    return this.entries.size;
  }

  /** Provider ordinals by name. */
  private providerOrder(): number[] {
    const names = this.providerNames;
    return names.map((_, ordinal) => ordinal).sort((a, b) => compareText(names[a]!, names[b]!));
  }

  /** Writes `dist/providers.json`. */
  writeProvidersView(out: ByteSink): void {
    writeEnvelope(out, this.providerOrder(), (ordinal) => this.providerTexts.copyTo(ordinal, out));
  }

  /** Writes `dist/models.json`. */
  writeModelsView(out: ByteSink): void {
    const rank = new Int32Array(this.providerNames.length);
    this.providerOrder().forEach((ordinal, position) => (rank[ordinal] = position));
    const providerField = this.providerNames.map((name) => `${FIELD}"provider": ${JSON.stringify(name)},`);
    const byProviderName = (a: number, b: number) => rank[this.entries.get(a, OWNER)]! - rank[this.entries.get(b, OWNER)]!;
    const models = [...this.canonical].sort((a, b) => compareText(a.id, b.id));
    writeEnvelope(out, models, (model) => {
      // The canonical fields render natively around an empty `providers`
      // list; the entries are written in its place.
      const rendered = renderAt(sortFields({ ...(sortKeys(model) as Fields), providers: [] }), ITEM);
      const rows = (this.entriesByModel.get(model.id) ?? []).sort(byProviderName);
      if (rows.length === 0) {
        out.text(rendered);
        return;
      }
      const at = rendered.indexOf(PROVIDERS_PLACEHOLDER);
      out.text(`${rendered.slice(0, at)}${PROVIDERS_OPEN}`);
      rows.forEach((row, i) => {
        out.text(i === 0 ? ENTRY_FIRST : ENTRY_NEXT);
        const owner = this.entries.get(row, OWNER);
        const { chunk } = this.providerTexts.locate(owner);
        out.bytes(chunk, this.entries.get(row, START), this.entries.get(row, ID_FROM));
        out.bytes(chunk, this.entries.get(row, ID_TO), this.entries.get(row, INSERT_AT));
        out.text(providerField[owner]!);
        out.bytes(chunk, this.entries.get(row, INSERT_AT), this.entries.get(row, END));
      });
      out.text(`${PROVIDERS_CLOSE}${rendered.slice(at + PROVIDERS_PLACEHOLDER.length)}`);
    });
  }
}

// The indentation pins the placeholder to the model's own `providers` field.
const PROVIDERS_PLACEHOLDER = `\n${" ".repeat(2 * (ITEM + 1))}"providers": []`;
const PROVIDERS_OPEN = `\n${" ".repeat(2 * (ITEM + 1))}"providers": [`;
const ENTRY_FIRST = `\n${" ".repeat(2 * ENTRY)}`;
const ENTRY_NEXT = `,${ENTRY_FIRST}`;
const PROVIDERS_CLOSE = `\n${" ".repeat(2 * (ENTRY - 1))}]`;

/** `{ "data": [ … ] }` around the items, with a trailing newline. */
function writeEnvelope<T>(out: ByteSink, items: readonly T[], writeItem: (item: T) => void): void {
  if (items.length === 0) {
    out.text(`{\n  "data": []\n}\n`);
    return;
  }
  items.forEach((item, i) => {
    out.text(i === 0 ? `{\n  "data": [\n    ` : `,\n    `);
    writeItem(item);
  });
  out.text(`\n  ]\n}\n`);
}
