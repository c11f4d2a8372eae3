/**
 * Text-preserving edits of one YAML file.
 *
 * Every edit is applied twice: to the parsed `yaml` Document (which says what
 * the data must become) and, as a splice, to the file's text (which says how
 * little of it changes). New content is created as `yaml` nodes, styled like
 * its nearest existing sibling and rendered with the file's own indentation
 * (render.ts, key-order.ts, style.ts); everything else keeps its bytes —
 * comments, key order, quoting, blank lines, line wrapping, anchors and
 * aliases. After each splice the text must parse to the edited Document's
 * data, or the edit is refused (verify.ts).
 *
 * Shared values: an edit never changes a value it was not asked to change.
 * Editing through an alias writes that entry's value out in full first;
 * editing (or removing) the anchored original first hands its anchor to the
 * next entry that uses it, written out in full, so every other user keeps
 * its value.
 */
import { isDeepStrictEqual } from "node:util";
import { isAlias, isCollection, isMap, isPair, isScalar, isSeq, visit, type Alias, type Document, type Node, type Pair, type Scalar, type YAMLMap } from "yaml";
import { formatPath, type DataPath } from "../../problems.ts";
import { findPair, keyName, mapKeys, orderLike, templateFor, combinedOrder, type KeyOrder } from "./key-order.ts";
import { dataOf, EditError, isPlainObject, parseText, splitBom, type Plain } from "./parse.ts";
import { assertNoEmptyMap, Renderer } from "./render.ts";
import { columnOf, itemSpan, leadingCommentStart, lineStart, pairSpan, positionOf, splice } from "./splice.ts";
import { detectStyle, type TextStyle } from "./style.ts";
import { DISTURBED, Expectation } from "./verify.ts";

export { EditError, YAML_OPTIONS, type Plain } from "./parse.ts";
export { renderNewFile } from "./render.ts";
export type { KeyOrder } from "./key-order.ts";
export type { TextStyle } from "./style.ts";

/** A parse of the text that was not valid YAML: refused before any edit. */
export class NotYamlError extends EditError {}

function deepSet(value: Plain, path: DataPath, inner: Plain): Plain {
  if (path.length === 0) return inner;
  const [head, ...rest] = path;
  if (Array.isArray(value) && typeof head === "number") return value.map((item, i) => (i === head ? deepSet(item, rest, inner) : item));
  const object = isPlainObject(value) ? { ...value } : {};
  object[String(head)] = deepSet(object[String(head)] ?? {}, rest, inner);
  return object;
}

/** The data path of a node found by `visit`, from its ancestors. */
function dataPathOf(ancestors: readonly unknown[], node: unknown): DataPath {
  const path: DataPath = [];
  const chain = [...ancestors, node];
  for (let i = 1; i < chain.length; i++) {
    const parent = chain[i - 1];
    const child = chain[i];
    if (isSeq(parent)) path.push(parent.items.indexOf(child as never));
    else if (isPair(child)) path.push(keyName(child));
  }
  return path;
}

export class YamlText {
  private source: string;
  /** Parsed on demand: after an edit, only a further edit needs the new Document. */
  private parsed: Document.Parsed | undefined;
  private readonly expectation = new Expectation();
  private readonly bom: string;
  private detected: TextStyle | undefined;
  private readonly render: Renderer;

  constructor(
    text: string,
    private readonly schemaKeys: KeyOrder = () => [],
  ) {
    ({ bom: this.bom, body: this.source } = splitBom(text));
    this.parsed = parseText(this.source);
    if (this.parsed.errors.length > 0) throw new NotYamlError(`the file is not valid YAML: ${this.parsed.errors[0]!.message.split("\n")[0]}`);
    this.render = new Renderer(
      () => this.style,
      (value, template, path) => orderLike(value, template, path, this.schemaKeys),
    );
  }

  /** The file's indentation and flow style, learnt from the file itself. */
  get style(): TextStyle {
    this.detected ??= detectStyle(this.document, this.source);
    return this.detected;
  }

  get text(): string {
    return this.bom + this.source;
  }

  private get document(): Document.Parsed {
    if (!this.parsed) {
      const parsed = parseText(this.source);
      this.expectation.confirmParsed(parsed);
      this.parsed = parsed;
    }
    return this.parsed;
  }

  // ── Queries ────────────────────────────────────────────────────────────

  /** The node at `path`, or undefined. */
  node(path: DataPath): unknown {
    return path.length === 0 ? this.document.contents : this.document.getIn(path, true);
  }

