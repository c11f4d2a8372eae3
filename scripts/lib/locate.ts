/**
 * Data path → line:column for a file that parsed on the fast path.
 *
 * A second js-yaml pass with a listener records where every node starts, so
 * a valid file with a warning never needs the slower `yaml` package. Only
 * files with findings pay for it, once per file however many findings.
 */
import jsyaml from "js-yaml";
import type { DataPath } from "./problems.ts";
import { MAX_DEPTH } from "./parse.ts";

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
    schema: jsyaml.CORE_SCHEMA,
    maxDepth: MAX_DEPTH,
    listener(event, state) {
      if (event === "open") {
        stack.push({ start: state.position, kind: null, children: [] });
      } else {
        const node = stack.pop()!;
        node.kind = state.kind;
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
    const value = jsyaml.load(`${source}: 0`, { schema: jsyaml.CORE_SCHEMA }) as Record<string, unknown> | null;
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

/** Builds the position index of `text` once; the returned function locates any path in it. */
export function createLocator(text: string): Locator {
  const root = positionTree(text);
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
    let node = root;
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
