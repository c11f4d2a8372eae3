/**
 * What the catalogue shows, gathered as `validate` streams each valid file
 * by (the same moment the views see it): per entry a handful of numbers and
 * indexes, never the parsed file. At 500,000 entries that is a few arrays.
 */
import { resolvePattern } from "../patterns.ts";
import { CAPABILITIES } from "../schema-constants.ts";
import type { CanonicalFile, CanonicalModel, Provider } from "../schema.ts";

export interface SiteProvider {
  name: string;
  displayName: string | undefined;
  status: string;
  kind: string | undefined;
  billing: string;
  access: string;
  apiBase: string | undefined;
  docUrl: string | undefined;
}

/** One (provider, model) entry, compact: indexes into the tables of `SiteData`. */
export interface SiteEntry {
  provider: number;
  model: string;
  providerModelId: string;
  protocols: number[];
  /** USD per 1M tokens; null when not priced. */
  input: number | null;
  output: number | null;
  cacheRead: number | null;
  capabilities: number[];
  rpm: number | null;
  tpm: number | null;
}

export interface SiteData {
  models: CanonicalModel[];
  providers: SiteProvider[];
  entries: SiteEntry[];
  capabilities: string[];
  protocols: string[];
}

const DEFAULT_PROTOCOL = "openai";
const NONE: number[] = [];

function priceOf(value: unknown): number | null {
  return typeof value === "number" && Number.isFinite(value) ? value : null;
}

type Callbacks = { onCanonical(canonical: CanonicalFile): void; onProvider(file: string, provider: Provider): void };

export class SiteCollector {
  private models: CanonicalModel[] = [];
  private readonly providers: SiteProvider[] = [];
  private readonly entries: SiteEntry[] = [];
  private readonly capabilityIndex = new Map<string, number>(CAPABILITIES.map((capability, i) => [capability, i]));
  private readonly protocolIndex = new Map<string, number>();
  private readonly protocolLists = new Map<string, number[]>();
  private readonly capabilityLists = new Map<string, number[]>();

  /** Passes every file on to `next` (the views' collector) after taking what the catalogue needs. */
  constructor(private readonly next?: Callbacks) {}

  readonly onCanonical = (canonical: CanonicalFile): void => {
    this.models = canonical.models;
    this.next?.onCanonical(canonical);
  };

  /**
   * The rows of the last provider file received, as compact JSON text, when
   * `keepRows` (build's content cache stores them, and `addRows` takes them back).
   */
  lastRows: string | undefined;
  keepRows = false;

  readonly onProvider = (file: string, provider: Provider): void => {
    this.next?.onProvider(file, provider);
    const ordinal = this.providers.length;
    const firstEntry = this.entries.length;
    const fields = provider as Provider & Record<string, unknown>;
    this.providers.push({
      name: provider.name,
      displayName: typeof fields.display_name === "string" ? fields.display_name : undefined,
      status: provider.status,
      kind: typeof fields.kind === "string" ? fields.kind : undefined,
      billing: typeof fields.billing === "string" ? fields.billing : "token",
      access: typeof fields.access === "string" ? fields.access : "api_key",
      apiBase: typeof fields.api_base === "string" ? fields.api_base : undefined,
      docUrl: typeof fields.doc_url === "string" ? fields.doc_url : undefined,
    });
    for (const model of provider.models) {
      // The protocol the views resolve (SPEC §2): model level, else the most specific pattern, else openai.
      const protocol = model.api_protocol ?? resolvePattern(provider.api_protocol, model) ?? DEFAULT_PROTOCOL;
      const limits = model.rate_limits ?? resolvePattern(provider.rate_limits, model);
      const pricing = model.pricing as { input_tokens?: Record<string, unknown>; output_tokens?: Record<string, unknown> } | undefined;
      this.entries.push({
        provider: ordinal,
        model: model.id,
        providerModelId: model.provider_model_id,
        protocols: this.indexes(
          this.protocolLists,
          this.protocolIndex,
          typeof protocol === "string" ? protocol : protocol.join(","),
          typeof protocol === "string" ? [protocol] : protocol,
        ),
        input: priceOf(pricing?.input_tokens?.no_cache),
        output: priceOf(pricing?.output_tokens?.text),
        cacheRead: priceOf(pricing?.input_tokens?.cache_read),
        capabilities: model.capabilities ? this.indexes(this.capabilityLists, this.capabilityIndex, model.capabilities.join(","), model.capabilities) : NONE,
        rpm: limits?.requests_per_minute ?? null,
        tpm: limits?.tokens_per_minute ?? null,
      });
    }
    if (this.keepRows) this.lastRows = this.rowsOf(ordinal, firstEntry);
  };

