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
import { collectFully, collectGarbage } from "./garbage.ts";
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

/**
 * Where one rendered provider (an item of a provider view) is kept: a blob of
 * the storage, the offset and length of its bytes there, and its entry count.
 * Its bytes are followed in the blob by the entries' places in them
 * (`ENTRY_PLACES` int32 each, little-endian, relative to its first byte).
 */
export type ItemRef = [blob: number, offset: number, length: number, entries: number];

/** Int32 values stored per entry after an item's bytes: START, ID_FROM, ID_TO, INSERT_AT, END (relative to the item). */
export const ENTRY_PLACES = 5;

/** Bytes an item takes in its blob: its rendering and its entries' places. */
export function storedLength(ref: ItemRef | readonly [unknown, number, number, number]): number {
  return ref[2] + 4 * ENTRY_PLACES * ref[3];
}

/** One view's items, readable in memory: item `i` lies from `start[i]` to `end[i]` of `chunks[chunkOf[i]]`, its entries' places right after it. */
export interface LoadedItems {
  chunks: Buffer[];
  chunkOf: Int32Array;
  start: Float64Array;
  end: Float64Array;
}

/**
 * Where the rendered providers live between collection and writing. The
 * default keeps them in memory; `build` keeps them in files (its content
 * cache, ./cache.ts), so a warm build reads them back instead of rendering
 * them, and only one view's bytes are ever in memory.
 */
export interface ItemStorage {
  /** Stores one rendered provider of `view` and its entries' places; returns where it is (its entry count is the caller's). */
  append(view: ViewName, item: Buffer, places: Buffer): [blob: number, offset: number, length: number];
  /** The items `refs` (all of one view) in memory. */
  load(view: ViewName, refs: readonly ItemRef[]): LoadedItems;
}

/** Keeps every rendered provider in memory (a ByteArena per view). */
export class MemoryStorage implements ItemStorage {
  private readonly arenas = new Map<ViewName, ByteArena>();
  private readonly blobs: ByteArena[] = [];

  append(view: ViewName, item: Buffer, places: Buffer): [number, number, number] {
    let arena = this.arenas.get(view);
    if (!arena) {
      arena = new ByteArena();
      this.arenas.set(view, arena);
      this.blobs.push(arena);
    }
    return [this.blobs.indexOf(arena), arena.addBytes(item, places), item.length];
  }

  load(_view: ViewName, refs: readonly ItemRef[]): LoadedItems {
    const chunks: Buffer[] = [];
    const chunkIds = new Map<Buffer, number>();
    const chunkOf = new Int32Array(refs.length);
    const start = new Float64Array(refs.length);
    const end = new Float64Array(refs.length);
    refs.forEach(([blob, index, length], i) => {
      const where = this.blobs[blob]!.locate(index);
      let id = chunkIds.get(where.chunk);
      if (id === undefined) {
        id = chunks.push(where.chunk) - 1;
        chunkIds.set(where.chunk, id);
      }
      chunkOf[i] = id;
      start[i] = where.start;
      end[i] = where.start + length;
    });
    return { chunks, chunkOf, start, end };
  }
}

/** One view's rendered providers (by reference into the storage). */
class ViewStore {
  readonly names: string[] = [];
  readonly refs: ItemRef[] = [];

  constructor(readonly format: ViewFormat) {}

  /** Provider ordinals by name. */
  order(): number[] {
    const names = this.names;
    return names.map((_, ordinal) => ordinal).sort((a, b) => compareText(names[a]!, names[b]!));
  }
}

/** A view's items in memory, and where each (model, provider) entry sits inside its provider's bytes. */
interface PreparedView {
  items: LoadedItems;
  /**
   * The model view's entry is the same text as the provider's, with the
   * `"id"` field replaced by a `"provider"` field at its sorted place, so it
   * is copied from there rather than rendered and stored a second time.
   */
  entries: IntRows;
  /** Entry rows by the model id's JSON text (as rendered: `"id"`). */
  entriesByModel: Map<string, number[]>;
}

/**
 * The places of an item's entries in its bytes, found once when it is
 * rendered: `ENTRY_PLACES` int32 per entry (little-endian), stored after it.
 */
