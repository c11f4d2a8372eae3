/**
 * Text-preserving edits of one YAML file.
 *
 * Every edit is applied twice: to the parsed `yaml` Document (which says what
 * the data must become) and, as a splice, to the file's text (which says how
 * little of it changes). New content is created as `yaml` nodes, styled like
 * its nearest existing sibling and rendered with the file's own indentation;
 * everything else keeps its bytes — comments, key order, quoting, blank lines
 * and line wrapping. After each splice the text is parsed again and must
 * equal the edited Document's data, or the edit is refused.
 */
import { isDeepStrictEqual } from "node:util";
import { Document, isCollection, isMap, isScalar, isSeq, parseDocument, Scalar, YAMLMap, YAMLSeq, visit, type Node, type Pair } from "yaml";
import { RefusedError } from "../cli.ts";
import { formatPath, type DataPath } from "../problems.ts";

/** Plain data a registry file can hold. */
export type Plain = string | number | boolean | null | Plain[] | { [key: string]: Plain };

/** The edit cannot be expressed as a splice of this file (or would change more than asked): refused, nothing written. */
export class EditError extends RefusedError {}

/** Options every registry file is parsed with (SPEC §2: YAML 1.2 core, no merge keys). */
export const YAML_OPTIONS = { version: "1.2", schema: "core", uniqueKeys: true, merge: false, prettyErrors: false } as const;

export interface TextStyle {
  /** Spaces per nesting level of block mappings. */
  indent: number;
  /** Whether a block sequence under a key is indented (`key:\n  - a`) or not (`key:\n- a`). */
  indentSeq: boolean;
  /** `[ a, b ]` rather than `[a, b]`. */
  flowPadding: boolean;
  eol: "\n" | "\r\n";
}

/** The keys allowed at a data path, in schema order (for placing new keys). */
export type KeyOrder = (path: DataPath) => readonly string[];

type Collection = YAMLMap<unknown, unknown> | YAMLSeq<unknown>;

const NOT_EDITED = Symbol("not edited");

function parse(text: string): Document.Parsed {
  return parseDocument(text, YAML_OPTIONS);
}

function mode<T>(values: T[], fallback: T): T {
  const counts = new Map<T, number>();
  let best = fallback;
  let bestCount = 0;
  for (const value of values) {
    const count = (counts.get(value) ?? 0) + 1;
    counts.set(value, count);
    if (count > bestCount) {
      best = value;
      bestCount = count;
    }
  }
  return best;
}

