/**
 * Byte checks over a YAML text for the forms a fast reader may misread:
 * each says "maybe" for every text that holds the form, and is cheap on the
 * texts that do not. Both fast readers (js-yaml in fast.ts, Bun's parser in
 * native.ts) use them.
 */

/** YAML 1.2 allows at most 1024 characters in an implicit key; js-yaml allows more. */
const MAX_IMPLICIT_KEY = 1024;

export function hasLongLine(text: string): boolean {
  // From a line start, the last line break within the next MAX_IMPLICIT_KEY
  // characters starts the next window: a text is crossed in steps of about
  // that length, not line by line.
  let start = 0;
  while (text.length - start > MAX_IMPLICIT_KEY) {
    const end = text.lastIndexOf("\n", start + MAX_IMPLICIT_KEY);
    if (end < start) return true;
    start = end + 1;
  }
  return false;
}

export function isBlank(code: number): boolean {
  return code === 32 || code === 9;
}

export function isBreak(code: number): boolean {
  return code === 10 || code === 13;
}

/** `,` `[` `]` `{` `}`. */
export function isFlowIndicator(code: number): boolean {
  return code === 44 || code === 91 || code === 93 || code === 123 || code === 125;
}

/** Whether the `:` at `at` ends a plain key, as in a flow: a blank, a line end, the text's end or a flow indicator after it. */
function endsPlainKey(text: string, at: number): boolean {
  const next = text.charCodeAt(at + 1);
  return Number.isNaN(next) || isBlank(next) || isBreak(next) || isFlowIndicator(next);
}

/**
 * Whether the `:` at `at` could end a mapping key: a blank, a line end, the
 * text's end or a flow indicator after it, or a quote or closing bracket
 * before it (`"a":1`).
 */
export function mayEndKey(text: string, at: number): boolean {
  if (endsPlainKey(text, at)) return true;
  const previous = text.charCodeAt(at - 1);
  return previous === 34 || previous === 39 || previous === 93 || previous === 125;
}

/**
 * Whether what stands before the `:` at `colon` (blanks aside) may make a
 * key that is not a plain name: nothing (`: x`, `- : x`, `{: x}`), `~` or
 * `null` in any of its spellings (a null key), `]` or `}` (a collection key).
 * js-yaml and Bun read each of these as a string; YAML does not.
 */
export function mayEndUnusualKey(text: string, colon: number): boolean {
  let end = colon;
  while (end > 0 && isBlank(text.charCodeAt(end - 1))) end--;
  const last = text.charCodeAt(end - 1);
  // Nothing: the text's or a line's start, or an indicator before the colon (`-`, `?`, `[`, `{`, `,`, `:`; `a-:` too, to be safe).
  if (end === 0 || isBreak(last) || last === 45 || last === 63 || last === 91 || last === 123 || last === 44 || last === 58) return true;
  if (last === 126 || last === 93 || last === 125) return true;
  if (last !== 108 && last !== 76) return false; // `l`, `L`
  const word = text.slice(end - 4, end);
  return word === "null" || word === "Null" || word === "NULL";
}

/** Whether some key of the text may be empty, null or a collection (mayEndUnusualKey, at every colon that may end a key). */
export function mayHaveUnusualKey(text: string): boolean {
  for (let at = text.indexOf(":"); at !== -1; at = text.indexOf(":", at + 1)) {
    if (mayEndKey(text, at) && mayEndUnusualKey(text, at)) return true;
  }
  return false;
}

/** `? key` (an explicit key, which may be null or a collection). */
export function mayHaveExplicitKey(text: string): boolean {
  for (let at = text.indexOf("?"); at !== -1; at = text.indexOf("?", at + 1)) {
    const after = text.charCodeAt(at + 1);
    if (at + 1 < text.length && !isBlank(after) && !isBreak(after)) continue;
    let i = at - 1;
    while (i >= 0 && (isBlank(text.charCodeAt(i)) || text.charCodeAt(i) === 45)) i--;
    const before = i < 0 ? 10 : text.charCodeAt(i);
    if (isBreak(before) || before === 123 || before === 91 || before === 44) return true;
  }
  return false;
}

export const HASH = 35;
export const DOUBLE_QUOTE = 34;
export const SINGLE_QUOTE = 39;
const BACKSLASH = 92;

/** Where the line holding `offset` ends: its line feed, or the text's end. */
export function lineEnd(text: string, offset: number): number {
  const end = text.indexOf("\n", offset);
  return end === -1 ? text.length : end;
}

/** Whether a character before an indicator lets it start a token (a node property, a quoted scalar, a collection or a plain scalar). */
export function startsToken(code: number): boolean {
  // NaN: before the text's first character.
  return Number.isNaN(code) || isBlank(code) || isBreak(code) || code === 91 || code === 123 || code === 44 || code === 58;
}