function entryPlaces(item: Buffer, count: number, name: string): Buffer {
  const places = Buffer.allocUnsafe(4 * ENTRY_PLACES * count);
  let cursor = count === 0 ? 0 : item.indexOf(MODELS_FIELD);
  for (let n = 0; n < count; n++) {
    const open = item.indexOf(ENTRY_OPEN, cursor);
    const idFrom = item.indexOf(ID_FIELD, open);
    const idTo = item.indexOf(NEWLINE, idFrom + 1);
    const insertAt = item.indexOf(PROVIDER_MODEL_ID_FIELD, idTo);
    const close = item.indexOf(ENTRY_CLOSE, insertAt);
    if (cursor < 0 || open < 0 || idFrom < 0 || insertAt < 0 || close < 0)
      throw new Error(`build: cannot find the entries of provider ${name} in its rendering`);
    cursor = close + ENTRY_CLOSE.length;
    const at = 4 * ENTRY_PLACES * n;
    places.writeInt32LE(open + ENTRY_OPEN.length - 2, at);
    places.writeInt32LE(idFrom, at + 4);
    places.writeInt32LE(idTo, at + 8);
    places.writeInt32LE(insertAt, at + 12);
    places.writeInt32LE(cursor, at + 16);
  }
  return places;
}

/** Reads the entries of every provider from the places stored after it (and checks each item's outline on the way). */
function prepare(store: ViewStore, items: LoadedItems): PreparedView {
  const entries = new IntRows(6);
  const entriesByModel = new Map<string, number[]>();
  store.refs.forEach((ref, ordinal) => {
    const chunk = items.chunks[items.chunkOf[ordinal]!]!;
    const start = items.start[ordinal]!;
    const end = items.end[ordinal]!;
    const unreadable = () => new ItemsUnreadable(`provider ${store.names[ordinal]}: its ${store.format.name} rendering does not read as one`);
    if (chunk[start] !== 0x7b || chunk[end - 1] !== 0x7d) throw unreadable();
    const count = ref[3];
    let previous = start;
    for (let n = 0; n < count; n++) {
      const at = end + 4 * ENTRY_PLACES * n;
      const first = start + chunk.readInt32LE(at);
      const idFrom = start + chunk.readInt32LE(at + 4);
      const idTo = start + chunk.readInt32LE(at + 8);
      const insertAt = start + chunk.readInt32LE(at + 12);
      const last = start + chunk.readInt32LE(at + 16);
      // In order, inside the item, and at the bytes they name.
      if (
        !(previous <= first && first < idFrom && idFrom < idTo && idTo <= insertAt && insertAt < last && last <= end) ||
        chunk[first] !== 0x7b ||
        chunk[idFrom] !== NEWLINE ||
        chunk[idTo] !== NEWLINE ||
        chunk[insertAt] !== NEWLINE ||
        chunk[last - 1] !== 0x7d
      )
        throw unreadable();
      previous = last;
      const row = entries.add();
      entries.set(row, OWNER, ordinal);
      entries.set(row, START, first);
      entries.set(row, ID_FROM, idFrom);
      entries.set(row, ID_TO, idTo);
      entries.set(row, INSERT_AT, insertAt);
      entries.set(row, END, last);
      // The id's JSON text: between `"id": ` and the comma ending its line.
      const id = chunk.toString("utf8", idFrom + ID_FIELD.length, idTo - 1);
      const list = entriesByModel.get(id);
      if (list) list.push(row);
      else entriesByModel.set(id, [row]);
    }
  });
  return { items, entries, entriesByModel };
}

/** The stored renderings do not read as the build wrote them (a damaged cache): the caller builds afresh. */
export class ItemsUnreadable extends Error {}

/**
 * Rendering leaves garbage strings about as large as the bytes kept. Bun's
 * collector lets its heap grow far beyond that before collecting (1.1 GB
 * instead of 0.6 GB at 10,000 × 50 with both views), so after every this
 * many rendered bytes it is asked to collect.
 */
const COLLECT_EVERY_BYTES = 16 << 20;

/**
 * What the collector derived from one provider file: its name, entry count,
 * each view's rendering (or null: the view left it out) and the warnings
 * the views gave, in order. `build`'s content cache keeps it per file.
 */
export interface ProviderRecord {
  name: string;
  entries: number;
  views: Array<ItemRef | null>;
  warnings: Array<[view: ViewName, message: string]>;
}

export class SnapshotCollector {
  private canonical: Fields[] = [];
  private renderedSinceCollect = 0;
  private readonly stores: ViewStore[];
  private readonly prepared = new Map<ViewName, PreparedView>();
  private providers = 0;
  private entries = 0;
  /** What the views left out or rewrote, in arrival order. */
  readonly warnings: ViewWarning[] = [];
  /** What the last provider file received gave (for the content cache). */
  lastRecord: ProviderRecord | undefined;

  constructor(
    views: readonly ViewName[] = ["v2"],
    private readonly storage: ItemStorage = new MemoryStorage(),
  ) {
    this.stores = views.map((view) => new ViewStore(VIEW_FORMATS[view]));
  }

