/**
 * The editor's guarantee: after a splice the text must parse to exactly the
 * data the edited Document says it holds, or the edit is refused. The check
 * waits for the next parse of the text — the caller's own (validation parses
 * the new text anyway) or the editor's next edit — so no text is parsed twice.
 */
import { isDeepStrictEqual } from "node:util";
import type { Document } from "yaml";
import { dataOf, EditError, parseText } from "./parse.ts";

const NOT_EDITED = Symbol("not edited");

export const DISTURBED = "the edit could not be made without disturbing the rest of the file; nothing was changed";

export class Expectation {
  private expected: unknown = NOT_EDITED;

  /** Whether an edit is waiting to be checked. */
  get pending(): boolean {
    return this.expected !== NOT_EDITED;
  }

  /** What the text must parse to after the last edit. */
  expect(data: unknown): void {
    this.expected = data;
  }

  /**
   * Check the last edit against `data`, a parse of `source` by another
   * parser. A mismatch is settled by the `yaml` package's own parse (the two
   * parsers can differ on exotic scalars), which is returned for reuse.
   */
  confirm(data: unknown, source: string): Document.Parsed | undefined {
    if (!this.pending || isDeepStrictEqual(data, this.expected)) {
      this.expected = NOT_EDITED;
      return undefined;
    }
    const parsed = parseText(source);
    if (parsed.errors.length > 0 || !isDeepStrictEqual(dataOf(parsed), this.expected)) throw new EditError(DISTURBED);
    this.expected = NOT_EDITED;
    return parsed;
  }

  /** Check a parse of the new text made by the editor itself. */
  confirmParsed(parsed: Document.Parsed): void {
    if (parsed.errors.length > 0) throw new EditError(DISTURBED);
    if (this.pending && !isDeepStrictEqual(dataOf(parsed), this.expected)) throw new EditError(DISTURBED);
    this.expected = NOT_EDITED;
  }
}
