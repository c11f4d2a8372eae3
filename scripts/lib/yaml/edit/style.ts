/** A file's own style (indentation, list indentation, flow padding, line ends), learnt from the file. */
import { isCollection, isMap, visit, type Document, type Node, type Pair } from "yaml";
import { columnOf } from "./splice.ts";

export interface TextStyle {
  /** Spaces per nesting level of block mappings. */
  indent: number;
  /** Whether a block sequence under a key is indented (`key:\n  - a`) or not (`key:\n- a`). */
  indentSeq: boolean;
  /** `[ a, b ]` rather than `[a, b]`. */
  flowPadding: boolean;
  eol: "\n" | "\r\n";
}

/** The style `manage` writes a new file in. */
export const DEFAULT_STYLE: TextStyle = { indent: 2, indentSeq: true, flowPadding: false, eol: "\n" };

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

export function detectStyle(document: Document, source: string): TextStyle {
  const indents: number[] = [];
  const seqOffsets: number[] = [];
  let flowPadding = false;
  visit(document, {
    Pair: (_key, pair) => {
      const key = pair.key as Node | null;
      const value = pair.value as Node | null;
      if (!key?.range || !value?.range || !isCollection(value)) return;
      if (value.flow) {
        if (/^[[{] /.test(source.slice(value.range[0], value.range[0] + 2))) flowPadding = true;
        return;
      }
      const first = value.items[0] as Node | Pair | undefined;
      const firstNode = (isMap(value) ? ((first as Pair | undefined)?.key as Node | undefined) : (first as Node | undefined)) ?? undefined;
      if (!firstNode?.range) return;
      const keyColumn = columnOf(source, key.range[0]);
      if (isMap(value)) indents.push(columnOf(source, firstNode.range[0]) - keyColumn);
      else seqOffsets.push(columnOf(source, firstNode.range[0]) - 2 - keyColumn);
      // A few dozen samples settle a file's style; no need to walk all of a long file.
      if (indents.length >= 24 && seqOffsets.length >= 24) return visit.BREAK;
      return undefined;
    },
  });
  const indent = mode(
    indents.filter((n) => n > 0),
    2,
  );
  // The `yaml` package puts a list's `-` at `indent` past its key, or (indentSeq off) at `indent - 2`.
  const seqOffset = mode(seqOffsets, indent);
  return { indent, indentSeq: seqOffset >= indent, flowPadding, eol: source.includes("\r\n") ? "\r\n" : "\n" };
}