  /** The data at `path`, following aliases on the way (undefined when absent). */
  data(path: DataPath = []): unknown {
    let node: unknown = this.document.contents;
    for (const segment of path) {
      if (isAlias(node)) node = node.resolve(this.document);
      if (isMap(node)) node = findPair(node, segment)?.value;
      else if (isSeq(node) && typeof segment === "number") node = node.items[segment];
      else return undefined;
    }
    if (isAlias(node)) node = node.resolve(this.document);
    return isCollection(node) || isScalar(node) ? (node as Node).toJS(this.document) : node;
  }

  private items(path: DataPath): unknown[] {
    const seq = this.node(path);
    return isSeq(seq) ? seq.items.map((item) => (isAlias(item) ? item.resolve(this.document) : item)) : [];
  }

  /** Index of the first item of the list at `path` that is a mapping whose `key` is `value`; -1 when none. */
  indexWhere(path: DataPath, key: string, value: unknown): number {
    return this.items(path).findIndex((item) => isMap(item) && item.get(key) === value);
  }

  /** Index of the first item of the list at `path` that is a mapping holding `key`; -1 when none. */
  indexWithKey(path: DataPath, key: string): number {
    return this.items(path).findIndex((item) => isMap(item) && item.has(key));
  }

  /** The string values of `key` in the mappings of the list at `path`. */
  valuesOf(path: DataPath, key: string): string[] {
    return this.items(path)
      .map((item) => (isMap(item) ? item.get(key) : undefined))
      .filter((value): value is string => typeof value === "string");
  }

  /** Number of items of the list at `path` (0 when there is none). */
  count(path: DataPath): number {
    const seq = this.node(path);
    return isSeq(seq) ? seq.items.length : 0;
  }

  /** 1-based line and column of the node at `path` (for messages). */
  position(path: DataPath): { line: number; column: number } {
    return positionOf(this.source, (this.node(path) as Node | undefined)?.range?.[0] ?? 0);
  }

  // ── Public edits ───────────────────────────────────────────────────────

  /** Set the value at `path`, creating missing mappings on the way. Returns false when nothing changed. */
  setIn(path: DataPath, value: Plain): boolean {
    assertNoEmptyMap(value, path);
    if (isDeepStrictEqual(this.data(path), value)) return false;
    if (this.releaseSharedAlong(path)) return this.setIn(path, value);
    let node: unknown = this.document.contents;
    let parent: unknown;
    for (let i = 0; i < path.length; i++) {
      const segment = path[i]!;
      if (isAlias(node) && isMap(parent)) {
        // Reached through an alias: this entry gets its own copy, with the change.
        const shared = (node.resolve(this.document) as Node | undefined)?.toJS(this.document) as Plain;
        this.replacePair(parent, path.slice(0, i), deepSet(shared, path.slice(i), value), node.resolve(this.document) as Node);
        return true;
      }
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
    const scalarValue = value === null || typeof value !== "object";
    if (isScalar(node) && scalarValue && node.range && node.range[1] > node.range[0]) {
      this.edit(node.range[0], node.range[1], this.render.inline(value, node), (doc) => doc.setIn(path, value));
      return true;
    }
    if (isCollection(node) && node.flow && !scalarValue && node.range) {
      this.edit(node.range[0], node.range[1], this.render.inline(value, node), (doc) => doc.setIn(path, doc.createNode(value)));
      return true;
    }
    if (!isMap(parent)) throw new EditError(`cannot replace ${formatPath(path)}: it is not the value of a key`);
    this.replacePair(parent, path, value, isAlias(node) ? (node.resolve(this.document) as Node) : undefined);
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
      const list = [...(this.data(path) as Plain[]), value];
      // `models: []` grows into a block list; a flow list of scalars stays flow.
      if (seq.items.length === 0 && isPlainObject(value) && isMap(parent)) this.replacePair(parent, path, list, undefined, false);
      else this.edit(seq.range![0], seq.range![1], this.render.inline(list, seq), expect);
      return;
    }
    const last = seq.items[seq.items.length - 1] as Node | undefined;
    if (!last) throw new EditError(`cannot add to ${formatPath(path)}: empty block list`);
    const span = itemSpan(this.source, last);
    const template = isAlias(last) ? (last.resolve(this.document) as Node) : last;
    const text = this.render.item(value, template, [...path, seq.items.length]);
    this.insert(span.end, this.render.indentLines(text, " ".repeat(span.column)), expect);
  }