/** Where the quoted scalar opening at `open` closes on its line; -1 if it runs on (an escaped line break included). */
export function closingQuote(text: string, open: number): number {
  const quote = text.charCodeAt(open);
  for (let at = open + 1; at < text.length; at++) {
    const code = text.charCodeAt(at);
    if (isBreak(code)) return -1;
    if (quote === DOUBLE_QUOTE && code === BACKSLASH) {
      if (isBreak(text.charCodeAt(at + 1))) return -1;
      at++;
    } else if (code === quote) {
      if (quote === SINGLE_QUOTE && text.charCodeAt(at + 1) === SINGLE_QUOTE) at++;
      else return at;
    }
  }
  return -1;
}

/** Deeper flow collections than this on one line are left to the precise path: it bounds the work on a hostile line. */
const MAX_FLOW_DEPTH = 16;

/**
 * Whether the flow collection opening at `open` closes on its line, read as
 * YAML reads a flow (plain scalars, quoted scalars, properties, aliases and
 * the `:` of a pair); false for anything it does not follow (a comment, a
 * tag, a quoted scalar that runs on, nesting past MAX_FLOW_DEPTH).
 */
function flowClosesOnLine(text: string, open: number): boolean {
  let depth = 0;
  // Expecting a node; or just after a quoted scalar or a collection (a JSON-like node, which `:` may follow at once); or else in a plain scalar.
  let tokenStart = true;
  let afterJsonNode = false;
  for (let at = open; at < text.length; at++) {
    const code = text.charCodeAt(at);
    if (isBreak(code) || code === HASH || code === 33) return false; // a line end, a comment (or a stray `#`), a tag (`!`)
    if (isBlank(code)) continue;
    if (code === 91 || code === 123) {
      if (++depth > MAX_FLOW_DEPTH) return false;
      tokenStart = true;
      afterJsonNode = false;
    } else if (code === 93 || code === 125) {
      if (--depth === 0) return true;
      tokenStart = false;
      afterJsonNode = true;
    } else if (code === 44) {
      tokenStart = true;
      afterJsonNode = false;
    } else if (code === 58 && (tokenStart || afterJsonNode || endsPlainKey(text, at))) {
      tokenStart = true;
      afterJsonNode = false;
    } else if (afterJsonNode) {
      return false; // two nodes side by side: not a flow YAML reads
    } else if (!tokenStart) {
      // Inside a plain scalar: it goes on to the next indicator.
    } else if (code === DOUBLE_QUOTE || code === SINGLE_QUOTE) {
      const close = closingQuote(text, at);
      if (close === -1) return false;
      at = close;
      tokenStart = false;
      afterJsonNode = true;
    } else if (code === 38 || code === 42) {
      // An anchor keeps a node to come; an alias is the node. Either name runs to a blank or a flow indicator.
      const alias = code === 42;
      while (at + 1 < text.length && !isBlank(text.charCodeAt(at + 1)) && !isBreak(text.charCodeAt(at + 1)) && !isFlowIndicator(text.charCodeAt(at + 1))) at++;
      tokenStart = !alias;
    } else if ((code === 63 || code === 45) && isBlank(text.charCodeAt(at + 1))) {
      // `? ` (and a stray `- `) leave a node to come.
    } else {
      tokenStart = false; // a plain scalar starts
    }
  }
  return false;
}

/**
 * Whether a quoted scalar or a flow collection may run on to a next line.
 * js-yaml reads one whatever the indentation of the lines it runs on to;
 * YAML 1.2 wants them indented past the block it stands in. Registry files
 * keep both on one line, so rather than judge indentation such a text goes
 * to the precise path. Every quote or bracket that may open one (at a token
 * start) is followed on its own, so one misjudged earlier on a line cannot
 * hide a real one; texts with no quote or bracket cost four searches.
 */
export function mayRunOnToNextLine(text: string): boolean {
  for (const quote of ['"', "'"]) {
    for (let at = text.indexOf(quote); at !== -1; at = text.indexOf(quote, at + 1)) {
      if (startsToken(text.charCodeAt(at - 1)) && closingQuote(text, at) === -1 && !inComment(text, at)) return true;
    }
  }
  for (const bracket of ["[", "{"]) {
    for (let at = text.indexOf(bracket); at !== -1; at = text.indexOf(bracket, at + 1)) {
      if (startsToken(text.charCodeAt(at - 1)) && !flowClosesOnLine(text, at) && !inComment(text, at)) return true;
    }
  }
  return false;
}

/**
 * Whether `at` is surely in a comment: after a `#` that starts one, with no
 * quote or bracket before it on the line that could hold that `#` (a line
 * that goes on from a scalar or collection above is no matter: that one was
 * judged on its own line).
 */
function inComment(text: string, at: number): boolean {
  for (let i = text.lastIndexOf("\n", at - 1) + 1; i < at; i++) {
    const code = text.charCodeAt(i);
    if (code === DOUBLE_QUOTE || code === SINGLE_QUOTE || code === 91 || code === 123) return false;
    if (code === HASH && (i === 0 || isBlank(text.charCodeAt(i - 1)) || isBreak(text.charCodeAt(i - 1)))) return true;
  }
  return false;
}
