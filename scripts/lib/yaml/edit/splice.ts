/**
 * Where things are in the text: line and column arithmetic, and the whole
 * lines a key/value pair or a list item occupies (with the comments that
 * belong to it), which is what an edit replaces, inserts after or removes.
 */
import type { Node, Pair } from "yaml";
import { EditError } from "./parse.ts";

export function lineStart(source: string, offset: number): number {
  return source.lastIndexOf("\n", offset - 1) + 1;
}

/** The offset just past the newline of the line holding `offset`. */
export function lineEnd(source: string, offset: number): number {
  const newline = source.indexOf("\n", offset);
  return newline === -1 ? source.length : newline + 1;
}

export function columnOf(source: string, offset: number): number {
  return offset - lineStart(source, offset);
}

/** 1-based line and column of `offset`. */
export function positionOf(source: string, offset: number): { line: number; column: number } {
  let line = 1;
  for (let at = source.indexOf("\n"); at !== -1 && at < offset; at = source.indexOf("\n", at + 1)) line++;
  return { line, column: columnOf(source, offset) + 1 };
}

/** Just past the last non-space character of a node. */
function contentEnd(source: string, node: Node): number {
  const [start, end] = node.range!;
  let at = end;
  while (at > start && /\s/.test(source[at - 1]!)) at--;
  return at;
}

/** The end of the line holding `end`, plus comment lines indented deeper than `column` (they belong to it). */
function spanEnd(source: string, end: number, column: number): number {
  let at = lineEnd(source, Math.max(end - 1, 0));
  while (at < source.length) {
    const next = lineEnd(source, at);
    const indent = /^([ \t]*)#/.exec(source.slice(at, next));
    if (!indent || indent[1]!.length <= column) break;
    at = next;
  }
  return at;
}

/**
 * Where the comment block directly above the line at `start` begins: comment
 * lines at exactly `column` with no blank line between them and the item.
 * A comment at a shallower column, or one separated by a blank line, heads
 * something larger and stays; a deeper one belongs to the item above.
 */
export function leadingCommentStart(source: string, start: number, column: number): number {
  let at = start;
  while (at > 0) {
    const previous = lineStart(source, at - 1);
    const indent = /^([ \t]*)#/.exec(source.slice(previous, at));
    if (!indent || indent[1]!.length !== column) break;
    at = previous;
  }
  return at;
}

export function pairSpan(source: string, pair: Pair<unknown, unknown>): { end: number } {
  const key = pair.key as Node;
  const value = pair.value as Node | null;
  const end = Math.max(contentEnd(source, key), value?.range ? contentEnd(source, value) : 0);
  return { end: spanEnd(source, end, columnOf(source, key.range![0])) };
}

/** Whole lines of a block sequence item, from its `-` to its last line. */
export function itemSpan(source: string, item: Node): { start: number; end: number; column: number } {
  let dash = item.range![0] - 1;
  while (dash >= 0 && /\s/.test(source[dash]!)) dash--;
  if (source[dash] !== "-") throw new EditError("unexpected list layout (an item without its `-`)");
  const column = columnOf(source, dash);
  if (!/^[ \t]*$/.test(source.slice(lineStart(source, dash), dash))) throw new EditError("unexpected list layout (an item that does not start its line)");
  return { start: lineStart(source, dash), end: spanEnd(source, Math.max(contentEnd(source, item), dash + 1), column), column };
}

/** Replace [start, end) of `source` with `text`. */
export function splice(source: string, start: number, end: number, text: string): string {
  return source.slice(0, start) + text + source.slice(end);
}
