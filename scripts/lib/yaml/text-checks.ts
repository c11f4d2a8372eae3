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

/**
 * Whether the `:` at `at` could end a mapping key: a blank, a line end, the
 * text's end or a flow indicator after it, or a quote or closing bracket
 * before it (`"a":1`).
 */
export function mayEndKey(text: string, at: number): boolean {
  const next = text.charCodeAt(at + 1);
  if (Number.isNaN(next) || isBlank(next) || isBreak(next) || isFlowIndicator(next)) return true;
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
