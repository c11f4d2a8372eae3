/**
 * Data path → line:column for a file that parsed on the fast path.
 *
 * Most paths are read from key lines alone: block mappings and block lists
 * of block mappings, each level checked against the data before it is
 * trusted (most findings sit on such a key: `models.3.id`,
 * `models.3.pricing.input_tokens.cache_read`). Any other form is answered
 * by a second js-yaml pass with a listener that records where every node
 * starts, so a valid file with a warning never needs the slower `yaml`
 * package. Only files with findings pay for either, once per file however
 * many findings.
 */
import jsyaml from "js-yaml";
import type { DataPath } from "../problems.ts";
import { MAX_DEPTH } from "./shared.ts";
import { YAML_12_CORE } from "./schema12.ts";
import { isBlank, lineEnd } from "./text-checks.ts";

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

/** Whether the line at `start` holds only blanks or a comment. */
function isBlankLine(text: string, start: number, end: number): boolean {
  let content = start;
  while (isBlank(text.charCodeAt(content))) content++;
  const code = text.charCodeAt(content);
  return content >= end || code === 35 || code === 13;
}

/** Whether the `- ` (or a lone `-`) of a block sequence entry starts at `at`. */
function isDash(text: string, at: number): boolean {
  const next = text.charCodeAt(at + 1);
  return text.charCodeAt(at) === 45 && (next === 32 || isLineEnd(next) || next === 13);
}

/**
 * A block mapping read from its key lines: each key's name, where it
 * starts, and where the lines of its value end (the next key's line, or the
 * mapping's end). Trusted only once its names are checked against the data.
 */
interface LineMapping {
  names: string[];
  offsets: number[];
  ends: number[];
  /** The column (0-based) its keys start at. */
  indent: number;
  /** Name → index, built on the first lookup in a large mapping (a file may hold 100,000 keys, each with a finding). */
  index?: Map<string, number>;
}

function keyIndex(mapping: LineMapping, name: string): number {
  if (mapping.names.length < 32) return mapping.names.indexOf(name);
  mapping.index ??= new Map(mapping.names.map((key, k) => [key, k]));
  return mapping.index.get(name) ?? -1;
}

function newMapping(indent: number): LineMapping {
  return { names: [], offsets: [], ends: [], indent };
}

/** Closes a mapping whose last key's value runs to `end`. */
function closeMapping(mapping: LineMapping, end: number): LineMapping {
  if (mapping.names.length > 0) mapping.ends[mapping.names.length - 1] = end;
  return mapping;
}

/**
 * The block mapping on the lines from `start` to `end`, its keys at the
 * indentation of its first line (which must exceed `above`, the column of
 * the key it is the value of; the top level has none). Deeper lines belong
 * to its values, as do `- ` lines at its own column after a key (a sequence
 * written at the key's column); anything else at its column or left of it
 * is a form the line reading does not trust.
 */
function readMapping(text: string, starts: readonly number[], start: number, end: number, above: number): LineMapping | undefined {
  let mapping: LineMapping | undefined;
  for (let i = lineIndex(starts, start); i < starts.length && starts[i]! < end; i++) {
    const line = starts[i]!;
    const next = lineEndAt(text, starts, i, end);
    // At the top level most lines are deeper than its keys, and one character tells.
    const at = mapping?.indent === 0 && text.charCodeAt(line) === 32 ? -1 : contentStartOf(text, line, next);
    if (at !== -1) {
      const indent = at - line;
      if (!mapping && above < 0 && isDocumentStart(text, at, next)) {
        // `---` before the top-level mapping.
      } else {
        mapping ??= indent > above ? newMapping(indent) : undefined;
        if (!mapping || indent < mapping.indent) return undefined;
        if (indent === mapping.indent) {
          if (isDash(text, at)) {
            if (mapping.names.length === 0) return undefined;
          } else {
            if (mapping.names.length > 0) mapping.ends[mapping.names.length - 1] = line;
            if (!readItemKey(text, at, mapping)) return undefined;
          }
        }
      }
    }
  }
  return mapping && closeMapping(mapping, end);
}

