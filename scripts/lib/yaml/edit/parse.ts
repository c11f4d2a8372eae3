/**
 * How the editor reads a file: the `yaml` package's Document (positions,
 * comments, anchors), with the options every registry file is read with.
 */
import { parseDocument, type Document } from "yaml";
import { RefusedError } from "../../errors.ts";

/** Plain data a registry file can hold. */
export type Plain = string | number | boolean | null | Plain[] | { [key: string]: Plain };

/** The edit cannot be expressed as a splice of this file (or would change more than asked): refused, nothing written. */
export class EditError extends RefusedError {}

/** Options every registry file is parsed with (SPEC §2: YAML 1.2 core, no merge keys). */
export const YAML_OPTIONS = { version: "1.2", schema: "core", uniqueKeys: true, merge: false, prettyErrors: false } as const;

export function parseText(text: string): Document.Parsed {
  return parseDocument(text, YAML_OPTIONS);
}

/** The document's data, aliases expanded (the `yaml` package stops an alias bomb at its default of 100 aliases, SPEC §2's budget). */
export function dataOf(document: Document): unknown {
  return document.toJS();
}

/** A byte-order mark is kept as it was, outside the edited text. */
export function splitBom(text: string): { bom: string; body: string } {
  const bom = text.charCodeAt(0) === 0xfeff ? "\ufeff" : "";
  return { bom, body: text.slice(bom.length) };
}

export function isPlainObject(value: unknown): value is { [key: string]: Plain } {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}
