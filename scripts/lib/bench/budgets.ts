/**
 * The budgets of SPEC §7, as ratios of figures measured in one run, so the
 * machine's speed (and what else it is doing) cancels out as far as it can.
 */
import type { CommandId } from "./commands.ts";
import type { Summary } from "./measure.ts";

export type CommandOutcome = { status: "measured"; summary: Summary } | { status: "unavailable"; reason: string } | { status: "failed"; reason: string };

export interface CorpusResult {
  name: string;
  files: number;
  entries: number;
  bytes: number;
  commands: Partial<Record<CommandId, CommandOutcome>>;
}

/** PASS and FAIL are verdicts; N/A means a command could not be measured; SKIP a corpus not run (`--quick`). */
export type BudgetStatus = "PASS" | "FAIL" | "N/A" | "SKIP";

export interface BudgetLine {
  /** What is bounded, in words. */
  budget: string;
  /** The measured value in `unit`, when there is one. */
  measured: number | undefined;
  limit: number;
  unit: "x" | "MB";
  /** The limit is a floor (`serve`'s throughput), not a ceiling. */
  atLeast?: boolean;
  status: BudgetStatus;
  /** Why there is no verdict, or what failed. */
  note?: string;
}

export const MEMORY_LIMIT_BYTES = 1_000_000_000;
export const LARGE_CORPUS = "10000x50";
export const MEDIUM_CORPUS = "1000x50";
export const SMALL_REAL_CORPUS = "upstream";

type Figure = { value: number } | { status: Exclude<BudgetStatus, "PASS" | "FAIL">; note: string } | { status: "FAIL"; note: string };

function outcome(
  results: readonly CorpusResult[],
  corpus: string,
  command: CommandId,
): { summary: Summary; corpus: CorpusResult } | Exclude<Figure, { value: number }> {
  const result = results.find((candidate) => candidate.name === corpus);
  if (!result) return { status: "SKIP", note: `${corpus} not run` };
  const measured = result.commands[command];
  if (!measured) return { status: "SKIP", note: `${command} not run on ${corpus}` };
  if (measured.status === "unavailable") return { status: "N/A", note: `${command} not available: ${measured.reason}` };
  if (measured.status === "failed") return { status: "FAIL", note: `${command} failed on ${corpus}: ${measured.reason}` };
  return { summary: measured.summary, corpus: result };
}

function ratio(numerator: Figure, denominator: Figure): Figure {
  if (!("value" in numerator)) return numerator;
  if (!("value" in denominator)) return denominator;
  return { value: numerator.value / denominator.value };
}

function time(results: readonly CorpusResult[], corpus: string, command: CommandId, perEntry = false): Figure {
  const found = outcome(results, corpus, command);
  if (!("summary" in found)) return found;
  return { value: perEntry ? found.summary.medianMs / Math.max(1, found.corpus.entries) : found.summary.medianMs };
}

function peak(results: readonly CorpusResult[], corpus: string, command: CommandId): Figure {
  const found = outcome(results, corpus, command);
  if (!("summary" in found)) return found;
  if (found.summary.peakRssBytes === undefined) return { status: "N/A", note: "peak memory not reported by this OS/runtime" };
  return { value: found.summary.peakRssBytes / 1_000_000 };
}

function line(budget: string, figure: Figure, limit: number, unit: BudgetLine["unit"]): BudgetLine {
  if ("value" in figure) return { budget, measured: figure.value, limit, unit, status: figure.value <= limit ? "PASS" : "FAIL" };
  return { budget, measured: undefined, limit, unit, status: figure.status, note: figure.note };
}

/** Every budget line of SPEC §7, in the order the table prints them. */
export function evaluateBudgets(results: readonly CorpusResult[], corpora: readonly string[]): BudgetLine[] {
  const lines: BudgetLine[] = [];
  for (const corpus of corpora)
    lines.push(line(`validate / floor, ${corpus}`, ratio(time(results, corpus, "validate"), time(results, corpus, "floor")), 2, "x"));
  for (const corpus of corpora) lines.push(line(`build / floor, ${corpus}`, ratio(time(results, corpus, "build"), time(results, corpus, "floor")), 3, "x"));
  lines.push(line(`validate peak memory, ${LARGE_CORPUS}`, peak(results, LARGE_CORPUS, "validate"), MEMORY_LIMIT_BYTES / 1_000_000, "MB"));
  lines.push(line(`build peak memory, ${LARGE_CORPUS}`, peak(results, LARGE_CORPUS, "build"), MEMORY_LIMIT_BYTES / 1_000_000, "MB"));
  lines.push(
    line(
      `add-model time, ${LARGE_CORPUS} / ${SMALL_REAL_CORPUS}`,
      ratio(time(results, LARGE_CORPUS, "add-model"), time(results, SMALL_REAL_CORPUS, "add-model")),
      1.5,
      "x",
    ),
  );
  lines.push(
    line(
      `validate time per entry, ${LARGE_CORPUS} / ${MEDIUM_CORPUS}`,
      ratio(time(results, LARGE_CORPUS, "validate", true), time(results, MEDIUM_CORPUS, "validate", true)),
      1.3,
      "x",
    ),
  );
  return lines;
}

/** Exit status of the benchmark: every budget that was measured must pass, and none may be missing a command. */
export function budgetsPass(lines: readonly BudgetLine[]): boolean {
  return lines.every((budget) => budget.status === "PASS" || budget.status === "SKIP");
}
