/**
 * The human format: problems grouped by file, each with a short excerpt of
 * the source around it, and a one-line summary. Colours only when asked
 * (on a TTY); the output is otherwise plain.
 */
import pc from "picocolors";
import { printable, type Problem, type ValidationReport } from "../problems.ts";

export interface TextOptions {
  color: boolean;
  /** Returns a file's text for excerpts, or undefined when it must not be shown. */
  readSource?(file: string): string | undefined;
}

const plain = new Proxy({}, { get: () => (text: string) => text }) as typeof pc;

export function formatText(report: ValidationReport, options: TextOptions): string {
  const c = options.color ? pc.createColors(true) : plain;
  const out: string[] = [];
  const byFile = new Map<string, Problem[]>();
  for (const problem of report.problems) {
    const list = byFile.get(problem.file) ?? [];
    list.push(problem);
    byFile.set(problem.file, list);
  }
  for (const [file, problems] of byFile) {
    out.push(c.underline(c.bold(file)));
    // Never echoed: files refused unread (unsafe-file), binary files, and
    // files holding a secret (the excerpt would print what the message masks).
    const quiet = problems.some((problem) => problem.rule === "unsafe-file" || problem.rule === "credential" || problem.message.includes("not UTF-8"));
    const source = quiet ? undefined : options.readSource?.(file);
    // A final newline ends the last line; it does not start an empty one.
    const lines = source?.replace(/\r?\n$/, "").split(/\r?\n/);
    for (const problem of problems) {
      const label = problem.severity === "error" ? c.red("error") : c.yellow("warning");
      out.push(`  ${c.dim(`${problem.line}:${problem.column}`)}  ${label}  ${problem.message}  ${c.dim(problem.rule)}`);
      if (lines && lines.length >= problem.line) {
        const first = Math.max(1, problem.line - 1);
        const width = String(problem.line + 1).length;
        for (let n = first; n <= Math.min(lines.length, problem.line + 1); n++) {
          const text = printable(lines[n - 1]!.replace(/\t/g, " "));
          const shown = text.length > 120 ? `${text.slice(0, 117)}...` : text;
          const marker = n === problem.line ? c.red(">") : " ";
          out.push(`    ${marker} ${c.dim(String(n).padStart(width))} | ${shown}`);
          if (n === problem.line) out.push(`      ${" ".repeat(width)} | ${" ".repeat(Math.max(0, problem.column - 1))}${c.red("^")}`);
        }
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
