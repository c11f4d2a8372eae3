/**
 * Bun's own YAML parser on the fast path, for the texts that hold none of
 * the forms it reads otherwise than the precise path. It is native code with
 * no warm-up: a cold run reads 1,000 provider files in about 210 ms against
 * js-yaml's 310.
 *
 * Bun reads some YAML otherwise, and those texts go to js-yaml unparsed:
 * tags, `%` directives, `<<` merges, several documents, anchors and aliases,
 * hexadecimal and octal integers (Bun misreads signed and long ones), a
 * plain scalar starting with `,`, carriage returns, and characters YAML
 * does not print. So do the forms js-yaml leaves to the precise path too
 * (null, collection and explicit keys, over-long lines), and data nested
 * deeper than js-yaml reads.
 *
 * Bun also keeps the last of two equal keys without a word. A text passes
 * only when every `:` that could end a key in it is accounted for by a key
 * of the data; colons in quoted values and comments are recognised, and any
 * other doubt sends the text on.
 *
 * Each check is a byte search over the text or one walk of the data, and a
 * differential test (native-yaml.test.ts) holds this reading to the others.
 */
import { MAX_DEPTH, type TopLevel } from "./shared.ts";
import {
  closingQuote,
  DOUBLE_QUOTE,
  HASH,
  hasLongLine,
  isBlank,
  isBreak,
  isFlowIndicator,
  mayEndKey,
  mayEndUnusualKey,
  mayHaveExplicitKey,
  SINGLE_QUOTE,
  startsToken,
} from "./text-checks.ts";

interface NativeYaml {
  parse(text: string): unknown;
}

/** Bun's parser, when this runs under Bun (Node has none: parseFast uses js-yaml alone there). */
const NATIVE: NativeYaml | undefined = (globalThis as { Bun?: { YAML?: NativeYaml } }).Bun?.YAML;

export const HAS_NATIVE_YAML = NATIVE !== undefined;

/**
 * What sends a text on, as one scan (most texts hold none of it):
 * characters js-yaml refuses as unprintable; the line breaks YAML 1.2 no
 * longer has (another reader may still break at them); a carriage return
 * (Bun folds a quoted scalar's CRLF line break unlike YAML); a `0x` or `0o`
 * integer (Bun misreads signed and long ones); a `---` or `...` document
 * marker or a `%` directive at a line start (`\n` rather than `^` with the
 * `m` flag, a third faster); a `<<` merge; and any surrogate,
 * after which the text is looked at again with surrogate pairs allowed
 * (they are text like any other, emoji for one).
 */
const SENDS_ON = /[\x00-\x08\x0B-\x1F\x7F-\x9F\u2028\u2029\uD800-\uDFFF\uFFFD-\uFFFF]|0[xXoO]|\n(?:---|\.\.\.|%)|<</;
const SENDS_ON_PAIRS_ALLOWED =
  /[\x00-\x08\x0B-\x1F\x7F-\x9F\u2028\u2029\uFFFD-\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?:[^\uD800-\uDBFF]|^)[\uDC00-\uDFFF]|0[xXoO]|\n(?:---|\.\.\.|%)|<</;
/** A marker or directive on the first line; the others follow a line feed (a text with a carriage return is sent on anyway). */
const FIRST_LINE_MARKER = /^(?:---|\.\.\.|%)/;

function sendsOn(text: string): boolean {
  if (FIRST_LINE_MARKER.test(text)) return true;
  const found = SENDS_ON.exec(text);
  if (found === null) return false;
  const code = found[0].charCodeAt(0);
  return code < 0xd800 || code > 0xdfff || SENDS_ON_PAIRS_ALLOWED.test(text);
}

/**
 * Whether the text may hold an anchor (`&a`), an alias (`*a`) or a tag
 * (`!t`, `!!str`, a lone `!`) — the indicator at a token start, and for an
 * anchor or alias a name right after it — or a plain scalar that starts with
 * `,`, which YAML refuses and Bun reads as text.
 */
function mayHavePropertyOrComma(text: string): boolean {
  for (const indicator of ["&", "*", "!", ","]) {
    for (let at = text.indexOf(indicator); at !== -1; at = text.indexOf(indicator, at + 1)) {
      if (!startsToken(text.charCodeAt(at - 1))) continue;
      const next = text.charCodeAt(at + 1);
      if (indicator === "!" || indicator === "," || !(Number.isNaN(next) || isBlank(next) || isBreak(next) || isFlowIndicator(next))) return true;
    }
  }
  return false;
}

/**
 * Every `:` that could end a mapping key. Each key of the file has one;
 * colons in quoted values and comments are counted too. -1 when one may end
 * a null key (`~:`, `null:`) or a collection key (`[a]:`), which Bun reads
 * as strings and YAML does not.
 */
