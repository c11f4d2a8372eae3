/**
 * The source lines the text format quotes around each problem, found on
 * demand: a formatter asks for a few lines of a file, never for all of them.
 * Kept apart from text.ts (and its colours) because validate's content cache
 * stores these lines with a file's result, so a warm run need not read the
 * file to quote it.
 */
import type { Problem } from "../problems.ts";

/** A file's lines, 1-based, as the text format numbers them; undefined past the last line. */
export interface SourceLines {
  line(n: number): string | undefined;
}

/** The lines around problems, by line number: what `excerptOf` keeps. */
export type Excerpt = Record<string, string>;

/**
 * Whether a file's problems forbid quoting it: files refused unread
 * (unsafe-file), binary files, and files holding a secret (the excerpt would
 * print what the message masks).
 */
export function isQuiet(problems: readonly Problem[]): boolean {
  return problems.some((problem) => problem.rule === "unsafe-file" || problem.rule === "credential" || problem.message.includes("not UTF-8"));
}

/**
 * The lines of `text`: separated by `\n` or `\r\n`; a final line break ends
 * the last line rather than starting an empty one (so `""` has one empty
 * line). Each line is found when first asked for, scanning no further than it.
 */
export function textLines(text: string): SourceLines {
  const end = text.endsWith("\r\n") ? text.length - 2 : text.endsWith("\n") ? text.length - 1 : text.length;
  // starts[i]: where line i + 1 begins; grown as far as the lines asked for.
  const starts = [0];
  return {
    line(n) {
      if (!(n >= 1) || !Number.isInteger(n)) return undefined;
      while (starts.length < n) {
        const at = text.indexOf("\n", starts[starts.length - 1]);
        if (at === -1 || at >= end) return undefined;
        starts.push(at + 1);
      }
      const start = starts[n - 1]!;
      const stop = text.indexOf("\n", start);
      if (stop === -1 || stop >= end) return text.slice(start, end);
      return text.slice(start, stop > start && text.charCodeAt(stop - 1) === 13 ? stop - 1 : stop);
    },
  };
}

/** The lines numbered `first`..`last` the text format quotes for a problem on `line` (none when the line is past the end). */
export function quotedRange(line: number): { first: number; last: number } {
  return { first: Math.max(1, line - 1), last: line + 1 };
}

/** Whether the text format quotes anything for a problem on `line`: the line exists (or lies before the first). */
export function hasLine(source: SourceLines, line: number): boolean {
  return line < 1 || source.line(line) !== undefined;
}

/**
 * The lines the text format prints for these problems of one file, or
 * undefined when the file must not be quoted at all.
 */
export function excerptOf(problems: readonly Problem[], source: SourceLines): Excerpt | undefined {
  if (isQuiet(problems)) return undefined;
  const excerpt: Excerpt = {};
  for (const problem of problems) {
    if (!hasLine(source, problem.line)) continue;
    const { first, last } = quotedRange(problem.line);
    for (let n = first; n <= last; n++) {
      const text = source.line(n);
      if (text === undefined) break;
      excerpt[n] = text;
    }
  }
  return excerpt;
}

/** An excerpt as lines to quote: the lines it kept, and nothing else (the formatter asks for no other). */
export function excerptLines(excerpt: Excerpt): SourceLines {
  return {
    line(n) {
      const text = Object.hasOwn(excerpt, n) ? excerpt[n] : undefined;
      return typeof text === "string" ? text : undefined;
    },
  };
}
