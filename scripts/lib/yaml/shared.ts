/** What both parsing paths agree on: limits, the top-level shape, and how a syntax finding looks. */
import type { Finding } from "../problems.ts";

/** A registry file's top level: a mapping, or (a `models/<org>.yaml` file) a sequence. */
export type TopLevel = "mapping" | "sequence";

/** Deepest nesting accepted (js-yaml's default); registry data needs about six levels. */
export const MAX_DEPTH = 100;

/** SPEC §2: anchors share a block inside one file, within a budget that stops alias bombs. */
export const ALIAS_BUDGET = { aliases: 100, expansion: 4 } as const;

export function syntaxFinding(message: string, line: number, column: number): Finding {
  return { rule: "yaml-syntax", severity: "error", path: [], message, line, column };
}

/** The byte-order mark some editors write; YAML ignores it and so do positions. */
export function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/**
 * A copy of parsed data in which no two places share an object: an alias
 * resolves to its anchor's very object on both paths, and a consumer that
 * changes one entry must not change another. (`structuredClone` keeps the
 * sharing; JSON would turn `.inf` into null.)
 */
export function unshare(value: unknown): unknown {
  if (value === null || typeof value !== "object") return value;
  if (Array.isArray(value)) return value.map(unshare);
  const copy: Record<string, unknown> = {};
  for (const key in value) {
    const item = unshare((value as Record<string, unknown>)[key]);
    // `__proto__` is data here: an assignment would set the copy's prototype.
    if (key === "__proto__") Object.defineProperty(copy, key, { value: item, enumerable: true, writable: true, configurable: true });
    else copy[key] = item;
  }
  return copy;
}