  /** The views collected, in order (a ProviderRecord's `views` follow it). */
  get viewNames(): ViewName[] {
    return this.stores.map((store) => store.format.name);
  }

  /** Receives the canonical models, of one file or of all (`models/<org>.yaml` files arrive one by one). */
  readonly onCanonical = (canonical: { models: readonly unknown[] }): void => {
    for (const model of canonical.models) this.canonical.push(model as Fields);
  };

  readonly onProvider = (file: string, provider: unknown): void => {
    const data = provider as ProviderLike;
    const record: ProviderRecord = { name: data.name, entries: data.models.length, views: [], warnings: [] };
    // Resolved once, shared by the views (a view that changes an entry copies it).
    const entries = data.models.map((model) => sortKeys(resolvedEntry(data, model)) as Fields);
    // The entries dominate a provider's text: rendered once for every view that keeps them as they are.
    let shared: string | undefined;
    for (const store of this.stores) {
      const view = store.format.name;
      const fields = store.format.provider(data, entries, (message) => record.warnings.push([view, message]));
      if (!fields) {
        record.views.push(null);
        continue;
      }
      const modelsText = fields.models === entries ? (shared ??= renderAt(entries, MODELS_DEPTH)) : renderAt(fields.models, MODELS_DEPTH);
      const rendered = renderAt(sortFields({ ...fields, models: [] }), ITEM);
      const at = rendered.indexOf(MODELS_PLACEHOLDER);
      const text = store.format.finish(`${rendered.slice(0, at)}${MODELS_PREFIX}${modelsText}${rendered.slice(at + MODELS_PLACEHOLDER.length)}`);
      const item = Buffer.from(text, "utf8");
      const count = (fields.models as unknown[]).length;
      const [blob, offset, length] = this.storage.append(view, item, entryPlaces(item, count, data.name));
      record.views.push([blob, offset, length, count]);
      this.renderedSinceCollect += length;
    }
    this.add(file, record);
    if (this.renderedSinceCollect > COLLECT_EVERY_BYTES) {
      this.renderedSinceCollect = 0;
      collectGarbage();
    }
  };

  /** Takes a provider file's record instead of its data (a content cache's hit): as if the file had been received again. */
  add(file: string, record: ProviderRecord): void {
    this.lastRecord = record;
    this.providers++;
    this.entries += record.entries;
    for (const [view, message] of record.warnings) this.warnings.push({ view, subject: file, message });
    this.stores.forEach((store, i) => {
      const ref = record.views[i];
      if (!ref) return;
      store.names.push(record.name);
      store.refs.push(ref);
    });
  }

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

  private view(view: ViewName): { store: ViewStore; prepared: PreparedView } {
    const store = this.store(view);
    let prepared = this.prepared.get(view);
    if (!prepared) {
      prepared = prepare(store, this.storage.load(view, store.refs));
      this.prepared.set(view, prepared);
    }
    return { store, prepared };
  }

  /** Lets go of a view's bytes once both its files are written (they are read back from the storage if asked for again). */
  release(view: ViewName): void {
    // a view's bytes (a quarter of a gigabyte at 10,000 × 50) are let go before the next is read
    if (this.prepared.delete(view)) collectFully();
  }

  /** Writes the provider view of `view`. */
  writeProvidersView(out: ByteSink, view: ViewName = "v2"): void {
    const { store, prepared } = this.view(view);
    const { chunks, chunkOf, start, end } = prepared.items;
    writeEnvelope(out, store.order(), (ordinal) => out.bytes(chunks[chunkOf[ordinal]!]!, start[ordinal]!, end[ordinal]!));
  }

  /** Writes the model view of `view`; also reports what the canonical models lost in it. */
  writeModelsView(out: ByteSink, view: ViewName = "v2"): void {
    const { store, prepared } = this.view(view);
    const { entries, entriesByModel } = prepared;
    const { chunks, chunkOf } = prepared.items;
    const { format } = store;
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
      const rows = (entriesByModel.get(JSON.stringify(model.id)) ?? []).sort(byProviderName);
      if (rows.length === 0) {
        out.text(rendered);
        return;
      }
      const at = rendered.indexOf(PROVIDERS_PLACEHOLDER);
      out.text(`${rendered.slice(0, at)}${PROVIDERS_OPEN}`);
      rows.forEach((row, i) => {
        out.text(i === 0 ? ENTRY_FIRST : ENTRY_NEXT);
        const owner = entries.get(row, OWNER);
        const chunk = chunks[chunkOf[owner]!]!;
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
