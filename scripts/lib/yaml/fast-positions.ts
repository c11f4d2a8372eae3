/**
 * Data path → line:column for a file that parsed on the fast path.
 *
 * A second js-yaml pass with a listener records where every node starts, so
 * a valid file with a warning never needs the slower `yaml` package. Only
 * files with findings pay for it, once per file however many findings.
 */
import jsyaml from "js-yaml";
import type { DataPath } from "../problems.ts";
import { MAX_DEPTH } from "./shared.ts";
import { YAML_12_CORE } from "./schema12.ts";

interface PositionNode {
  start: number;
  kind: string | null;
  children: PositionNode[];
  /** Key text → pair index, built on first lookup (mappings only). */
  keys?: Map<string, number>;
}

export interface Position {
  line: number;
  column: number;
}

export type Locator = (path: DataPath, at?: "key" | "value") => Position;

/** The tree of node start offsets, mirroring the parsed data (mappings: key, value, key, value…). */
function positionTree(text: string): PositionNode | undefined {
  const stack: PositionNode[] = [{ start: 0, kind: "root", children: [] }];
  jsyaml.load(text, {
    schema: YAML_12_CORE,
    maxDepth: MAX_DEPTH,
    listener(event, state) {
      if (event === "open") {
        stack.push({ start: state.position, kind: null, children: [] });
      } else {
        let node = stack.pop()!;
        node.kind = text.charCodeAt(skipSeparation(text, node.start)) === 42 ? "alias" : state.kind;
        // js-yaml composes a flow collection inside the node that found it: keep one.
        const only = node.children.length === 1 ? node.children[0]! : undefined;
        if (only && only.kind === node.kind && only.start === node.start) node = only;
        stack[stack.length - 1]!.children.push(node);
      }
    },
  } as jsyaml.LoadOptions);
  return stack[0]!.children[0];
}

/** js-yaml opens a value node before the separating space and comments; skip them. */
function skipSeparation(text: string, offset: number): number {
  let i = offset;
  while (i < text.length) {
    const char = text[i];
    if (char === " " || char === "\t" || char === "\n" || char === "\r") i++;
    else if (char === "#") while (i < text.length && text[i] !== "\n") i++;
    else break;
  }
  return i;
}

/** Where a node's content starts: after separation and an anchor (`&name`), as the precise path reports it. */
function contentStart(text: string, offset: number): number {
  const at = skipSeparation(text, offset);
  if (text[at] !== "&") return at;
  let end = at + 1;
  while (end < text.length && !/[\s,[\]{}]/.test(text[end]!)) end++;
  return skipSeparation(text, end);
}

/** The key's value as data: parse the key node's own text (plain or quoted scalar). */
function keyValue(text: string, node: PositionNode, end: number): string {
  const source = text.slice(skipSeparation(text, node.start), end).replace(/\s*:\s*$/, "");
  if (/^[A-Za-z0-9_][A-Za-z0-9_./-]*$/.test(source)) return source;
  try {
    const value = jsyaml.load(`${source}: 0`, { schema: YAML_12_CORE }) as Record<string, unknown> | null;
    const keys = value && typeof value === "object" ? Object.keys(value) : [];
    return keys.length === 1 ? keys[0]! : source;
  } catch {
    return source;
  }
}

function pairIndex(text: string, node: PositionNode, segment: string): number {
  if (!node.keys) {
    node.keys = new Map();
    for (let k = 0; k + 1 < node.children.length; k += 2) {
      const key = keyValue(text, node.children[k]!, node.children[k + 1]!.start);
      if (!node.keys.has(key)) node.keys.set(key, k / 2);
    }
  }
  return node.keys.get(segment) ?? -1;
}

/**
 * Offsets of the top-level keys, read from the lines that start at column 1
 * — trusted only when they spell exactly the data's own keys in order, which
 * rules out look-alike lines inside multi-line strings. Most findings sit on
 * a top-level key (`auth_scheme`, `name`, `status`); they need no second parse.
 */
function topLevelKeys(text: string, data: unknown): Map<string, number> | undefined {
  if (data === null || typeof data !== "object" || Array.isArray(data)) return undefined;
  const expected = Object.keys(data);
  const found = new Map<string, number>();
  const line = /^([A-Za-z_][A-Za-z0-9_-]*)[ \t]*:(?=[ \t]|\r?$)/gm;
  let index = 0;
  for (let match = line.exec(text); match; match = line.exec(text)) {
    if (match[1] !== expected[index]) return undefined;
    found.set(match[1]!, match.index);
    index++;
  }
  return index === expected.length ? found : undefined;
}

