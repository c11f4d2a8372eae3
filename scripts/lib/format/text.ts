/**
 * The human format: problems grouped by file, each with a short excerpt of
 * the source around it, and a one-line summary. Colours only when asked
 * (on a TTY); the output is otherwise plain.
 */
import { createRequire } from "node:module";
import { printable, type Problem, type ValidationReport } from "../problems.ts";
import { hasLine, isQuiet, quotedRange, textLines, type SourceLines } from "./excerpt.ts";

export interface TextOptions {
  color: boolean;
  /**
   * A file's source for excerpts: its text, or the lines around its problems
   * (what validate's content cache keeps); undefined when it must not be shown.
   */
  readSource?(file: string): string | SourceLines | undefined;
}

type Colors = Record<"underline" | "bold" | "red" | "yellow" | "green" | "dim", (text: string) => string>;
const same = (text: string) => text;
const plain: Colors = { underline: same, bold: same, red: same, yellow: same, green: same, dim: same };

/** Loaded only to colour: picocolors reads process.stdout.isTTY as it loads, and Bun builds the whole stdout stream for that (15–25 ms). */
function colors(): Colors {
  return (createRequire(import.meta.url)("picocolors") as typeof import("picocolors")).createColors(true);
}

export function formatText(report: ValidationReport, options: TextOptions): string {
  const c: Colors = options.color ? colors() : plain;
  const out: string[] = [];
  const byFile = new Map<string, Problem[]>();
  for (const problem of report.problems) {
    const list = byFile.get(problem.file);
    if (list) list.push(problem);
    else byFile.set(problem.file, [problem]);
  }
  const error = c.red("error");
  const warning = c.yellow("warning");
  const marker = c.red(">");
  const caret = c.red("^");
  for (const [file, problems] of byFile) {
    out.push(c.underline(c.bold(file)));
    // Never echoed: files refused unread, binary files, files holding a secret.
    const found = isQuiet(problems) ? undefined : options.readSource?.(file);
    const source = typeof found === "string" ? textLines(found) : found;
    for (const problem of problems) {
      out.push(
        `  ${c.dim(`${problem.line}:${problem.column}`)}  ${problem.severity === "error" ? error : warning}  ${problem.message}  ${c.dim(problem.rule)}`,
      );
      if (!source || !hasLine(source, problem.line)) continue;
      const { first, last } = quotedRange(problem.line);
      const width = String(last).length;
      for (let n = first; n <= last; n++) {
        const line = source.line(n);
        if (line === undefined) break;
        const text = printable(line.includes("\t") ? line.replace(/\t/g, " ") : line);
        const shown = text.length > 120 ? `${text.slice(0, 117)}...` : text;
        out.push(`    ${n === problem.line ? marker : " "} ${c.dim(String(n).padStart(width))} | ${shown}`);
        if (n === problem.line) out.push(`      ${" ".repeat(width)} | ${" ".repeat(Math.max(0, problem.column - 1))}${caret}`);
      }
    }
    out.push("");
  }
  const { errors, warnings, providers, canonical_models } = report.summary;
  const counts = `${errors} error${errors === 1 ? "" : "s"}, ${warnings} warning${warnings === 1 ? "" : "s"}`;
  const scope = `${providers} provider${providers === 1 ? "" : "s"}, ${canonical_models} canonical model${canonical_models === 1 ? "" : "s"}`;
  out.push(errors > 0 ? c.red(`✖ ${counts} (${scope})`) : warnings > 0 ? c.yellow(`⚠ ${counts} (${scope})`) : c.green(`✔ registry is valid (${scope})`));
  return `${out.join("\n")}\n`;
}
