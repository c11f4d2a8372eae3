/**
 * Byte checks over a YAML text for the forms a fast reader may misread:
 * each says "maybe" for every text that holds the form, and is cheap on the
 * texts that do not.
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

/** Whether `: ` (or `:` at a line end) follows `from`, after blanks. */
function colonFollows(text: string, from: number): boolean {
  let i = from;
  while (i < text.length && isBlank(text.charCodeAt(i))) i++;
  if (text.charCodeAt(i) !== 58) return false;
  const after = text.charCodeAt(i + 1);
  return i + 1 >= text.length || isBlank(after) || after === 10 || after === 13;
}

/** Whether `word` occurs somewhere as a mapping key (`word:`), judged from the text after it only. */
function occursAsKey(text: string, word: string): boolean {
  for (let at = text.indexOf(word); at !== -1; at = text.indexOf(word, at + word.length)) {
    if (colonFollows(text, at + word.length)) return true;
  }
  return false;
}

/** `~:`, `null:`, `{: x}` (a null key: js-yaml would make it the string "null"). */
export function mayHaveNullKey(text: string): boolean {
  return occursAsKey(text, "~") || occursAsKey(text, "null") || occursAsKey(text, "Null") || occursAsKey(text, "NULL") || mayHaveEmptyFlowKey(text);
}

/** `{: x}`, `[a, : x]`: a key left out in a flow collection (js-yaml refuses one left out in a block). */
function mayHaveEmptyFlowKey(text: string): boolean {
  for (const indicator of ["{", "[", ","]) {
    for (let at = text.indexOf(indicator); at !== -1; at = text.indexOf(indicator, at + 1)) {
      if (colonFollows(text, at + 1)) return true;
    }
  }
  return false;
}

/** `[a, b]: x`, `{a: 1}: x` (js-yaml flattens a collection key to a string). */
export function mayHaveCollectionKey(text: string): boolean {
  return occursAsKey(text, "]") || occursAsKey(text, "}");
}

/** `? key` (an explicit key, which may be null or a collection). */
export function mayHaveExplicitKey(text: string): boolean {
  for (let at = text.indexOf("?"); at !== -1; at = text.indexOf("?", at + 1)) {
    const after = text.charCodeAt(at + 1);
    if (at + 1 < text.length && !isBlank(after) && after !== 10 && after !== 13) continue;
    let i = at - 1;
    while (i >= 0 && (isBlank(text.charCodeAt(i)) || text.charCodeAt(i) === 45)) i--;
    const before = i < 0 ? 10 : text.charCodeAt(i);
    if (before === 10 || before === 13 || before === 123 || before === 91 || before === 44) return true;
  }
  return false;
}
