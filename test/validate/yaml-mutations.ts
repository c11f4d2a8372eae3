/**
 * Mutations of real registry files for the YAML verdict tests: scalars and
 * key forms where readers disagree, inserted into upstream's and the
 * bitrouter corpus's provider files, and the reference reading they are
 * judged by.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parseDocument } from "yaml";
import { CORPORA } from "../helpers.ts";

/** Scalars where YAML 1.1-style readers and YAML 1.2 disagree, and their neighbours. */
export const SCALARS = [
  "0b101",
  "-0x1F",
  "+0x1F",
  "0x1F",
  "-0o17",
  "0o17",
  "017",
  "+.5",
  "-.5",
  ".5",
  "1e400",
  "-1e400",
  "1e3",
  "1.",
  "+1",
  "-0",
  "1_000",
  ".inf",
  "-.inf",
  ".NaN",
  "~",
  "null",
  "NULL",
  "true",
  "True",
  "yes",
  "on",
  "0",
  "12e03",
  "1.5e-7",
  "2.5",
  "10",
  "4294967296",
  "9007199254740993",
  "'quoted'",
  '"0x1F"',
  "2026-01-01",
  "2026-13-45",
  "a: b",
  "[1, 2]",
  "{a: 1}",
  "*a",
  "&a x",
];

/**
 * Keys and lines that probe the key forms (null keys, collection keys,
 * explicit keys, merge keys, comments that look like them) and quoted
 * scalars and flow collections that run on to a next line, indented enough
 * or not (inserted lines take the indentation of the line they go before).
 */
export const LINES = [
  "~: x",
  "null: x",
  "? k\n: v",
  "[a, b]: x",
  "{a: 1}: x",
  "<<: {a: 1}",
  "# a comment with << and &anchor and ? key",
  "k: &a v",
  `${"k".repeat(1030)}: 1`,
  "k: v # ~: x",
  '"<<": x',
  "extra: *nope",
  "\tk: v",
  "k: {: x}",
  "k: [a, : x]",
  ": x",
  'k: "x\ny"',
  "k: 'x\ny'",
  'k: "x\n  y"',
  "k: [a,\nb]",
  "k: {a: 1,\n  b: 2}",
  '- "x\ny"',
];

export function corpusFiles(): Array<{ name: string; text: string }> {
  const files: Array<{ name: string; text: string }> = [];
  for (const dir of [join(CORPORA, "upstream/providers"), join(CORPORA, "bitrouter/registry/providers")]) {
    for (const name of readdirSync(dir).sort())
      files.push({ name: `${dir.split("/").slice(-2).join("/")}/${name}`, text: readFileSync(join(dir, name), "utf8") });
  }
  return files;
}

/** One to three changes to `text`: a value replaced by one of SCALARS, or a line of `lines` inserted. */
export function mutate(text: string, next: () => number, lines: readonly string[] = LINES): string {
  const textLines = text.split("\n");
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!;
  const count = 1 + Math.floor(next() * 3);
  for (let i = 0; i < count; i++) {
    const at = Math.floor(next() * textLines.length);
    const line = textLines[at]!;
    const value = /^(\s*(?:- )?[A-Za-z_"][^:#]*:) (.+)$/.exec(line);
    if (value && next() < 0.7) {
      textLines[at] = `${value[1]} ${pick(SCALARS)}`;
    } else {
      const indent = /^\s*/.exec(line)![0];
      textLines.splice(
        at,
        0,
        ...pick(lines)
          .split("\n")
          .map((added) => `${indent}${added}`),
      );
    }
  }
  return textLines.join("\n");
}

/** The reference reading: YAML 1.2 core, no merge keys, duplicate keys refused. */
export function reference(text: string): { ok: boolean; data?: unknown } {
  const document = parseDocument(text, { schema: "core", version: "1.2", merge: false, uniqueKeys: true });
  if (document.errors.length > 0) return { ok: false };
  try {
    return { ok: true, data: document.toJS({ maxAliasCount: -1 }) };
  } catch {
    return { ok: false }; // an alias with no anchor before it
  }
}