/** Where each line starts. */
function lineStartsOf(text: string): number[] {
  const starts = [0];
  for (let at = text.indexOf("\n"); at !== -1; at = text.indexOf("\n", at + 1)) starts.push(at + 1);
  return starts;
}

/** The index of the line holding `offset`. */
function lineIndex(starts: readonly number[], offset: number): number {
  let low = 0;
  let high = starts.length - 1;
  while (low < high) {
    const middle = (low + high + 1) >> 1;
    if (starts[middle]! <= offset) low = middle;
    else high = middle - 1;
  }
  return low;
}

/** Where line `i` ends (its line feed), or `end` if that comes first. */
function lineEndAt(text: string, starts: readonly number[], i: number, end: number): number {
  const next = i + 1 < starts.length ? starts[i + 1]! - 1 : text.length;
  return Math.min(next, end);
}

/** Where the line's content starts, past its indentation; -1 for a line of only blanks or a comment. */
function contentStartOf(text: string, line: number, end: number): number {
  let at = line;
  while (text.charCodeAt(at) === 32) at++;
  if (at >= end) return -1;
  const code = text.charCodeAt(at);
  if (code === 35 || code === 13) return -1;
  // A tab after the indentation: blanks only, or content the line reading does not trust.
  if (code === 9) return isBlankLine(text, at, end) ? -1 : at;
  return at;
}

/** `---`, alone on its line but for blanks or a comment after a blank. */
function isDocumentStart(text: string, at: number, end: number): boolean {
  const after = at + 3;
  return text.startsWith("---", at) && (after >= end || (isBlank(text.charCodeAt(after)) && isBlankLine(text, after, end)));
}

/**
 * The items of a block sequence of block mappings on the lines from `start`
 * to `end` (`- id: …` lines, then each item's further keys), its dashes at
 * the column of its first line, which may be the column of its key, `above`.
 */
function readSequence(text: string, starts: readonly number[], start: number, end: number, above: number): LineMapping[] | undefined {
  const items: LineMapping[] = [];
  let dash = -1;
  let current: LineMapping | undefined;
  for (let i = lineIndex(starts, start); i < starts.length && starts[i]! < end; i++) {
    const line = starts[i]!;
    const next = lineEndAt(text, starts, i, end);
    const at = contentStartOf(text, line, next);
    if (at !== -1) {
      const indent = at - line;
      if (dash === -1) {
        if (indent < above) return undefined;
        dash = indent;
      }
      if (indent === dash && isDash(text, at)) {
        if (current) closeMapping(current, line);
        let key = at + 1;
        while (text.charCodeAt(key) === 32) key++;
        current = newMapping(key - line);
        items.push(current);
        if (!readItemKey(text, key, current)) return undefined;
      } else if (!current || indent < current.indent) {
        return undefined;
      } else if (indent === current.indent && !isDash(text, at)) {
        // (A `- ` line at the item's column belongs to a sequence written at its key's column.)
        current.ends[current.names.length - 1] = line;
        if (!readItemKey(text, at, current)) return undefined;
      }
    }
  }
  if (current) closeMapping(current, end);
  return items;
}

/** Whether a mapping read from lines spells exactly the keys of `value`, in order. */
function spells(mapping: LineMapping | undefined, value: unknown): mapping is LineMapping {
  if (!mapping || value === null || typeof value !== "object" || Array.isArray(value)) return false;
  const expected = Object.keys(value);
  if (mapping.names.length !== expected.length) return false;
  for (let k = 0; k < expected.length; k++) if (mapping.names[k] !== expected[k]) return false;
  return true;
}

/**
 * Where the lines of a key's block value start: the line after the key's,
 * when nothing but blanks or a comment follows the colon (a value on the
 * key's own line — a scalar, a flow collection, an anchor or an alias — is
 * not read from lines).
 */
function blockValueStart(text: string, keyStart: number): number | undefined {
  const colon = text.indexOf(":", keyStart);
  const end = lineEnd(text, colon);
  return isBlankLine(text, colon + 1, end) ? end + 1 : undefined;
}