function isPlainObject(value: unknown): value is { [key: string]: Plain } {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

function assertNoEmptyMap(value: Plain, path: DataPath): void {
  if (Array.isArray(value)) value.forEach((item, i) => assertNoEmptyMap(item, [...path, i]));
  else if (isPlainObject(value)) {
    const keys = Object.keys(value);
    // An empty mapping (`output_tokens: {}`) says nothing and reads like a mistake.
    if (keys.length === 0) throw new EditError(`refusing to write an empty mapping at ${formatPath(path)}`);
    for (const key of keys) assertNoEmptyMap(value[key]!, [...path, key]);
  }
}

/**
 * An order for the keys of a new mapping: the sibling's order first (the
 * file's own convention), with keys the sibling lacks slotted in after their
 * predecessor in schema order.
 */
function combinedOrder(siblingKeys: readonly string[], schemaKeys: readonly string[]): string[] {
  const order = [...siblingKeys];
  for (let i = 0; i < schemaKeys.length; i++) {
    const key = schemaKeys[i]!;
    if (order.includes(key)) continue;
    let at = 0;
    for (let j = i - 1; j >= 0; j--) {
      const before = order.indexOf(schemaKeys[j]!);
      if (before !== -1) {
        at = before + 1;
        break;
      }
    }
    order.splice(at, 0, key);
  }
  return order;
}

function mapKeys(node: unknown): string[] {
  return isMap(node) ? node.items.map((pair) => String(isScalar(pair.key) ? pair.key.value : pair.key)) : [];
}

function findPair(map: YAMLMap<unknown, unknown>, key: string | number): Pair<unknown, unknown> | undefined {
  return map.items.find((pair) => (isScalar(pair.key) ? String(pair.key.value) : String(pair.key)) === String(key));
}

export class YamlText {
  private source: string;
  /** Parsed on demand: after an edit, only a further edit needs the new Document. */
  private parsed: Document.Parsed | undefined;
  /** What the text must parse to after the last edit, until confirmed. */
  private expected: unknown = NOT_EDITED;
  /** A byte-order mark is kept as it was, outside the edited text. */
  private readonly bom: string;
  private detected: TextStyle | undefined;

  constructor(
    text: string,
    private readonly schemaKeys: KeyOrder = () => [],
  ) {
    this.bom = text.charCodeAt(0) === 0xfeff ? "\ufeff" : "";
    this.source = text.slice(this.bom.length);
    this.parsed = parse(this.source);
    if (this.parsed.errors.length > 0) throw new EditError(`the file is not valid YAML: ${this.parsed.errors[0]!.message.split("\n")[0]}`);
  }

  /** The file's indentation and flow style, learnt from the file itself. */
  get style(): TextStyle {
    this.detected ??= this.detectStyle();
    return this.detected;
  }

  get text(): string {
    return this.bom + this.source;
  }

  private get document(): Document.Parsed {
    if (!this.parsed) {
      const parsed = parse(this.source);
      if (parsed.errors.length > 0) throw new EditError("the edit could not be made without disturbing the rest of the file; nothing was changed");
      this.confirm(parsed.toJS());
      this.parsed = parsed;
    }
    return this.parsed;
  }

  /** Index of the first item of the list at `path` that is a mapping whose `key` is `value`; -1 when none. */
  indexWhere(path: DataPath, key: string, value: unknown): number {
    const seq = this.node(path);
    return isSeq(seq) ? seq.items.findIndex((item) => isMap(item) && item.get(key) === value) : -1;
  }

  /** Index of the first item of the list at `path` that is a mapping holding `key`; -1 when none. */
  indexWithKey(path: DataPath, key: string): number {
    const seq = this.node(path);
    return isSeq(seq) ? seq.items.findIndex((item) => isMap(item) && item.has(key)) : -1;
  }

  /** The string values of `key` in the mappings of the list at `path`. */
  valuesOf(path: DataPath, key: string): string[] {
    const seq = this.node(path);
    if (!isSeq(seq)) return [];
    return seq.items.map((item) => (isMap(item) ? item.get(key) : undefined)).filter((value): value is string => typeof value === "string");
  }

  /** Number of items of the list at `path` (0 when there is none). */
  count(path: DataPath): number {
    const seq = this.node(path);
    return isSeq(seq) ? seq.items.length : 0;
  }

  /** The node at `path`, or undefined. */
  node(path: DataPath): unknown {
    return path.length === 0 ? this.document.contents : this.document.getIn(path, true);
  }

  /** 1-based line and column of the node at `path` (for messages). */
  position(path: DataPath): { line: number; column: number } {
    const offset = (this.node(path) as Node | undefined)?.range?.[0] ?? 0;
    let line = 1;
    for (let at = this.source.indexOf("\n"); at !== -1 && at < offset; at = this.source.indexOf("\n", at + 1)) line++;
    return { line, column: this.column(offset) + 1 };
  }

  // ── Public edits ───────────────────────────────────────────────────────

  /** Set the value at `path`, creating missing mappings on the way. Returns false when nothing changed. */
  setIn(path: DataPath, value: Plain): boolean {
    assertNoEmptyMap(value, path);
    let node: unknown = this.document.contents;
    let parent: unknown;
    for (let i = 0; i < path.length; i++) {
      const segment = path[i]!;
      if (isMap(node)) {
        const pair = findPair(node, segment);
        if (!pair) {
          let nested: Plain = value;
          for (let j = path.length - 1; j > i; j--) nested = { [String(path[j])]: nested };
          this.insertPair(node, path.slice(0, i), String(segment), nested);
          return true;
        }
        parent = node;
        node = pair.value;
      } else if (isSeq(node) && typeof segment === "number" && segment < node.items.length) {
        parent = node;
        node = node.items[segment];
      } else if (isScalar(node) && node.value === null && isMap(parent)) {
        // `pricing:` with nothing under it: write the whole value.
        let nested: Plain = value;
        for (let j = path.length - 1; j >= i; j--) nested = { [String(path[j])]: nested };
        this.replacePair(parent, path.slice(0, i), nested);
        return true;
      } else {
        throw new EditError(`cannot set ${formatPath(path)}: ${formatPath(path.slice(0, i))} is not a mapping`);
      }
    }
    const current = isCollection(node) || isScalar(node) ? (node as Node).toJS(this.document) : node;
    if (isDeepStrictEqual(current, value)) return false;
    const scalarValue = value === null || typeof value !== "object";
    if (isScalar(node) && scalarValue && node.range && node.range[1] > node.range[0]) {
      this.splice(node.range[0], node.range[1], this.renderInline(value, node), (doc) => doc.setIn(path, value));
      return true;
    }
    if (isCollection(node) && node.flow && !scalarValue && node.range) {
      this.splice(node.range[0], node.range[1], this.renderInline(value, node), (doc) => doc.setIn(path, doc.createNode(value)));
      return true;
    }
    if (!isMap(parent)) throw new EditError(`cannot replace ${formatPath(path)}: it is not the value of a key`);
    this.replacePair(parent, path, value);
    return true;
  }

  /** Append `value` to the sequence at `path` (created when missing). */
  appendItem(path: DataPath, value: Plain): void {
    assertNoEmptyMap(value, path);
    const seq = this.node(path);
    if (seq === undefined || (isScalar(seq) && seq.value === null)) {
      this.setIn(path, [value]);
      return;
    }
    if (!isSeq(seq)) throw new EditError(`cannot add to ${formatPath(path)}: it is not a list`);
    const expect = (doc: Document) => doc.addIn(path, doc.createNode(value));
    if (seq.flow) {
      const parent = this.node(path.slice(0, -1));
      const list = [...(seq.toJS(this.document) as Plain[]), value];
      // `models: []` grows into a block list; a flow list of scalars stays flow.
      if (seq.items.length === 0 && isPlainObject(value) && isMap(parent)) this.replacePair(parent, path, list, false);
      else this.splice(seq.range![0], seq.range![1], this.renderInline(list, seq), expect);
      return;
    }
    const last = seq.items[seq.items.length - 1] as Node | undefined;
    if (!last) throw new EditError(`cannot add to ${formatPath(path)}: empty block list`);
    const span = this.itemSpan(last);
    const text = this.renderBlock(new YAMLSeq(), value, last, [...path, seq.items.length]);
    this.insert(span.end, this.indentLines(text, " ".repeat(span.column)), expect);
  }

  /** Remove item `index` of the sequence at `path`, with its lines. */
  removeItem(path: DataPath, index: number): void {
    const seq = this.node(path);
    if (!isSeq(seq) || index >= seq.items.length) throw new EditError(`${formatPath([...path, index])} does not exist`);
    const expect = (doc: Document) => doc.deleteIn([...path, index]);
    const remaining = (seq.toJS(this.document) as Plain[]).filter((_, i) => i !== index);
    if (seq.flow) {
      this.splice(seq.range![0], seq.range![1], this.renderInline(remaining, seq), expect);
      return;
    }
    if (seq.items.length === 1) {
      const parent = this.node(path.slice(0, -1));
      if (!isMap(parent)) throw new EditError(`cannot empty ${formatPath(path)}`);
      this.replacePair(parent, path, []);
      return;
    }
    const span = this.itemSpan(seq.items[index] as Node);
    this.splice(span.start, span.end, "", expect);
  }

  // ── Splicing ───────────────────────────────────────────────────────────

  /**
   * Replace [start, end) with `text`. `expect` applies the same change to
   * the Document; the new text must parse to exactly that data. The check
   * runs on the next parse of the text: `confirm` (given the data the
   * caller's own parse produced), or the next edit's.
   */
  private splice(start: number, end: number, text: string, expect: (doc: Document) => void): void {
    const document = this.document;
    expect(document); // the Document is re-read from the new text anyway
    this.source = this.source.slice(0, start) + text + this.source.slice(end);
    this.expected = document.toJS();
    this.parsed = undefined;
  }

  /**
   * Check the last edit against `data`, the caller's parse of the new text.
   * A mismatch is settled by the `yaml` package's own parse (the two parsers
   * can differ on exotic scalars); a real difference throws EditError.
   */
  confirm(data: unknown): void {
    if (this.expected === NOT_EDITED || isDeepStrictEqual(data, this.expected)) {
      this.expected = NOT_EDITED;
      return;
    }
    const parsed = parse(this.source);
    if (parsed.errors.length > 0 || !isDeepStrictEqual(parsed.toJS(), this.expected)) {
      throw new EditError("the edit could not be made without disturbing the rest of the file; nothing was changed");
    }
    this.expected = NOT_EDITED;
    this.parsed = parsed;
  }

  /** Make sure the current text says what the edits meant (parsing it when nobody has yet). */
  verify(): void {
    if (this.expected !== NOT_EDITED) void this.document;
  }

  private insert(at: number, text: string, expect: (doc: Document) => void): void {
    // A file without a final newline: start a new line, and keep it without one.
    if (at === this.source.length && this.source.length > 0 && !this.source.endsWith("\n")) {
      text = this.style.eol + text.slice(0, text.length - this.style.eol.length);
    }
    this.splice(at, at, text, expect);
  }

  private insertPair(map: YAMLMap<unknown, unknown>, mapPath: DataPath, key: string, value: Plain): void {
    const expect = (doc: Document) => doc.setIn([...mapPath, key], doc.createNode(value));
    if (map.flow || map.items.length === 0) {
      if (!map.range || !map.flow) throw new EditError(`cannot add \`${key}\` to ${formatPath(mapPath)}`);
      const data = { ...(map.toJS(this.document) as Record<string, Plain>), [key]: value };
      this.splice(map.range[0], map.range[1], this.renderInline(data, map), expect);
      return;
    }
    const order = this.keyOrder(mapPath);
    const rank = (name: string) => {
      const at = order.indexOf(name);
      return at === -1 ? Number.POSITIVE_INFINITY : at;
    };
    const ranked = map.items.map((pair) => ({ pair, rank: rank(String(isScalar(pair.key) ? pair.key.value : pair.key)) }));
    const mine = rank(key);
    let after: Pair<unknown, unknown> | undefined;
    let best = -1;
    for (const { pair, rank: r } of ranked) {
      if (r < mine && r > best) {
        after = pair;
        best = r;
      }
    }
    const first = map.items[0]!;
    const column = this.column((first.key as Node).range![0]);
    const text = this.renderBlock(new YAMLMap(), { [key]: value }, this.template([...mapPath, key]), [...mapPath, key]);
    const lines = this.indentLines(text, " ".repeat(column));
    if (!after) {
      // Before everything: only possible when the first key starts its line (not after a `- `).
      const firstStart = (first.key as Node).range![0];
      const lineStart = this.lineStart(firstStart);
      if (/^[ \t]*$/.test(this.source.slice(lineStart, firstStart))) {
        this.insert(lineStart, lines, expect);
        return;
      }
      after = map.items[map.items.length - 1]!;
    }
    this.insert(this.pairSpan(after).end, lines, expect);
  }

  /** Rewrite a whole `key: value` pair (a block value changing shape). */
  private replacePair(map: YAMLMap<unknown, unknown>, valuePath: DataPath, value: Plain, keepFlow = true): void {
    const key = valuePath[valuePath.length - 1]!;
    const pair = findPair(map, key);
    if (!pair) throw new EditError(`${formatPath(valuePath)} does not exist`);
    const keyNode = pair.key as Node;
    const start = keyNode.range![0];
    const span = this.pairSpan(pair);
    const template = keepFlow ? (pair.value as Node | undefined) : undefined;
    const keyType = isScalar(keyNode) ? keyNode.type : undefined;
    const text = this.renderBlock(new YAMLMap(), { [String(key)]: value }, template, valuePath, keyType);
    // The first line continues where the key stood (after its indentation or `- `).
    const indented = this.indentLines(text, " ".repeat(this.column(start)), "");
    this.splice(start, span.end, indented, (doc) => doc.setIn(valuePath, doc.createNode(value)));
  }

  // ── Positions ──────────────────────────────────────────────────────────

  private lineStart(offset: number): number {
    return this.source.lastIndexOf("\n", offset - 1) + 1;
  }

  /** The offset just past the newline of the line holding `offset`. */
  private lineEnd(offset: number): number {
    const newline = this.source.indexOf("\n", offset);
    return newline === -1 ? this.source.length : newline + 1;
  }

  private column(offset: number): number {
    return offset - this.lineStart(offset);
  }

  /** Just past the last non-space character of a node. */
  private contentEnd(node: Node): number {
    const [start, end] = node.range!;
    let at = end;
    while (at > start && /\s/.test(this.source[at - 1]!)) at--;
    return at;
  }

  /** The end of the line holding `contentEnd`, plus comment lines indented deeper than `column` (they belong to it). */
  private spanEnd(contentEnd: number, column: number): number {
    let at = this.lineEnd(Math.max(contentEnd - 1, 0));
    while (at < this.source.length) {
      const next = this.lineEnd(at);
      const indent = /^([ \t]*)#/.exec(this.source.slice(at, next));
      if (!indent || indent[1]!.length <= column) break;
      at = next;
    }
    return at;
  }

  private pairSpan(pair: Pair<unknown, unknown>): { end: number } {
    const key = pair.key as Node;
    const value = pair.value as Node | null;
    const end = Math.max(this.contentEnd(key), value?.range ? this.contentEnd(value) : 0);
    return { end: this.spanEnd(end, this.column(key.range![0])) };
  }

  /** Whole lines of a block sequence item, from its `-` to its last line. */
  private itemSpan(item: Node): { start: number; end: number; column: number } {
    let dash = item.range![0] - 1;
    while (dash >= 0 && /\s/.test(this.source[dash]!)) dash--;
    if (this.source[dash] !== "-") throw new EditError("unexpected list layout (an item without its `-`)");
    const column = this.column(dash);
    if (!/^[ \t]*$/.test(this.source.slice(this.lineStart(dash), dash))) throw new EditError("unexpected list layout (an item that does not start its line)");
    return { start: this.lineStart(dash), end: this.spanEnd(Math.max(this.contentEnd(item), dash + 1), column), column };
  }

  // ── Style ──────────────────────────────────────────────────────────────

  private detectStyle(): TextStyle {
    const indents: number[] = [];
    const seqOffsets: number[] = [];
    let flowPadding = false;
    visit(this.document, {
      Pair: (_key, pair) => {
        const key = pair.key as Node | null;
        const value = pair.value as Node | null;
        if (!key?.range || !value?.range || !isCollection(value)) return;
        if (value.flow) {
          if (/^[[{] /.test(this.source.slice(value.range[0], value.range[0] + 2))) flowPadding = true;
          return;
        }
        const first = value.items[0] as Node | Pair | undefined;
        const firstNode = (isMap(value) ? ((first as Pair | undefined)?.key as Node | undefined) : (first as Node | undefined)) ?? undefined;
        if (!firstNode?.range) return;
        const keyColumn = this.column(key.range[0]);
        if (isMap(value)) indents.push(this.column(firstNode.range[0]) - keyColumn);
        else seqOffsets.push(this.column(firstNode.range[0]) - 2 - keyColumn);
        // A few dozen samples settle a file's style; no need to walk all of a long file.
        if (indents.length >= 24 && seqOffsets.length >= 24) return visit.BREAK;
        return undefined;
      },
    });
    const indent = mode(indents.filter((n) => n > 0), 2);
    // The `yaml` package puts a list's `-` at `indent` past its key, or (indentSeq off) at `indent - 2`.
    const seqOffset = mode(seqOffsets, indent);
    return {
      indent,
      indentSeq: seqOffset >= indent,
      flowPadding,
      eol: this.source.includes("\r\n") ? "\r\n" : "\n",
    };
  }

  /**
   * The nearest existing node playing the same part as `path`: the same
   * path in the previous (else next) item of the closest enclosing list.
   */
  private template(path: DataPath): Node | undefined {
    for (let k = path.length - 1; k >= 0; k--) {
      const index = path[k];
      if (typeof index !== "number") continue;
      const seq = this.node(path.slice(0, k));
      if (!isSeq(seq)) continue;
      const candidates: number[] = [];
      for (let step = 1; step <= seq.items.length; step++) candidates.push(index - step, index + step);
      for (const j of candidates) {
        if (j < 0 || j >= seq.items.length) continue;
        const found = this.node([...path.slice(0, k), j, ...path.slice(k + 1)]);
        if (found !== undefined && found !== null) return found as Node;
      }
    }
    return undefined;
  }

  private keyOrder(mapPath: DataPath): string[] {
    return combinedOrder(mapKeys(this.template(mapPath) ?? this.node(mapPath)), this.schemaKeys(mapPath));
  }

  /** Order a new value's keys like its template (and the schema), recursively. */
  private ordered(value: Plain, template: unknown, path: DataPath): Plain {
    if (Array.isArray(value)) {
      const itemTemplate = isSeq(template) ? template.items[0] : undefined;
      return value.map((item, i) => this.ordered(item, itemTemplate, [...path, i]));
    }
    if (!isPlainObject(value)) return value;
    const order = combinedOrder(mapKeys(template), this.schemaKeys(path));
    const keys = Object.keys(value).sort((a, b) => {
      const ra = order.indexOf(a);
      const rb = order.indexOf(b);
      return (ra === -1 ? Number.POSITIVE_INFINITY : ra) - (rb === -1 ? Number.POSITIVE_INFINITY : rb);
    });
    const out: { [key: string]: Plain } = {};
    for (const key of keys) out[key] = this.ordered(value[key]!, isMap(template) ? template.get(key, true) : undefined, [...path, key]);
    return out;
  }

  /** Copy flow style and string quoting from `template` onto a new node. */
  private styleLike(node: unknown, template: unknown): void {
    if (isScalar(node)) {
      if (isScalar(template) && typeof node.value === "string" && typeof template.value === "string" && template.type && !template.type.startsWith("BLOCK")) {
        node.type = template.type;
      }
      return;
    }
    if (isCollection(node) && isCollection(template) && isMap(node) === isMap(template)) node.flow = Boolean(template.flow);
    if (isMap(node)) {
      for (const pair of node.items) {
        const key = pair.key as Scalar;
        // Pattern keys (`"*"`, `"claude-*"`) are quoted in registry files.
        if (isScalar(key) && typeof key.value === "string" && key.value.includes("*")) key.type = Scalar.QUOTE_DOUBLE;
        if (!isMap(template)) continue;
        // Pattern lists hold one-key entries with differing keys: style by position.
        const like = findPair(template, String(key.value)) ?? (template.items.length === 1 && node.items.length === 1 ? template.items[0] : undefined);
        if (!like) continue;
        if (isScalar(like.key) && isScalar(key) && like.key.type && !like.key.type.startsWith("BLOCK")) key.type = like.key.type;
        this.styleLike(pair.value, like.value);
      }
    } else if (isSeq(node)) {
      const itemTemplate = isSeq(template) ? template.items[0] : undefined;
      for (const item of node.items) this.styleLike(item, itemTemplate);
    }
  }

  private toText(document: Document): string {
    return document.toString({
      indent: this.style.indent,
      indentSeq: this.style.indentSeq,
      flowCollectionPadding: this.style.flowPadding,
      lineWidth: 0,
    });
  }

  /** A scalar or flow collection, in place of `like`. */
  private renderInline(value: Plain, like: Node): string {
    const document = new Document();
    const node = document.createNode(this.ordered(value, like, []));
    this.styleLike(node, like);
    if (isCollection(node)) node.flow = true;
    document.contents = node;
    return this.toText(document).replace(/\n$/, "");
  }

  /**
   * A block rendering of `value` as one item of a list (`container` a
   * YAMLSeq) or as one `key: value` pair (`container` a YAMLMap, `value`
   * a one-key object), styled like `template`.
   */
  private renderBlock(container: Collection, value: Plain, template: Node | undefined, path: DataPath, keyType?: Scalar.Type): string {
    const document = new Document();
    if (isSeq(container)) {
      const node = document.createNode(this.ordered(value, template, path));
      this.styleLike(node, template);
      container.items.push(node);
    } else {
      const [key, inner] = Object.entries(value as Record<string, Plain>)[0]!;
      const keyNode = document.createNode(key) as Scalar;
      if (keyType && !keyType.startsWith("BLOCK")) keyNode.type = keyType;
      else if (key.includes("*")) keyNode.type = Scalar.QUOTE_DOUBLE;
      const node = document.createNode(this.ordered(inner, template, path));
      this.styleLike(node, template);
      container.items.push(document.createPair(keyNode, node) as never);
    }
    document.contents = container;
    return this.toText(document);
  }

  /** Prefix every line; the first line gets `firstPrefix` (defaults to `prefix`). */
  private indentLines(text: string, prefix: string, firstPrefix = prefix): string {
    const lines = text.replace(/\n$/, "").split("\n");
    return lines.map((line, i) => (i === 0 ? firstPrefix : prefix) + line).join(this.style.eol) + this.style.eol;
  }
}

/** Render a whole new file (a new provider) in the registry's usual style. */
export function renderNewFile(header: string, value: { [key: string]: Plain }): string {
  assertNoEmptyMap(value, []);
  const document = new Document();
  const node = document.createNode(value) as YAMLMap;
  visit(node, {
    Pair(_key, pair) {
      const key = pair.key as Scalar;
      if (isScalar(key) && typeof key.value === "string" && key.value.includes("*")) key.type = Scalar.QUOTE_DOUBLE;
    },
  });
  document.contents = node;
  return header + document.toString({ indent: 2, indentSeq: true, flowCollectionPadding: false, lineWidth: 0 });
}
