/**
 * The fast path: one js-yaml pass with the YAML 1.2 core schema.
 *
 * It vouches for a file only when js-yaml's reading is certainly the one
 * YAML 1.2 gives; every form where the two could differ — a possible anchor
 * or alias, a `<<` key, a null or collection key, an explicit `?` key, a line
 * long enough to hold an over-long implicit key, invalid UTF-8 — is left to
 * the precise path, so a file means the same data whichever path read it.
 * The checks are byte searches over the text, and run only on the rare
 * texts that contain the character they look for.
 */
import jsyaml from "js-yaml";
import type { Finding } from "../problems.ts";
import { YAML_12_CORE } from "./schema12.ts";
import { MAX_DEPTH, syntaxFinding, type TopLevel } from "./shared.ts";

/** `finding`: a reason to refuse the file that is already known, without the precise parse. */
export type FastParse = { ok: true; data: unknown } | { ok: false; finding?: Finding };

/**
 * Where an anchor could start: `&name` at a line start or after whitespace, a
 * flow indicator or a JSON-like key's colon. `Q&A`, `?a=1&b=2` and `R & D`
 * cannot be anchors, so their files skip the listener pass.
 */
const POSSIBLE_ANCHOR = /(?:^|[\s[{,:])&[^\s,[\]{}]/m;

function hasAnchor(text: string): boolean {
  if (!text.includes("&") || !POSSIBLE_ANCHOR.test(text)) return false;
  let found = false;
  try {
    jsyaml.load(text, {
      schema: YAML_12_CORE,
      listener(event, state) {
        // js-yaml records an anchor on the state it reports; its typings omit the field.
        if (event === "close" && (state as { anchor?: string | null }).anchor) found = true;
      },
    } as jsyaml.LoadOptions);
  } catch {
    return true;
  }
  return found;
}

/** YAML 1.2 allows at most 1024 characters in an implicit key; js-yaml allows more. */
const MAX_IMPLICIT_KEY = 1024;

function hasLongLine(text: string): boolean {
  let start = 0;
  while (start < text.length) {
    let end = text.indexOf("\n", start);
    if (end === -1) end = text.length;
    if (end - start > MAX_IMPLICIT_KEY) return true;
    start = end + 1;
  }
  return false;
}

function isBlank(code: number): boolean {
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

/** `~:`, `null:` (a null key: js-yaml would make it the string "null"). */
function mayHaveNullKey(text: string): boolean {
  return occursAsKey(text, "~") || occursAsKey(text, "null") || occursAsKey(text, "Null") || occursAsKey(text, "NULL");
}

/** `[a, b]: x`, `{a: 1}: x` (js-yaml flattens a collection key to a string). */
function mayHaveCollectionKey(text: string): boolean {
  return occursAsKey(text, "]") || occursAsKey(text, "}");
}

/** `? key` (an explicit key, which may be null or a collection). */
function mayHaveExplicitKey(text: string): boolean {
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

/** Whether any mapping in `data` has the key `<<` (checked only when the text contains `<<`). */
function hasMergeKey(data: unknown): boolean {
  const stack: unknown[] = [data];
  while (stack.length > 0) {
    const value = stack.pop();
    if (value === null || typeof value !== "object") continue;
    if (Array.isArray(value)) {
      for (const item of value) stack.push(item);
    } else {
      if (Object.hasOwn(value, "<<")) return true;
      for (const key in value) stack.push((value as Record<string, unknown>)[key]);
    }
  }
  return false;
}

/**
 * The happy path. Anything it cannot vouch for is handed to the precise path
 * (`ok: false` without a finding); hostile nesting is refused here, where it
 * is cheap to detect (js-yaml stops at MAX_DEPTH).
 */
export function parseFast(text: string, topLevel: TopLevel = "mapping"): FastParse {
  let data: unknown;
  try {
    data = jsyaml.load(text, { schema: YAML_12_CORE, maxDepth: MAX_DEPTH } as jsyaml.LoadOptions);
  } catch (error) {
    const mark = (error as { mark?: { line: number; column: number } }).mark;
    if (error instanceof jsyaml.YAMLException && error.reason.startsWith("nesting exceeded maxDepth") && mark) {
      return {
        ok: false,
        finding: syntaxFinding(`the file nests more than ${MAX_DEPTH} levels deep; registry data is only a few levels deep`, mark.line + 1, mark.column + 1),
      };
    }
    return { ok: false };
  }
  if (data === null || typeof data !== "object" || Array.isArray(data) !== (topLevel === "sequence")) return { ok: false };
  // U+FFFD is what invalid UTF-8 decodes to; js-yaml accepts it as text.
  if (text.includes("\ufffd")) return { ok: false };
  if (text.includes("<<") && hasMergeKey(data)) return { ok: false };
  if (hasLongLine(text) || mayHaveNullKey(text) || mayHaveCollectionKey(text) || mayHaveExplicitKey(text)) return { ok: false };
  // js-yaml resolves aliases silently (and shares the objects): a file with
  // an anchor is counted against the alias budget on the precise path.
  if (hasAnchor(text)) return { ok: false };
  return { ok: true, data };
}
