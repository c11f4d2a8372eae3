/**
 * The fast path: one js-yaml pass with the YAML 1.2 core schema.
 *
 * It vouches for a file only when js-yaml's reading is certainly the one
 * YAML 1.2 gives, and aliases stay within SPEC §2's budget; every form where
 * the two could differ — a `<<` key, a null or collection key, an explicit `?` key, a line
 * long enough to hold an over-long implicit key, a quoted scalar or flow
 * collection that runs on to a next line (js-yaml does not check its
 * indentation), invalid UTF-8 — is left to the precise path, so a file
 * means the same data whichever path read it.
 * The checks are byte searches over the text; most run only on the rare
 * texts that contain the character they look for. Under Bun, a file whose
 * text rules out every form where Bun's own parser reads differently is read
 * by that parser instead (native.ts).
 */
import jsyaml from "js-yaml";
import type { Finding } from "../problems.ts";
import { parseNative } from "./native.ts";
import { hasLongLine, mayHaveExplicitKey, mayHaveUnusualKey, mayRunOnToNextLine } from "./text-checks.ts";
import { YAML_12_CORE } from "./schema12.ts";
import { ALIAS_BUDGET, MAX_DEPTH, syntaxFinding, unshare, type TopLevel } from "./shared.ts";

/** `finding`: a reason to refuse the file that is already known, without the precise parse. */
export type FastParse = { ok: true; data: unknown } | { ok: false; finding?: Finding };

/**
 * Where an anchor could start: `&name` at a line start or after whitespace, a
 * flow indicator or a JSON-like key's colon. `Q&A`, `?a=1&b=2` and `R & D`
 * cannot be anchors, so their files need no alias accounting.
 */
const POSSIBLE_ANCHOR = /(?:^|[\s[{,:])&[^\s,[\]{}]/m;

/** Where an alias could stand, by the same token rules: every real alias matches, and so may some text in quotes. */
const POSSIBLE_ALIAS = /(?:^|[\s[{,:])\*[^\s,[\]{}]/gm;

function possibleAliases(text: string): number {
  let count = 0;
  POSSIBLE_ALIAS.lastIndex = 0;
  while (POSSIBLE_ALIAS.exec(text) !== null) count++;
  return count;
}

/**
 * SPEC §2's alias budget, judged on js-yaml's reading, where an alias is the
 * very object its anchor made: the tree is walked once, each object met again
 * is an alias and counts its whole size. `written` leaves out nulls (an empty
 * value is no node to the precise path) and `expanded` counts them, so when
 * this check passes the precise path's count passes too; anything it cannot
 * vouch for (a cycle, too many possible aliases, a ratio over the budget) is
 * left to the precise path, which names the alias.
 */
function withinAliasBudget(text: string, data: unknown): boolean {
  if (possibleAliases(text) > ALIAS_BUDGET.aliases) return false;
  const sizes = new Map<object, number>();
  const open = new Set<object>();
  let written = 0;
  let cycle = false;
  const size = (value: unknown): number => {
    if (value === null || typeof value !== "object") {
      if (value !== null) written++;
      return 1;
    }
    const known = sizes.get(value);
    if (known !== undefined) {
      written++;
      return known;
    }
    if (open.has(value)) {
      cycle = true;
      return 1;
    }
    open.add(value);
    written++;
    let total = 1;
    if (Array.isArray(value)) {
      for (const item of value) total += size(item);
    } else {
      for (const key in value) {
        written++;
        total += 1 + size((value as Record<string, unknown>)[key]);
      }
    }
    open.delete(value);
    sizes.set(value, total);
    return total;
  };
  const expanded = size(data);
  return !cycle && expanded <= ALIAS_BUDGET.expansion * written;
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
  const native = parseNative(text, topLevel);
  if (native !== undefined) return { ok: true, data: native };
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
  // hasLongLine first: the others then look at lines of bounded length.
  if (hasLongLine(text) || mayHaveUnusualKey(text) || mayHaveExplicitKey(text) || mayRunOnToNextLine(text)) return { ok: false };
  // js-yaml resolves an alias to the object its anchor made: the budget is
  // counted on that sharing, and the copy gives every alias its own value, as
  // the precise path does.
  if (text.includes("&") && POSSIBLE_ANCHOR.test(text)) {
    if (!withinAliasBudget(text, data)) return { ok: false };
    return { ok: true, data: unshare(data) };
  }
  return { ok: true, data };
}