/** The indentation of the line that starts at `start`, and where its content begins. */
function lineIndent(text: string, start: number): number {
  let i = start;
  while (text.charCodeAt(i) === 32) i++;
  return i - start;
}

/** Whether the line at `start` holds only blanks or a comment. */
function isBlankLine(text: string, start: number, end: number): boolean {
  let content = start;
  while (text[content] === " " || text[content] === "\t") content++;
  return content >= end || text[content] === "#" || text[content] === "\r" || text[content] === "\t";
}

interface ItemKeys {
  /** Each key of the item's mapping, in order… */
  names: string[];
  /** …and where it starts. */
  offsets: number[];
  /** The column (0-based) the item's keys start at. */
  indent: number;
}

/**
 * The keys of each item of a block sequence of block mappings (`models:`
 * then `- id: …` lines), read from the lines alone — trusted only when they
 * spell exactly the data's own items and keys, in order, so anything unusual
 * (a flow item, a quoted key, a look-alike line in a string) falls back to
 * the full position tree. Most findings sit on such a key (`models.3.id`).
 */
function sequenceItemKeys(text: string, valueStart: number, items: readonly unknown[]): ItemKeys[] | undefined {
  const found: ItemKeys[] = [];
  let dash = -1;
  let current: ItemKeys | undefined;
  const lineEnd = text.indexOf("\n", valueStart);
  if (lineEnd === -1 || !isBlankLine(text, valueStart, lineEnd)) return undefined;
  for (let start = lineEnd + 1; start < text.length; ) {
    let end = text.indexOf("\n", start);
    if (end === -1) end = text.length;
    if (!isBlankLine(text, start, end)) {
      const indent = lineIndent(text, start);
      const at = start + indent;
      if (dash === -1) dash = indent;
      if (indent === dash && text[at] === "-" && text[at + 1] === " ") {
        let key = at + 2;
        while (text.charCodeAt(key) === 32) key++;
        current = { names: [], offsets: [], indent: key - start };
        found.push(current);
        if (!readItemKey(text, key, current)) return undefined;
      } else if (indent <= dash) {
        break;
      } else if (current && indent === current.indent) {
        if (!readItemKey(text, at, current)) return undefined;
      }
    }
    start = end + 1;
  }
  if (found.length !== items.length) return undefined;
  for (let i = 0; i < found.length; i++) {
    const item = items[i];
    if (item === null || typeof item !== "object" || Array.isArray(item)) return undefined;
    const expected = Object.keys(item);
    const { names } = found[i]!;
    if (names.length !== expected.length) return undefined;
    for (let k = 0; k < names.length; k++) if (names[k] !== expected[k]) return undefined;
  }
  return found;
}

