/**
 * The budgets of SPEC §7, as ratios of figures measured in one run, so the
 * machine's speed (and what else it is doing) cancels out as far as it can.
 */
import type { CommandId } from "./commands.ts";
import type { Summary } from "./measure.ts";

export type CommandOutcome =
  /** `figures`: what a probe printed (the package's), each the median over the runs. */
  { status: "measured"; summary: Summary; figures?: Record<string, number> } | { status: "unavailable"; reason: string } | { status: "failed"; reason: string };

export interface CorpusResult {
  name: string;
  files: number;
  entries: number;
  bytes: number;
  commands: Partial<Record<CommandId, CommandOutcome>>;
}

export type BudgetUnit = "x" | "MB" | "ms" | "calls/s";

/** PASS and FAIL are verdicts; N/A means a command could not be measured; SKIP a corpus not run (`--quick`). */
export type BudgetStatus = "PASS" | "FAIL" | "N/A" | "SKIP";

export interface BudgetLine {
  /** What is bounded, in words. */
  budget: string;
  /** The measured value in `unit`, when there is one. */
  measured: number | undefined;
  limit: number;
  unit: BudgetUnit;
  /** The limit is a floor (throughputs), not a ceiling. */
  atLeast?: boolean;
  status: BudgetStatus;
  /** Why there is no verdict, or what failed. */
  note?: string;
}

export const MEMORY_LIMIT_BYTES = 1_000_000_000;
export const LARGE_CORPUS = "10000x50";
export const MEDIUM_CORPUS = "1000x50";
export const SMALL_REAL_CORPUS = "upstream";
/** `validate` cold: near the floor where parsing dominates; the small corpora are mostly start-up. */
export const VALIDATE_LIMIT = { large: 1.3, small: 1.6 } as const;
export const BUILD_LIMIT = 2.5;
/** Warm cache, one edited file: a tenth of the floor (SPEC §7). */
export const INCREMENTAL_LIMIT = 0.1;
export const PACKAGE_LIMITS = { importVsParse: 2, rssVsView: 2.5, firstCallMs: 10, providersForPerSecond: 100_000 } as const;

function validateLimit(corpus: string): number {
  return corpus === MEDIUM_CORPUS || corpus === LARGE_CORPUS ? VALIDATE_LIMIT.large : VALIDATE_LIMIT.small;
}

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

/** A figure the probe printed (`figures[name]`), or why there is none. */
function probed(results: readonly CorpusResult[], corpus: string, command: CommandId, name: string): Figure {
  const found = outcome(results, corpus, command);
  if (!("summary" in found)) return found;
  const result = found.corpus.commands[command];
  const value = result?.status === "measured" ? result.figures?.[name] : undefined;
  return value === undefined ? { status: "FAIL", note: `${command} printed no ${name}` } : { value };
}

function combine(figures: readonly Figure[], join: (values: number[]) => number): Figure {
  const missing = figures.find((figure) => !("value" in figure));
  if (missing) return missing;
  return { value: join(figures.map((figure) => (figure as { value: number }).value)) };
}

function line(budget: string, figure: Figure, limit: number, unit: BudgetUnit, atLeast = false): BudgetLine {
  if ("value" in figure) {
    const passes = atLeast ? figure.value >= limit : figure.value <= limit;
    return { budget, measured: figure.value, limit, unit, ...(atLeast ? { atLeast } : {}), status: passes ? "PASS" : "FAIL" };
  }
  return { budget, measured: undefined, limit, unit, ...(atLeast ? { atLeast } : {}), status: figure.status, note: figure.note };
}

/** Every budget line of SPEC §7, in the order the table prints them. */
export function evaluateBudgets(results: readonly CorpusResult[], corpora: readonly string[]): BudgetLine[] {
  const lines: BudgetLine[] = [];
  const floor = (corpus: string) => time(results, corpus, "floor");
  for (const corpus of corpora)
    lines.push(line(`validate / floor, ${corpus}`, ratio(time(results, corpus, "validate"), floor(corpus)), validateLimit(corpus), "x"));
  for (const corpus of corpora) lines.push(line(`build / floor, ${corpus}`, ratio(time(results, corpus, "build"), floor(corpus)), BUILD_LIMIT, "x"));
  const large = LARGE_CORPUS;
  for (const [command, what] of [
    ["validate-warm", "validate, warm cache, unchanged"],
    ["validate-file", "validate FILE, one edited file"],
    ["validate-edited", "validate, warm cache, one edited file"],
  ] as const) {
    lines.push(line(`${what} / floor, ${large}`, ratio(time(results, large, command), floor(large)), INCREMENTAL_LIMIT, "x"));
  }
  lines.push(line(`validate peak memory, ${large}`, peak(results, large, "validate"), MEMORY_LIMIT_BYTES / 1_000_000, "MB"));
  lines.push(line(`build peak memory, ${large}`, peak(results, large, "build"), MEMORY_LIMIT_BYTES / 1_000_000, "MB"));
  lines.push(line(`build --check / build, ${large}`, ratio(time(results, large, "build-check"), time(results, large, "build")), 1, "x"));
  lines.push(
    line(`add-model time, ${large} / ${SMALL_REAL_CORPUS}`, ratio(time(results, large, "add-model"), time(results, SMALL_REAL_CORPUS, "add-model")), 1.5, "x"),
  );
  lines.push(
    line(
      `validate time per entry, ${large} / ${MEDIUM_CORPUS}`,
      ratio(time(results, large, "validate", true), time(results, MEDIUM_CORPUS, "validate", true)),
      1.3,
      "x",
    ),
  );
  const pkg = (name: string) => probed(results, large, "package-import", name);
  const view = (name: string) => probed(results, large, "package-parse", name);
  lines.push(line(`package import / JSON.parse of its view, ${large}`, ratio(pkg("importMs"), view("parseMs")), PACKAGE_LIMITS.importVsParse, "x"));
  lines.push(line(`package peak memory / its view's size, ${large}`, ratio(pkg("peakRssBytes"), view("viewBytes")), PACKAGE_LIMITS.rssVsView, "x"));
  lines.push(
    line(
      `package first cost() and resolve(), ${large}`,
      combine([pkg("firstCostMs"), pkg("firstResolveMs")], (values) => Math.max(...values)),
      PACKAGE_LIMITS.firstCallMs,
      "ms",
    ),
  );
  lines.push(line(`package providersFor throughput, ${large}`, pkg("providersForPerSecond"), PACKAGE_LIMITS.providersForPerSecond, "calls/s", true));
  return lines;
}

/** Exit status of the benchmark: every budget that was measured must pass, and none may be missing a command. */
export function budgetsPass(lines: readonly BudgetLine[]): boolean {
  return lines.every((budget) => budget.status === "PASS" || budget.status === "SKIP");
}