  /** Remove item `index` of the sequence at `path`, with its lines and the comment block directly above it. */
  removeItem(path: DataPath, index: number): void {
    const seq = this.node(path);
    if (!isSeq(seq) || index >= seq.items.length) throw new EditError(`${formatPath([...path, index])} does not exist`);
    if (this.releaseAnchorsInside(seq.items[index] as Node)) return this.removeItem(path, index);
    const expect = (doc: Document) => doc.deleteIn([...path, index]);
    const remaining = (this.data(path) as Plain[]).filter((_, i) => i !== index);
    if (seq.flow) {
      this.edit(seq.range![0], seq.range![1], this.render.inline(remaining, seq), expect);
      return;
    }
    if (seq.items.length === 1) {
      const parent = this.node(path.slice(0, -1));
      if (!isMap(parent)) {
        // A top-level sequence (`models/<org>.yaml`) cannot be emptied into a key; it becomes `[]`.
        const span = itemSpan(this.source, seq.items[0] as Node);
        this.edit(leadingCommentStart(this.source, span.start, span.column), span.end, `[]${this.style.eol}`, expect);
        return;
      }
      this.replacePair(parent, path, []);
      return;
    }
    const span = itemSpan(this.source, seq.items[index] as Node);
    this.edit(leadingCommentStart(this.source, span.start, span.column), span.end, "", expect);
  }

  // ── Shared values ──────────────────────────────────────────────────────

  /** Aliases of `anchor`, in document order, with where they sit. */
  private aliasesOf(anchor: string): Array<{ alias: Alias; ancestors: readonly unknown[] }> {
    const found: Array<{ alias: Alias; ancestors: readonly unknown[] }> = [];
    visit(this.document, {
      Alias: (_key, alias, ancestors) => {
        if (alias.source === anchor) found.push({ alias, ancestors: [...ancestors] });
      },
    });
    return found;
  }

  /**
   * Before a change to the node at `path` or under it: when a node on the
   * way holds an anchor that aliases elsewhere use, hand the anchor on first
   * (the change then applies to this copy only). True when the text changed.
   */
  private releaseSharedAlong(path: DataPath): boolean {
    let node: unknown = this.document.contents;
    for (let i = 0; i <= path.length; i++) {
      if ((isCollection(node) || isScalar(node)) && node.anchor && this.aliasesOf(node.anchor).length > 0) {
        this.handOnAnchor(node as Node);
        return true;
      }
      if (i === path.length || isAlias(node)) return false;
      if (isMap(node)) node = findPair(node, path[i]!)?.value;
      else if (isSeq(node) && typeof path[i] === "number") node = node.items[path[i] as number];
      else return false;
    }
    return false;
  }

  /** Before removing `item`: hand on every anchor defined inside it that is used outside it. */
  private releaseAnchorsInside(item: Node): boolean {
    let owner: Node | undefined;
    visit(item, (_key, node) => {
      if ((isCollection(node) || isScalar(node)) && node.anchor) {
        const outside = this.aliasesOf(node.anchor).some(({ ancestors }) => !ancestors.includes(item));
        if (outside) {
          owner = node;
          return visit.BREAK;
        }
      }
      return undefined;
    });
    if (!owner) return false;
    this.handOnAnchor(owner);
    return true;
  }

  /**
   * Move the anchor of `owner` to its first alias: that alias is written out
   * in full, anchored, and `owner` keeps its value without the anchor. The
   * data does not change; later aliases now share the moved copy.
   */
  private handOnAnchor(owner: Node): void {
    const anchor = (owner as Scalar).anchor!;
    const [first] = this.aliasesOf(anchor);
    const pair = first?.ancestors[first.ancestors.length - 1];
    if (!first || !isPair(pair) || !isMap(first.ancestors[first.ancestors.length - 2])) {
      throw new EditError(
        `the value anchored as &${anchor} is shared in a way this edit cannot untangle (an alias that is not the value of a key); edit the file by hand`,
      );
    }
    const value = owner.toJS(this.document) as Plain;
    const keyNode = pair.key as Scalar;
    const start = keyNode.range![0];
    const end = pairSpan(this.source, pair).end;
    const path = dataPathOf(first.ancestors.slice(0, -1), pair);
    const text = this.render.pair(keyName(pair), value, owner, path, keyNode.type, anchor);
    const anchored = this.render.indentLines(text, " ".repeat(columnOf(this.source, start)), "");
    // The alias comes after its anchor: splice it first so the anchor's offsets hold.
    const mark = this.anchorMark(owner, anchor);
    const data = dataOf(this.document);
    this.source = splice(splice(this.source, start, end, anchored), mark.start, mark.end, "");
    this.expectation.expect(data);
    this.parsed = undefined;
  }

  /** The text of `&anchor` before `owner`, with the spacing that goes with it. */
  private anchorMark(owner: Node, anchor: string): { start: number; end: number } {
    const token = `&${anchor}`;
    const at = this.source.lastIndexOf(token, owner.range![0]);
    if (at === -1) throw new EditError(`cannot find the anchor &${anchor} in the text`);
    let start = at;
    let end = at + token.length;
    const rest = /^[ \t]*(\r?\n|$)/.exec(this.source.slice(end));
    if (rest) {
      // `key: &a` then a block on the next lines: drop the mark and the space before it.
      while (start > 0 && (this.source[start - 1] === " " || this.source[start - 1] === "\t")) start--;
      end += rest[0].length - rest[1]!.length;
    } else {
      while (this.source[end] === " " || this.source[end] === "\t") end++;
    }
    return { start, end };
  }

