/**
 * New content as text: `yaml` nodes styled like their nearest existing
 * sibling (flow or block, quoting), rendered with the file's indentation.
 */
import { Document, isCollection, isMap, isScalar, isSeq, Scalar, visit, YAMLMap, YAMLSeq, type Node } from "yaml";
import { formatPath, type DataPath } from "../../problems.ts";
import { findPair } from "./key-order.ts";
import { EditError, isPlainObject, type Plain } from "./parse.ts";
import { DEFAULT_STYLE, type TextStyle } from "./style.ts";

/** Orders a new value's keys for its place in the file. */
export type Order = (value: Plain, template: unknown, path: DataPath) => Plain;

/** Refuses an empty mapping anywhere in `value`: `output_tokens: {}` says nothing and reads like a mistake. */
export function assertNoEmptyMap(value: Plain, path: DataPath): void {
  if (Array.isArray(value)) value.forEach((item, i) => assertNoEmptyMap(item, [...path, i]));
  else if (isPlainObject(value)) {
    const keys = Object.keys(value);
    if (keys.length === 0) throw new EditError(`refusing to write an empty mapping at ${formatPath(path)}`);
    for (const key of keys) assertNoEmptyMap(value[key]!, [...path, key]);
  }
}

const isPatternKey = (key: Scalar) => isScalar(key) && typeof key.value === "string" && key.value.includes("*");

/** Copy flow style and string quoting from `template` onto a new node. */
function styleLike(node: unknown, template: unknown): void {
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
      if (isPatternKey(key)) key.type = Scalar.QUOTE_DOUBLE;
      if (!isMap(template)) continue;
      // Pattern lists hold one-key entries with differing keys: style by position.
      const like = findPair(template, String(key.value)) ?? (template.items.length === 1 && node.items.length === 1 ? template.items[0] : undefined);
      if (!like) continue;
      if (isScalar(like.key) && isScalar(key) && like.key.type && !like.key.type.startsWith("BLOCK")) key.type = like.key.type;
      styleLike(pair.value, like.value);
    }
  } else if (isSeq(node)) {
    const itemTemplate = isSeq(template) ? template.items[0] : undefined;
    for (const item of node.items) styleLike(item, itemTemplate);
  }
}

function toText(document: Document, style: TextStyle): string {
  return document.toString({ indent: style.indent, indentSeq: style.indentSeq, flowCollectionPadding: style.flowPadding, lineWidth: 0 });
}

export class Renderer {
  constructor(
    private readonly style: () => TextStyle,
    private readonly order: Order,
  ) {}

  /** A scalar or flow collection, in place of `like`. */
  inline(value: Plain, like: Node): string {
    const document = new Document();
    const node = document.createNode(this.order(value, like, []));
    styleLike(node, like);
    if (isCollection(node)) node.flow = true;
    document.contents = node;
    return toText(document, this.style()).replace(/\n$/, "");
  }

  /** A block rendering of `value` as one item of a list, styled like `template`. */
  item(value: Plain, template: Node | undefined, path: DataPath): string {
    const document = new Document();
    const node = document.createNode(this.order(value, template, path));
    styleLike(node, template);
    document.contents = new YAMLSeq();
    (document.contents as YAMLSeq).items.push(node);
    return toText(document, this.style());
  }

  /** A block rendering of one `key: value` pair, styled like `template` (the key quoted as `keyType`, the value anchored as `anchor`). */
  pair(key: string, value: Plain, template: Node | undefined, path: DataPath, keyType?: Scalar.Type, anchor?: string): string {
    const document = new Document();
    const keyNode = document.createNode(key) as Scalar;
    if (keyType && !keyType.startsWith("BLOCK")) keyNode.type = keyType;
    else if (key.includes("*")) keyNode.type = Scalar.QUOTE_DOUBLE;
    const node = document.createNode(this.order(value, template, path));
    styleLike(node, template);
    if (anchor !== undefined) (node as Scalar).anchor = anchor;
    const map = new YAMLMap();
    map.items.push(document.createPair(keyNode, node) as never);
    document.contents = map;
    return toText(document, this.style());
  }

  /** Prefix every line; the first line gets `firstPrefix` (defaults to `prefix`). */
  indentLines(text: string, prefix: string, firstPrefix = prefix): string {
    const eol = this.style().eol;
    const lines = text.replace(/\n$/, "").split("\n");
    return lines.map((line, i) => (i === 0 ? firstPrefix : prefix) + line).join(eol) + eol;
  }
}

/** A whole new file (a new provider, a new `models/<org>.yaml`) in the registry's usual style. */
export function renderNewFile(header: string, value: { [key: string]: Plain } | Plain[]): string {
  assertNoEmptyMap(value, []);
  const document = new Document();
  const node = document.createNode(value) as YAMLMap | YAMLSeq;
  visit(node, {
    Pair(_key, pair) {
      if (isPatternKey(pair.key as Scalar)) (pair.key as Scalar).type = Scalar.QUOTE_DOUBLE;
    },
  });
  document.contents = node;
  return header + toText(document, DEFAULT_STYLE);
}
