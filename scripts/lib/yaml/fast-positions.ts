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
        node.kind = state.kind;
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

/** Builds the position index of `text` once; the returned function locates any path in it. */
export function createLocator(text: string, data?: unknown): Locator {
  let tree: PositionNode | undefined | null = null;
  const root = (): PositionNode | undefined => (tree === null ? (tree = positionTree(text)) : tree);
  let topLevel: Map<string, number> | undefined | null = null;
  const lineStarts = [0];
  for (let i = text.indexOf("\n"); i !== -1; i = text.indexOf("\n", i + 1)) lineStarts.push(i + 1);
  const toPosition = (offset: number): Position => {
    let low = 0;
    let high = lineStarts.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if (lineStarts[middle]! <= offset) low = middle;
      else high = middle - 1;
    }
    return { line: low + 1, column: offset - lineStarts[low]! + 1 };
  };

  return (path, at = "value") => {
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
    let nearest = skipSeparation(text, node.start);
    for (let i = 0; i < path.length; i++) {
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
      nearest = child.kind === null ? (keyStart ?? nearest) : skipSeparation(text, child.start);
    }
    return toPosition(nearest);
  };
}
