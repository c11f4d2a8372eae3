/**
 * The text format's excerpts: found line by line (never by splitting a whole
 * file), from a file's text or from the lines validate's cache kept, they
 * print exactly what quoting the split text prints — across line endings,
 * final newlines, tabs, long and unprintable lines, and problems on the
 * first line, the last, past the end and before the start.
 */
import { describe, expect, it } from "vitest";
import { excerptLines, excerptOf, textLines } from "../../scripts/lib/format/excerpt.ts";
import { formatText } from "../../scripts/lib/format/text.ts";
import { printable, type Problem, type ValidationReport } from "../../scripts/lib/problems.ts";
import { seededRandom } from "../helpers.ts";

/** The lines of a text as the format numbers them, by splitting it whole: the reference. */
function split(text: string): string[] {
  return text.replace(/\r?\n$/, "").split(/\r?\n/);
}

/** The excerpt lines a problem gets, from the split text (the reference). */
function quoted(lines: string[], problem: Problem): string[] {
  if (lines.length < problem.line) return [];
  const out: string[] = [];
  for (let n = Math.max(1, problem.line - 1); n <= Math.min(lines.length, problem.line + 1); n++)
    out.push(`${n}:${printable(lines[n - 1]!.replace(/\t/g, " "))}`);
  return out;
}

function problem(file: string, line: number, column = 1, rule: Problem["rule"] = "schema", message = "bad"): Problem {
  return { severity: "error", rule, file, line, column, path: [], message };
}

function report(problems: Problem[]): ValidationReport {
  return { ok: false, summary: { errors: problems.length, warnings: 0, providers: 1, canonical_models: 1 }, problems };
}

const TEXTS = [
  "",
  "\n",
  "\n\n",
  "a",
  "a\n",
  "a\r\n",
  "a\n\n",
  "a\r\n\r\n",
  "a\rb\nc",
  "a\r\r\nb\r",
  "a\r",
  "x\n\ty:\t1\n  z: 2\r\n",
  `${"long ".repeat(40)}\nshort\n`,
  "nul\u0000 and \u001b[31mescape\n\u200bzero width\n",
  "one\ntwo\nthree\nfour\nfive",
];

describe("the text format's excerpts", () => {
  it.each(TEXTS.map((text) => [JSON.stringify(text), text]))("%s: each line is the split text's line, and nothing past the end", (_name, text) => {
    const lines = split(text);
    const found = textLines(text);
    // Asked out of order, as the problems of one file may be.
    for (const n of [3, 1, 2, lines.length + 1, lines.length, 0, -1, 1.5])
      expect(found.line(n), `line ${n}`).toBe(Number.isInteger(n) && n >= 1 ? lines[n - 1] : undefined);
  });

  it("formats exactly what quoting the split text formats: from the text, and from the cached excerpt", () => {
    const next = seededRandom(4242);
    for (const text of TEXTS) {
      const count = split(text).length;
      const problems = [0, 1, 2, count - 1, count, count + 1, count + 5, -1, Math.floor(next() * (count + 2))].map((line, i) =>
        problem("providers/a.yaml", line, (i % 3) + 1),
      );
      problems.sort((a, b) => a.line - b.line || a.column - b.column);
      const fromText = formatText(report(problems), { color: false, readSource: () => text });
      const cached = excerptOf(problems, textLines(text))!;
      // What the cache keeps round-trips through JSON.
      const fromExcerpt = formatText(report(problems), { color: false, readSource: () => excerptLines(JSON.parse(JSON.stringify(cached))) });
      expect(fromExcerpt, JSON.stringify(text)).toBe(fromText);
      expect(formatText(report(problems), { color: true, readSource: () => excerptLines(cached) })).toBe(
        formatText(report(problems), { color: true, readSource: () => text }),
      );
      // Every quoted line is the split text's.
      const lines = split(text);
      const expected = problems.flatMap((item) => quoted(lines, item).map((line) => line.slice(line.indexOf(":") + 1)));
      const printed = [...fromText.matchAll(/^ {4}[> ] +\d+ \| (.*)$/gm)].map((match) => match[1]);
      expect(printed).toEqual(expected.map((line) => (line.length > 120 ? `${line.slice(0, 117)}...` : line)));
    }
  });

  it("keeps and quotes nothing of a file that must not be echoed", () => {
    const text = "api_key: sk-live-0123456789abcdef\n";
    for (const rule of ["credential", "unsafe-file"] as const) {
      const problems = [problem("providers/a.yaml", 1, 1, rule)];
      expect(excerptOf(problems, textLines(text))).toBeUndefined();
      expect(formatText(report(problems), { color: false, readSource: () => text })).not.toContain("sk-live");
    }
    expect(excerptOf([problem("providers/a.yaml", 1, 1, "yaml-syntax", "the file is not UTF-8")], textLines(text))).toBeUndefined();
  });

  it("keeps only the lines it quotes", () => {
    const text = Array.from({ length: 100 }, (_, i) => `line ${i + 1}`).join("\n");
    expect(excerptOf([problem("f", 10), problem("f", 50), problem("f", 100)], textLines(text))).toEqual({
      9: "line 9",
      10: "line 10",
      11: "line 11",
      49: "line 49",
      50: "line 50",
      51: "line 51",
      99: "line 99",
      100: "line 100",
    });
  });
});