  // ── Splicing ───────────────────────────────────────────────────────────

  /**
   * Replace [start, end) with `text`. `expect` applies the same change to
   * the Document; the new text must parse to exactly that data (checked on
   * the next parse: `confirm`, or the next edit's).
   */
  private edit(start: number, end: number, text: string, expect: (doc: Document) => void): void {
    const document = this.document;
    expect(document); // the Document is re-read from the new text anyway
    this.source = splice(this.source, start, end, text);
    this.expectation.expect(dataOf(document));
    this.parsed = undefined;
  }

  /**
   * Check the last edit against `data`, the caller's parse of the new text
   * (so validating the result is the only parse it costs).
   */
  confirm(data: unknown): void {
    const parsed = this.expectation.confirm(data, this.source);
    if (parsed) this.parsed = parsed;
  }

  /** Make sure the current text says what the edits meant (parsing it when nobody has yet). */
  verify(): void {
    if (this.expectation.pending) void this.document;
  }

  private insert(at: number, text: string, expect: (doc: Document) => void): void {
    // A file without a final newline: start a new line, and keep it without one.
    if (at === this.source.length && this.source.length > 0 && !this.source.endsWith("\n")) {
      text = this.style.eol + text.slice(0, text.length - this.style.eol.length);
    }
    this.edit(at, at, text, expect);
  }

  private keyOrder(mapPath: DataPath): string[] {
    return combinedOrder(mapKeys(templateFor(this.document, mapPath) ?? this.node(mapPath)), this.schemaKeys(mapPath));
  }

  private insertPair(map: YAMLMap<unknown, unknown>, mapPath: DataPath, key: string, value: Plain): void {
    const expect = (doc: Document) => doc.setIn([...mapPath, key], doc.createNode(value));
    if (map.flow || map.items.length === 0) {
      if (!map.range || !map.flow) throw new EditError(`cannot add \`${key}\` to ${formatPath(mapPath)}`);
      const data = { ...(map.toJS(this.document) as Record<string, Plain>), [key]: value };
      this.edit(map.range[0], map.range[1], this.render.inline(data, map), expect);
      return;
    }
    const order = this.keyOrder(mapPath);
    const rank = (name: string) => {
      const at = order.indexOf(name);
      return at === -1 ? Number.POSITIVE_INFINITY : at;
    };
    const mine = rank(key);
    let after: Pair<unknown, unknown> | undefined;
    let best = -1;
    for (const pair of map.items) {
      const r = rank(keyName(pair));
      if (r < mine && r > best) {
        after = pair;
        best = r;
      }
    }
    const first = map.items[0]!;
    const column = columnOf(this.source, (first.key as Node).range![0]);
    const text = this.render.pair(key, value, templateFor(this.document, [...mapPath, key]), [...mapPath, key]);
    const lines = this.render.indentLines(text, " ".repeat(column));
    if (!after) {
      // Before everything: only possible when the first key starts its line (not after a `- `).
      const firstStart = (first.key as Node).range![0];
      const start = lineStart(this.source, firstStart);
      if (/^[ \t]*$/.test(this.source.slice(start, firstStart))) {
        this.insert(start, lines, expect);
        return;
      }
      after = map.items[map.items.length - 1]!;
    }
    this.insert(pairSpan(this.source, after).end, lines, expect);
  }

  /** Rewrite a whole `key: value` pair (a block value changing shape, or an alias getting its own copy). */
  private replacePair(map: YAMLMap<unknown, unknown>, valuePath: DataPath, value: Plain, template?: Node, keepFlow = true): void {
    const key = valuePath[valuePath.length - 1]!;
    const pair = findPair(map, key);
    if (!pair) throw new EditError(`${formatPath(valuePath)} does not exist`);
    const keyNode = pair.key as Node;
    const start = keyNode.range![0];
    const span = pairSpan(this.source, pair);
    const like = template ?? (keepFlow ? (pair.value as Node | undefined) : undefined);
    const keyType = isScalar(keyNode) ? keyNode.type : undefined;
    const text = this.render.pair(String(key), value, like, valuePath, keyType);
    // The first line continues where the key stood (after its indentation or `- `).
    const indented = this.render.indentLines(text, " ".repeat(columnOf(this.source, start)), "");
    this.edit(start, span.end, indented, (doc) => doc.setIn(valuePath, doc.createNode(value)));
  }
}

export { DISTURBED };