  /** One provider's rows as `[provider fields, name lists, entries]`, lists of names by position (the indexes are this run's). */
  private rowsOf(ordinal: number, firstEntry: number): string {
    const p = this.providers[ordinal]!;
    const lists: number[][] = [];
    const listAt = new Map<number[], number>();
    const local = (list: number[]) => {
      let at = listAt.get(list);
      if (at === undefined) listAt.set(list, (at = lists.push(list) - 1));
      return at;
    };
    const entries = this.entries
      .slice(firstEntry)
      .map((e) => [e.model, e.providerModelId, local(e.protocols), e.input, e.output, e.cacheRead, local(e.capabilities), e.rpm, e.tpm]);
    const protocolNames = [...this.protocolIndex.keys()];
    const capabilityNames = [...this.capabilityIndex.keys()];
    const named = lists.map((list) => {
      const isProtocols = entries.some((row) => lists[row[2] as number] === list);
      return { protocols: isProtocols, names: list.map((i) => (isProtocols ? protocolNames[i] : capabilityNames[i])!) };
    });
    return JSON.stringify([
      [p.name, p.displayName ?? null, p.status, p.kind ?? null, p.billing, p.access, p.apiBase ?? null, p.docUrl ?? null],
      named.map((list) => [list.protocols ? 1 : 0, list.names]),
      entries,
    ]);
  }

  /** Takes a provider file's rows (`lastRows` of an earlier run) instead of its data: as if the file had been received again. */
  addRows(text: string): void {
    const [p, named, entries] = JSON.parse(text) as [
      Array<string | null>,
      Array<[number, string[]]>,
      Array<[string, string, number, number | null, number | null, number | null, number, number | null, number | null]>,
    ];
    const ordinal = this.providers.length;
    const opt = (value: string | null | undefined) => value ?? undefined;
    this.providers.push({
      name: p[0]!,
      displayName: opt(p[1]),
      status: p[2]!,
      kind: opt(p[3]),
      billing: p[4]!,
      access: p[5]!,
      apiBase: opt(p[6]),
      docUrl: opt(p[7]),
    });
    const lists = named.map(([isProtocols, names]) =>
      names.length === 0 && !isProtocols
        ? NONE
        : this.indexes(
            isProtocols ? this.protocolLists : this.capabilityLists,
            isProtocols ? this.protocolIndex : this.capabilityIndex,
            names.join(","),
            names,
          ),
    );
    for (const e of entries) {
      this.entries.push({
        provider: ordinal,
        model: e[0],
        providerModelId: e[1],
        protocols: lists[e[2]]!,
        input: e[3],
        output: e[4],
        cacheRead: e[5],
        capabilities: lists[e[6]]!,
        rpm: e[7],
        tpm: e[8],
      });
    }
    if (this.keepRows) this.lastRows = text;
  }

  /**
   * The index list for a list of names, shared by every entry that has the
   * same list (most entries of a provider do): one map lookup per entry.
   */
  private indexes(lists: Map<string, number[]>, index: Map<string, number>, key: string, names: readonly string[]): number[] {
    let list = lists.get(key);
    if (!list) {
      list = names.map((name) => this.index(index, name));
      lists.set(key, list);
    }
    return list;
  }

  private index(map: Map<string, number>, name: string): number {
    let at = map.get(name);
    if (at === undefined) {
      at = map.size;
      map.set(name, at);
    }
    return at;
  }

  /**
   * Everything sorted — providers by name, models by id, entries by model
   * then provider, protocols by name — so the pages do not depend on the
   * order files were read in.
   */
  data(): SiteData {
    const order = this.providers.map((_, i) => i).sort((a, b) => compare(this.providers[a]!.name, this.providers[b]!.name));
    const rank = new Int32Array(order.length);
    order.forEach((ordinal, position) => (rank[ordinal] = position));
    const protocols = [...this.protocolIndex.keys()].sort(compare);
    const protocolRank = new Map([...this.protocolIndex].map(([name, i]) => [i, protocols.indexOf(name)]));
    const capabilities = [...this.capabilityIndex.keys()];
    // In place: the collector is used once, and copying 500,000 entries costs more than sorting them.
    const protocolOrder = [...this.protocolIndex.values()].map((i) => protocolRank.get(i)!);
    const renumbered = new Map<number[], number[]>();
    for (const entry of this.entries) {
      entry.provider = rank[entry.provider]!;
      let protocols = renumbered.get(entry.protocols);
      if (!protocols) renumbered.set(entry.protocols, (protocols = entry.protocols.map((i) => protocolOrder[i]!)));
      entry.protocols = protocols;
    }
    // By model, then provider: bucket by model (ids sorted once), each bucket by provider rank.
    const buckets = new Map<string, SiteEntry[]>();
    for (const entry of this.entries) {
      const bucket = buckets.get(entry.model);
      if (bucket) bucket.push(entry);
      else buckets.set(entry.model, [entry]);
    }
    const entries: SiteEntry[] = [];
    for (const model of [...buckets.keys()].sort(compare)) entries.push(...buckets.get(model)!.sort((a, b) => a.provider - b.provider));
    return {
      models: [...this.models].sort((a, b) => compare(a.id, b.id)),
      providers: order.map((ordinal) => this.providers[ordinal]!),
      entries,
      capabilities,
      protocols,
    };
  }
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