function isKeyStart(code: number): boolean {
  return (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || code === 95;
}

function isKeyPart(code: number): boolean {
  return isKeyStart(code) || (code >= 48 && code <= 57) || code === 45;
}

/**
 * A plain key at `at` (`[A-Za-z_][A-Za-z0-9_-]*`, blanks, then `:` before a
 * blank or the line end) joins the item; anything else, or a repeated key,
 * is a form the line reading does not trust. A loop over the characters: it
 * runs for every key line of a file with a finding.
 */
function readItemKey(text: string, at: number, item: ItemKeys): boolean {
  if (!isKeyStart(text.charCodeAt(at))) return false;
  let end = at + 1;
  while (isKeyPart(text.charCodeAt(end))) end++;
  let colon = end;
  while (text.charCodeAt(colon) === 32 || text.charCodeAt(colon) === 9) colon++;
  if (text.charCodeAt(colon) !== 58) return false;
  const after = text.charCodeAt(colon + 1);
  if (!(after === 32 || after === 9 || isLineEnd(after) || (after === 13 && isLineEnd(text.charCodeAt(colon + 2))))) return false;
  const name = text.slice(at, end);
  if (item.names.includes(name)) return false;
  item.names.push(name);
  item.offsets.push(at);
  return true;
}

/** A line feed, or past the end of the text (charCodeAt gives NaN there): the line ends. */
function isLineEnd(code: number): boolean {
  return code === 10 || Number.isNaN(code);
}

/**
 * Where a key's value starts, as the position tree has it: after the colon
 * and any blanks, comments and line breaks; a key with no value (the next
 * line is indented no deeper than the key, unless it starts the key's own
 * block sequence) stands for its value.
 */
function valueOffset(text: string, keyStart: number, keyIndent: number): number {
  const value = contentStart(text, text.indexOf(":", keyStart) + 1);
  if (value >= text.length) return keyStart;
  const lineStart = text.lastIndexOf("\n", value - 1) + 1;
  if (lineStart <= keyStart) return value;
  const indent = value - lineStart;
  if (indent > keyIndent) return value;
  if (indent === keyIndent && text[value] === "-" && /[ \r\n]/.test(text[value + 1] ?? "\n")) return value;
  return keyStart;
}

/** Builds the position index of `text` once; the returned function locates any path in it. */
export function createLocator(text: string, data?: unknown): Locator {
  let tree: PositionNode | undefined | null = null;
  const root = (): PositionNode | undefined => (tree === null ? (tree = positionTree(text)) : tree);
  let topLevel: Map<string, number> | undefined | null = null;
  // Line starts are found as far as a position needs them: most files with
  // a finding need one position, often near the top.
  const lineStarts = [0];
  let scanned = 0;
  const toPosition = (offset: number): Position => {
    while (scanned !== -1 && scanned <= offset) {
      scanned = text.indexOf("\n", scanned);
      if (scanned !== -1) lineStarts.push(++scanned);
    }
    let low = 0;
    let high = lineStarts.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if (lineStarts[middle]! <= offset) low = middle;
      else high = middle - 1;
    }
    return { line: low + 1, column: offset - lineStarts[low]! + 1 };
  };

  const itemKeys = new Map<string, ItemKeys[] | undefined>();
  return (path, at = "value") => {
    if (path.length === 3 && typeof path[0] === "string" && typeof path[1] === "number" && typeof path[2] === "string") {
      if (topLevel === null) topLevel = topLevelKeys(text, data);
      const listStart = topLevel?.get(path[0]);
      const list = (data as Record<string, unknown> | undefined)?.[path[0]];
      if (listStart !== undefined && Array.isArray(list)) {
        if (!itemKeys.has(path[0])) itemKeys.set(path[0], sequenceItemKeys(text, text.indexOf(":", listStart) + 1, list));
        const item = itemKeys.get(path[0])?.[path[1]];
        const keyAt = item ? item.names.indexOf(path[2]) : -1;
        const keyStart = keyAt === -1 ? undefined : item!.offsets[keyAt];
        if (item && keyStart !== undefined) return toPosition(at === "key" ? keyStart : valueOffset(text, keyStart, item.indent));
      }
    }
    if (path.length === 1 && typeof path[0] === "string") {
      if (topLevel === null) topLevel = topLevelKeys(text, data);
      const keyStart = topLevel?.get(path[0]);
      if (keyStart !== undefined) {
        if (at === "key") return toPosition(keyStart);
        const value = skipSeparation(text, text.indexOf(":", keyStart) + 1);
        // A key whose value is empty (`models:` then the next key) stands for its value.
        const next = value < text.length && text[value - 1] === "\n" && !/[ \t-]/.test(text[value]!) ? keyStart : value;
        return toPosition(next >= text.length ? keyStart : next);
      }
    }
    let node = root();
    if (!node) return { line: 1, column: 1 };
    let nearest = contentStart(text, node.start);
    for (let i = 0; i < path.length; i++) {
      // Inside an alias the data has no text of its own: the alias stands for it.
      if (node.kind === "alias") return toPosition(nearest);
      const segment = path[i]!;
      let child: PositionNode | undefined;
      let keyStart: number | undefined;
      if (node.kind === "mapping") {
        const pair = pairIndex(text, node, String(segment));
        if (pair === -1) return toPosition(nearest);
        keyStart = skipSeparation(text, node.children[pair * 2]!.start);
        if (i === path.length - 1 && at === "key") return toPosition(keyStart);
        child = node.children[pair * 2 + 1];
      } else if (node.kind === "sequence" && typeof segment === "number") {
        child = node.children[segment];
      }
      if (!child) return toPosition(keyStart ?? nearest);
      node = child;
      // An empty value (`pricing:`) has no text of its own: its key stands for it.
      nearest = child.kind === null ? (keyStart ?? nearest) : contentStart(text, child.start);
    }
    return toPosition(nearest);
  };
}
