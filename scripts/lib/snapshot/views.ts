/**
 * The snapshot views (SPEC §5), each in the format of the router generation
 * that reads it (view-formats.ts):
 *
 * - a provider view — `{ "data": [provider…] }`, providers by name; each
 *   provider as its format carries it, its `models` in file order, each with
 *   `api_protocol` and `rate_limits` resolved (§2);
 * - a model view — `{ "data": [model…] }`, every canonical model by id, with
 *   `providers`: the same resolved entries keyed by `provider` instead of
 *   `id`, by provider name.
 *
 * The collector receives each valid file as `validate` streams it by and keeps,
 * per view, only each provider's rendered bytes plus the offsets of its
 * entries in them, from which the model view is assembled. Nothing of the
 * parsed YAML outlives its file but the canonical models.
 */
import { ByteArena, IntRows, type ByteSink } from "./arena.ts";
import { renderAt, sortFields, sortKeys } from "./render.ts";
import { resolvedEntry, VIEW_FORMATS, type ProviderLike, type ViewFormat, type ViewName, type ViewWarning } from "./view-formats.ts";

export { DEFAULT_PROTOCOL, resolvedEntry, VIEW_DEFAULTS, VIEW_NAMES, type ViewName, type ViewWarning } from "./view-formats.ts";

// Nesting depths shared by both views: root {0} → data [1] → item {2} →
// models/providers [3] → entry {4}.
const ITEM = 2;
const ENTRY = 4;

type Fields = Record<string, unknown>;

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Depth of a provider's `models` list: root {0} → data [1] → item {2} → models [3]. */
const MODELS_DEPTH = ITEM + 1;
// The indentation pins the placeholder to the provider's own `models` field.
const MODELS_PLACEHOLDER = `\n${" ".repeat(2 * MODELS_DEPTH)}"models": []`;
const MODELS_PREFIX = `\n${" ".repeat(2 * MODELS_DEPTH)}"models": `;

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

/** One view's rendered providers and where their entries sit. */
class ViewStore {
  /** Rendered providers (provider view items), in arrival order. */
  readonly texts = new ByteArena();
  readonly names: string[] = [];
  /**
   * Where each (model, provider) entry sits inside its provider's rendered
   * bytes. The model view's entry is the same text with the `"id"` field
   * replaced by a `"provider"` field at its sorted place, so it is copied
   * from there rather than rendered and stored a second time.
   */
  readonly entries = new IntRows(6);
  readonly entriesByModel = new Map<string, number[]>();

  constructor(readonly format: ViewFormat) {}

  /** Stores one provider, its fields rendered around `modelsText` (its `models` rendered); returns the bytes it took. */
  add(name: string, fields: Fields, modelsText: string): number {
    const ordinal = this.names.length;
    const models = fields.models as Array<{ id: string }>;
    const rendered = renderAt(sortFields({ ...fields, models: [] }), ITEM);
    const at = rendered.indexOf(MODELS_PLACEHOLDER);
    const text = `${rendered.slice(0, at)}${MODELS_PREFIX}${modelsText}${rendered.slice(at + MODELS_PLACEHOLDER.length)}`;
    this.texts.add(this.format.finish(text));
    this.names.push(name);

    const { chunk, start, end } = this.texts.locate(ordinal);
    let cursor = chunk.indexOf(MODELS_FIELD, start);
    for (const model of models) {
      const open = chunk.indexOf(ENTRY_OPEN, cursor);
      const idFrom = chunk.indexOf(ID_FIELD, open);
      const idTo = chunk.indexOf(NEWLINE, idFrom + 1);
      const insertAt = chunk.indexOf(PROVIDER_MODEL_ID_FIELD, idTo);
      const close = chunk.indexOf(ENTRY_CLOSE, insertAt);
      if (open < 0 || idFrom < 0 || insertAt < 0 || close < 0 || close >= end)
        throw new Error(`build: cannot find the entries of provider ${name} in its rendering`);
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
    return end - start;
  }

  /** Provider ordinals by name. */
  order(): number[] {
    const names = this.names;
    return names.map((_, ordinal) => ordinal).sort((a, b) => compareText(names[a]!, names[b]!));
  }
}

/**
 * Rendering leaves garbage strings about as large as the bytes kept. Bun's
 * collector lets its heap grow far beyond that before collecting (1.1 GB
 * instead of 0.6 GB at 10,000 × 50 with both views), so after every this
 * many rendered bytes it is asked to collect. Elsewhere this is a no-op.
 */
const COLLECT_EVERY_BYTES = 16 << 20;
const collectGarbage: () => void = (globalThis as { Bun?: { gc(force: boolean): void } }).Bun?.gc.bind(undefined, false) ?? (() => {});

export class SnapshotCollector {
  private canonical: Fields[] = [];
  private renderedSinceCollect = 0;
  private readonly stores: ViewStore[];
  private providers = 0;
  private entries = 0;
  /** What the views left out or rewrote, in arrival order. */
  readonly warnings: ViewWarning[] = [];

