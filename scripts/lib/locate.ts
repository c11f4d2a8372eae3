/**
 * Data path → line:column for a file that parsed on the fast path.
 *
 * A second js-yaml pass with a listener records where every node starts, so
 * a valid file with a warning never needs the slower `yaml` package. Only
 * files with findings pay for it.
 */
import jsyaml from "js-yaml";
import type { DataPath } from "./problems.ts";

interface PositionNode {
  start: number;
  kind: string | null;
  children: PositionNode[];
}

export interface Position {
  line: number;
  column: number;
}

/** The tree of node start offsets, mirroring the parsed data (mappings: key, value, key, value…). */
function positionTree(text: string): PositionNode | undefined {
  const stack: PositionNode[] = [{ start: 0, kind: "root", children: [] }];
  jsyaml.load(text, {
    schema: jsyaml.CORE_SCHEMA,
    listener(event, state) {
      if (event === "open") {
        stack.push({ start: state.position, kind: null, children: [] });
      } else {
        const node = stack.pop()!;
        node.kind = state.kind;
        stack[stack.length - 1]!.children.push(node);
      }
    },
  });
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

function toPosition(text: string, offset: number): Position {
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf("\n"); i !== -1 && i < offset; i = text.indexOf("\n", i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, column: offset - lineStart + 1 };
}

function keyText(text: string, node: PositionNode): string {
  // Keys of registry files are plain or quoted scalars on one line.
  const start = skipSeparation(text, node.start);
  const quote = text[start];
  if (quote === '"' || quote === "'") {
    const end = text.indexOf(quote, start + 1);
    return text.slice(start + 1, end === -1 ? undefined : end);
  }
  const match = /^[^:\n]*?(?=\s*:(?:\s|$))/.exec(text.slice(start, start + 1024));
  return (match ? match[0] : "").trimEnd();
}

/**
 * The key or value `path` names, or the nearest existing node above it when
 * it names something missing (a required key, say).
 */
export function locateInText(text: string, path: DataPath, at: "key" | "value" = "value", data?: unknown): Position {
  let node = positionTree(text);
  if (!node) return { line: 1, column: 1 };
  let nearest = skipSeparation(text, node.start);
  let keyStart: number | undefined;
  let value: unknown = data;
  for (let i = 0; i < path.length; i++) {
    const segment = path[i]!;
    const last = i === path.length - 1;
    let child: PositionNode | undefined;
    keyStart = undefined;
    if (node.kind === "mapping") {
      // Match keys by position among the data's own keys when we have the data
      // (exact for any key spelling), else by reading the key's text.
      const keys = value !== null && typeof value === "object" && !Array.isArray(value) ? Object.keys(value) : undefined;
      const index = keys ? keys.indexOf(String(segment)) : -1;
      let pair = -1;
      if (index !== -1 && node.children.length === keys!.length * 2) pair = index;
      else {
        for (let k = 0; k + 1 < node.children.length; k += 2) {
          if (keyText(text, node.children[k]!) === String(segment)) {
            pair = k / 2;
            break;
          }
        }
      }
      if (pair === -1) return toPosition(text, nearest);
      keyStart = skipSeparation(text, node.children[pair * 2]!.start);
      child = node.children[pair * 2 + 1];
      if (last && at === "key") return toPosition(text, keyStart);
    } else if (node.kind === "sequence" && typeof segment === "number") {
      child = node.children[segment];
    }
    if (!child) return toPosition(text, keyStart ?? nearest);
    value = value !== null && typeof value === "object" ? (value as Record<string | number, unknown>)[segment] : undefined;
    node = child;
    // An empty value (`pricing:`) has no text of its own: its key stands for it.
    nearest = child.kind === null ? (keyStart ?? nearest) : skipSeparation(text, child.start);
  }
  return toPosition(text, nearest);
}
