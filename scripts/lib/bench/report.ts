/**
 * Printing a benchmark result: plain-text tables for people (the README
 * quotes them as they are) and one JSON object for machines.
 */
import type { BudgetLine } from "./budgets.ts";
import type { BenchResult } from "./run.ts";
import { COMMAND_IDS, COMMAND_LABELS } from "./commands.ts";
import { formatServerTable } from "./server.ts";

type Align = "left" | "right";

/**
 * Columns padded to their widest cell. A row shorter than the header ends in
 * a note that runs on past the columns (and does not widen them).
 */
function table(header: readonly string[], rows: readonly (readonly string[])[], align: readonly Align[]): string {
  const full = rows.filter((row) => row.length === header.length);
  const widths = header.map((cell, column) => Math.max(cell.length, ...full.map((row) => (row[column] ?? "").length)));
  const render = (row: readonly string[]) =>
    row
      .map((cell, column) => {
        if (row.length < header.length && column === row.length - 1) return cell;
        return align[column] === "right" ? cell.padStart(widths[column] ?? 0) : cell.padEnd(widths[column] ?? 0);
      })
      .join("  ")
      .trimEnd();
  return [render(header), ...rows.map(render)].join("\n");
}

const integer = new Intl.NumberFormat("en-US", { maximumFractionDigits: 0 });

function megabytes(bytes: number): string {
  return (bytes / 1_000_000).toFixed(bytes < 10_000_000 ? 2 : 1);
}

function secondsText(ms: number): string {
  return (ms / 1000).toFixed(ms < 10_000 ? 3 : 2);
}

function valueText(value: number, unit: BudgetLine["unit"]): string {
  switch (unit) {
    case "x":
      return `${value.toFixed(2)}x`;
    case "ms":
      return `${value.toFixed(value < 100 ? 2 : 0)} ms`;
    default:
      return `${integer.format(value)} ${unit}`;
  }
}

function measuredText(value: number | undefined, unit: BudgetLine["unit"]): string {
  return value === undefined ? "—" : valueText(value, unit);
}

/** The package's figures per corpus: what the probe measured in plain Node, medians over the runs. */
function packageTable(result: BenchResult): string | undefined {
  const rows: string[][] = [];
  for (const corpus of result.corpora) {
    const probe = corpus.commands["package-import"];
    const parse = corpus.commands["package-parse"];
    if (probe?.status !== "measured" || !probe.figures) continue;
    const f = probe.figures;
    const p = parse?.status === "measured" ? parse.figures : undefined;
    const ms = (value: number | undefined) => (value === undefined ? "—" : value.toFixed(value < 100 ? 2 : 0));
    const mb = (value: number | undefined) => (value === undefined ? "—" : megabytes(value));
    rows.push([
      corpus.name,
      ms(f.importMs),
      ms(p?.parseMs),
      mb(f.peakRssBytes),
      mb(p?.viewBytes),
      ms(f.firstCostMs),
      ms(f.firstResolveMs),
      f.providersForPerSecond === undefined ? "—" : integer.format(f.providersForPerSecond),
    ]);
  }
  if (rows.length === 0) return undefined;
  return table(["package (node)", "import ms", "JSON.parse ms", "peak MB", "view MB", "1st cost ms", "1st resolve ms", "providersFor/s"], rows, [
    "left",
    "right",
    "right",
    "right",
    "right",
    "right",
    "right",
    "right",
  ]);
}

export function formatText(result: BenchResult): string {
  const { machine } = result;
  const out: string[] = [];
  out.push(
    `Machine: ${machine.cpu}, ${machine.cores} cores, ${Math.round(machine.memoryBytes / 2 ** 30)} GiB, ${machine.os}, Bun ${machine.bun ?? "—"}`,
    "Time: wall clock, median of the timed runs (min–max); cpu: user+system, median; peak: maximum resident set size over the runs, from the OS.",
  );
  // The run itself adds about one to the load; more than that was someone else's work.
  const busy = result.load.before > 0.5 || result.load.after > machine.cores;
  out.push(
    busy
      ? `Load average ${result.load.before.toFixed(1)} before, ${result.load.after.toFixed(1)} after: the machine was busy with other work, so wall times are inflated and ratios noisy; re-run on a quiet machine.`
      : `Load average ${result.load.before.toFixed(1)} before, ${result.load.after.toFixed(1)} after (quiet).`,
    "",
  );

  // `--only server` measures no corpus: no empty corpus tables.
  if (result.corpora.length > 0)
    out.push(
      table(
        ["corpus", "files", "entries", "MB"],
        result.corpora.map((corpus) => [corpus.name, integer.format(corpus.files), integer.format(corpus.entries), megabytes(corpus.bytes)]),
        ["left", "right", "right", "right"],
      ),
      "",
    );

  const rows: string[][] = [];
  for (const corpus of result.corpora) {
    for (const id of COMMAND_IDS) {
      const outcome = corpus.commands[id];
      if (!outcome) continue;
      const lead = [corpus.name, COMMAND_LABELS[id]];
      if (outcome.status === "measured") {
        const s = outcome.summary;
        rows.push([
          ...lead,
          String(s.runs),
          secondsText(s.medianMs),
          `${secondsText(s.minMs)}–${secondsText(s.maxMs)}`,
          s.medianCpuMs === undefined ? "—" : secondsText(s.medianCpuMs),
          s.peakRssBytes === undefined ? "—" : integer.format(s.peakRssBytes / 1_000_000),
        ]);
      } else {
        rows.push([...lead, outcome.status === "unavailable" ? `not available (${outcome.reason})` : `FAILED (${outcome.reason})`]);
      }
    }
  }
  if (result.corpora.length > 0)
    out.push(
      table(["corpus", "command", "runs", "time s", "min–max s", "cpu s", "peak MB"], rows, ["left", "left", "right", "right", "right", "right", "right"]),
      "",
    );

  const packages = packageTable(result);
  if (packages) out.push(packages, "");
  if (result.server) out.push(formatServerTable(result.server), "");

  out.push(
    table(
      ["budget (SPEC §7)", "measured", "limit", "result"],
      result.budgets.map((budget) => [
        budget.budget,
        measuredText(budget.measured, budget.unit),
        `${budget.atLeast ? "≥" : "≤"} ${budget.unit === "x" ? `${budget.limit}x` : budget.unit === "ms" ? `${budget.limit} ms` : valueText(budget.limit, budget.unit)}`,
        budget.note ? `${budget.status} (${budget.note})` : budget.status,
      ]),
      ["left", "right", "right", "left"],
    ),
  );
  const counted = result.budgets.filter((budget) => budget.status !== "SKIP");
  const passed = counted.filter((budget) => budget.status === "PASS").length;
  const skipped = result.budgets.length - counted.length;
  out.push(
    "",
    `${result.ok ? "PASS" : "FAIL"}: ${passed} of ${counted.length} budgets pass${skipped > 0 ? `; ${skipped} skipped (corpus not measured in this run)` : ""}.`,
  );
  return `${out.join("\n")}\n`;
}

export function formatJson(result: BenchResult): string {
  return `${JSON.stringify(result, null, 2)}\n`;
}