function isKeyStart(code: number): boolean {
  return (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || code === 95;
}

function isKeyPart(code: number): boolean {
  return isKeyStart(code) || (code >= 48 && code <= 57) || code === 45;
}

/**
 * A plain key at `at` (`[A-Za-z_][A-Za-z0-9_-]*`, blanks, then `:` before a
 * blank or the line end) joins the item; anything else is a form the line
 * reading does not trust (a repeated key fails the check against the data). A loop over the characters: it
 * runs for every key line of a file with a finding.
 */
function readItemKey(text: string, at: number, item: LineMapping): boolean {
  if (!isKeyStart(text.charCodeAt(at))) return false;
  let end = at + 1;
  while (isKeyPart(text.charCodeAt(end))) end++;
  let colon = end;
  while (text.charCodeAt(colon) === 32 || text.charCodeAt(colon) === 9) colon++;
  if (text.charCodeAt(colon) !== 58) return false;
  const after = text.charCodeAt(colon + 1);
  if (!(after === 32 || after === 9 || isLineEnd(after) || (after === 13 && isLineEnd(text.charCodeAt(colon + 2))))) return false;
  const name = text.slice(at, end);
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
  let lineStarts: number[] | undefined;
  const starts = (): number[] => (lineStarts ??= lineStartsOf(text));
  const toPosition = (offset: number): Position => {
    const line = lineIndex(starts(), offset);
    return { line: line + 1, column: offset - starts()[line]! + 1 };
  };

  // Block mappings and sequences read from lines, by where their lines start; undefined where the lines do not spell the data.
  const mappings = new Map<number, LineMapping | undefined>();
  const sequences = new Map<number, LineMapping[] | undefined>();
  const mappingAt = (start: number, end: number, above: number, value: unknown): LineMapping | undefined => {
    if (!mappings.has(start)) {
      const read = readMapping(text, starts(), start, end, above);
      mappings.set(start, spells(read, value) ? read : undefined);
    }
    return mappings.get(start);
  };
  const sequenceAt = (start: number, end: number, above: number, value: readonly unknown[]): LineMapping[] | undefined => {
    if (!sequences.has(start)) {
      const read = readSequence(text, starts(), start, end, above);
      sequences.set(start, read && read.length === value.length && read.every((item, n) => spells(item, value[n])) ? read : undefined);
    }
    return sequences.get(start);
  };

  /**
   * The offset of a path read from key lines alone: block mappings and
   * block sequences of block mappings, each level checked against the data
   * (names, order, item count) before it is trusted. Undefined for any other
   * form, which the position tree then answers.
   */
  const fromLines = (path: DataPath, at: "key" | "value"): number | undefined => {
    if (data === undefined || path.length === 0) return undefined;
    let mapping: LineMapping | undefined;
    let value: unknown = data;
    let i = 0;
    if (Array.isArray(data)) {
      // A top-level list (`models/<org>.yaml`).
      const index = path[0];
      const item = typeof index === "number" ? sequenceAt(0, text.length, 0, data)?.[index] : undefined;
      if (!item) return undefined;
      if (path.length === 1) return item.offsets[0];
      value = data[index as number];
      mapping = item;
      i = 1;
    } else {
      mapping = mappingAt(0, text.length, -1, data);
    }
    for (; mapping && i < path.length; i++) {
      const segment = path[i];
      if (typeof segment !== "string") return undefined;
      const k = keyIndex(mapping, segment);
      if (k === -1) return undefined;
      const keyStart = mapping.offsets[k]!;
      if (i === path.length - 1) return at === "key" ? keyStart : valueOffset(text, keyStart, mapping.indent);
      const child = (value as Record<string, unknown>)[segment];
      const start = blockValueStart(text, keyStart);
      if (start === undefined) return undefined;
      if (Array.isArray(child)) {
        const index = path[++i];
        const item = typeof index === "number" ? sequenceAt(start, mapping.ends[k]!, mapping.indent, child)?.[index] : undefined;
        if (!item) return undefined;
        // An item stands where its first key does.
        if (i === path.length - 1) return item.offsets[0];
        value = child[index as number];
        mapping = item;
      } else {
        value = child;
        mapping = mappingAt(start, mapping.ends[k]!, mapping.indent, child);
      }
    }
    return undefined;
  };

  return (path, at = "value") => {
    const offset = fromLines(path, at);
    if (offset !== undefined) return toPosition(offset);
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