  constructor(views: readonly ViewName[] = ["v2"]) {
    this.stores = views.map((view) => new ViewStore(VIEW_FORMATS[view]));
  }

  /** Receives the canonical models, of one file or of all (`models/<org>.yaml` files arrive one by one). */
  readonly onCanonical = (canonical: { models: readonly unknown[] }): void => {
    for (const model of canonical.models) this.canonical.push(model as Fields);
  };

  readonly onProvider = (file: string, provider: unknown): void => {
    const data = provider as ProviderLike;
    this.providers++;
    this.entries += data.models.length;
    // Resolved once, shared by the views (a view that changes an entry copies it).
    const entries = data.models.map((model) => sortKeys(resolvedEntry(data, model)) as Fields);
    // The entries dominate a provider's text: rendered once for every view that keeps them as they are.
    let shared: string | undefined;
    for (const store of this.stores) {
      const fields = store.format.provider(data, entries, (message) => this.warnings.push({ view: store.format.name, subject: file, message }));
      if (!fields) continue;
      const modelsText = fields.models === entries ? (shared ??= renderAt(entries, MODELS_DEPTH)) : renderAt(fields.models, MODELS_DEPTH);
      this.renderedSinceCollect += store.add(data.name, fields, modelsText);
    }
    if (this.renderedSinceCollect > COLLECT_EVERY_BYTES) {
      this.renderedSinceCollect = 0;
      collectGarbage();
    }
  };

  get providerCount(): number {
    return this.providers;
  }

  get modelCount(): number {
    return this.canonical.length;
  }

  get entryCount(): number {
    return this.entries;
  }

  private store(view: ViewName): ViewStore {
    const store = this.stores.find((candidate) => candidate.format.name === view);
    if (!store) throw new Error(`build: the ${view} view was not collected`);
    return store;
  }

  /** Writes the provider view of `view`. */
  writeProvidersView(out: ByteSink, view: ViewName = "v2"): void {
    const store = this.store(view);
    writeEnvelope(out, store.order(), (ordinal) => store.texts.copyTo(ordinal, out));
  }

  /** Writes the model view of `view`; also reports what the canonical models lost in it. */
  writeModelsView(out: ByteSink, view: ViewName = "v2"): void {
    const store = this.store(view);
    const { entries, texts, format } = store;
    const rank = new Int32Array(store.names.length);
    store.order().forEach((ordinal, position) => (rank[ordinal] = position));
    const providerField = store.names.map((name) => `${FIELD}"provider": ${JSON.stringify(name)},`);
    const byProviderName = (a: number, b: number) => rank[entries.get(a, OWNER)]! - rank[entries.get(b, OWNER)]!;
    const models = [...this.canonical].sort((a, b) => compareText(a.id as string, b.id as string));
    writeEnvelope(out, models, (model) => {
      // The canonical fields render natively around an empty `providers`
      // list; the entries are written in its place.
      const fields = format.canonical(model, (message) => this.warnings.push({ view: format.name, subject: `canonical model ${String(model.id)}`, message }));
      const rendered = format.finish(renderAt(sortFields({ ...fields, providers: [] }), ITEM));
      const rows = (store.entriesByModel.get(model.id as string) ?? []).sort(byProviderName);
      if (rows.length === 0) {
        out.text(rendered);
        return;
      }
      const at = rendered.indexOf(PROVIDERS_PLACEHOLDER);
      out.text(`${rendered.slice(0, at)}${PROVIDERS_OPEN}`);
      rows.forEach((row, i) => {
        out.text(i === 0 ? ENTRY_FIRST : ENTRY_NEXT);
        const owner = entries.get(row, OWNER);
        const { chunk } = texts.locate(owner);
        out.bytes(chunk, entries.get(row, START), entries.get(row, ID_FROM));
        out.bytes(chunk, entries.get(row, ID_TO), entries.get(row, INSERT_AT));
        out.text(providerField[owner]!);
        out.bytes(chunk, entries.get(row, INSERT_AT), entries.get(row, END));
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