function keyIndicators(text: string): number {
  let count = 0;
  for (let at = text.indexOf(":"); at !== -1; at = text.indexOf(":", at + 1)) {
    if (!mayEndKey(text, at)) continue;
    if (mayEndUnusualKey(text, at)) return -1;
    count++;
  }
  return count;
}

/**
 * How many of keyIndicators' colons stand in comments, or in quoted scalars
 * that open at a token start and close on the same line; -1 when a quoted
 * scalar runs on to another line. Only lines holding a quote or a `#` are
 * looked at, and each on its own: none of these colons can end a key, in
 * whatever a line turns out to be part of (a block scalar's lines hold no
 * keys either).
 */
function colonsInQuotesAndComments(text: string): number {
  let removed = 0;
  const marks = ['"', "'", "#"];
  // Where each mark next occurs at or after `from` (-1: nowhere), searched again only once passed.
  const ahead = marks.map((mark) => text.indexOf(mark));
  let from = 0;
  for (;;) {
    let at = -1;
    for (let i = 0; i < marks.length; i++) {
      if (ahead[i]! !== -1 && ahead[i]! < from) ahead[i] = text.indexOf(marks[i]!, from);
      if (ahead[i]! !== -1 && (at === -1 || ahead[i]! < at)) at = ahead[i]!;
    }
    if (at === -1) return removed;
    const lineStart = text.lastIndexOf("\n", at) + 1;
    let lineEnd = text.indexOf("\n", at);
    if (lineEnd === -1) lineEnd = text.length;
    const onLine = colonsInQuotesAndCommentsOfLine(text, lineStart, lineEnd);
    if (onLine < 0) return -1;
    removed += onLine;
    from = lineEnd + 1;
  }
}

/** The `:` between `start` and `end` that keyIndicators counts. */
function colonsBetween(text: string, start: number, end: number): number {
  let count = 0;
  for (let at = text.indexOf(":", start); at !== -1 && at < end; at = text.indexOf(":", at + 1)) if (mayEndKey(text, at)) count++;
  return count;
}

function colonsInQuotesAndCommentsOfLine(text: string, start: number, end: number): number {
  let removed = 0;
  let tokenStart = true;
  for (let at = start; at < end; at++) {
    const code = text.charCodeAt(at);
    // No carriage return gets here (hasUnsafeCharacter): lines end at a line feed.
    if (isBlank(code)) {
      // Blanks separate tokens without starting one.
    } else if (code === HASH && (at === start || isBlank(text.charCodeAt(at - 1)))) {
      return removed + colonsBetween(text, at, end);
    } else if (tokenStart && (code === DOUBLE_QUOTE || code === SINGLE_QUOTE)) {
      const close = closingQuote(text, at);
      if (close === -1) return -1;
      removed += colonsBetween(text, at + 1, close);
      at = close;
      tokenStart = false;
    } else if (code === 58 && mayEndKey(text, at)) {
      tokenStart = true;
    } else if (code === 91 || code === 123 || code === 44) {
      tokenStart = true;
    } else if (!((code === 45 || code === 63) && tokenStart)) {
      // `- ` and `? ` leave the next token at its start; anything else is inside one.
      tokenStart = false;
    }
  }
  return removed;
}

/** The data's keys, counted over every mapping; -1 when it nests deeper than js-yaml reads. */
function dataKeys(value: unknown, depth: number): number {
  if (value === null || typeof value !== "object") return 0;
  if (depth >= MAX_DEPTH) return -1;
  let count = 0;
  if (Array.isArray(value)) {
    for (const item of value) {
      const inner = dataKeys(item, depth + 1);
      if (inner < 0) return -1;
      count += inner;
    }
    return count;
  }
  for (const key in value) {
    const inner = dataKeys((value as Record<string, unknown>)[key], depth + 1);
    if (inner < 0) return -1;
    count += 1 + inner;
  }
  return count;
}

/**
 * The text's data as Bun reads it, when no check found a reason to doubt it
 * is the precise path's reading of a valid file; undefined otherwise
 * (including off Bun).
 */
export function parseNative(text: string, topLevel: TopLevel = "mapping"): unknown {
  if (NATIVE === undefined) return undefined;
  if (sendsOn(text) || mayHavePropertyOrComma(text) || hasLongLine(text) || mayHaveExplicitKey(text)) return undefined;
  let data: unknown;
  try {
    data = NATIVE.parse(text);
  } catch {
    return undefined;
  }
  if (data === null || typeof data !== "object" || Array.isArray(data) !== (topLevel === "sequence")) return undefined;
  // Bun keeps the last of two equal keys: every key the text holds must be in the data.
  const keys = dataKeys(data, 0);
  if (keys < 0) return undefined;
  const indicators = keyIndicators(text);
  if (indicators === keys) return data;
  if (indicators < keys) return undefined;
  const removed = colonsInQuotesAndComments(text);
  return removed >= 0 && indicators - removed === keys ? data : undefined;
}
