#!/usr/bin/env bun
/** `bun run bench [--quick] [--only CORPORA] [--json] [--runs N]` — SPEC §7: every figure, with its budget, in one run per corpus. */
import { Command } from "commander";
import { configureExits, runCli } from "./lib/cli.ts";
import { UsageError } from "./lib/errors.ts";
import { formatJson, formatText } from "./lib/bench/report.ts";
import { CORPORA } from "./lib/bench/corpora.ts";
import { runBenchWithServer, selectCorpora, SERVER_PART } from "./lib/bench/run.ts";

const program = new Command("bench")
  .description(
    "Time validate (cold, warm cache, one edited file), build, build --check and manage add-model against the floor (read + js-yaml parse), the npm package under plain Node (import, memory, first calls, providersFor throughput) and sync's plan, on the SPEC §7 corpora; check the budgets.",
  )
  .option("--quick", "the small corpora only (upstream, bitrouter, models-dev, 1,000 providers); skips 10,000 providers", false)
  .option("--only <corpora>", "comma-separated corpus names: upstream, bitrouter, models-dev, 1000x50, 10000x50, and `server` for serve under load")
  .option("--json", "print the figures as one JSON object on stdout (the table goes to stderr)", false)
  .option("--runs <n>", "timed runs per command on every corpus (default: 7 on the real corpora, 9 at 1,000 providers, 3 at 10,000)")
  .addHelpText(
    "after",
    "\nExamples:\n  bun run bench\n  bun run bench --quick\n  bun run bench --json > bench.json\n\nExit codes: 0 every budget passes, 1 a budget fails or a command is missing or failed, 2 usage error.",
  );

await runCli("bench", async () => {
  configureExits(program);
  program.parse(process.argv);
  const options = program.opts<{ quick: boolean; only?: string; json: boolean; runs?: string }>();
  let runs: number | undefined;
  if (options.runs !== undefined) {
    runs = Number(options.runs);
    if (!Number.isSafeInteger(runs) || runs < 1) throw new UsageError(`--runs must be a whole number ≥ 1, got ${options.runs}`);
  }
  const only = options.only
    ?.split(",")
    .map((name) => name.trim())
    .filter((name) => name !== "");
  const names = CORPORA.map((spec) => spec.name);
  const unknown = (only ?? []).filter((name) => !names.includes(name) && name !== SERVER_PART);
  if (unknown.length > 0) throw new UsageError(`unknown corpus ${unknown.join(", ")}; the corpora are ${names.join(", ")} (and ${SERVER_PART})`);
  const server = !only || only.includes(SERVER_PART);
  if (selectCorpora({ quick: options.quick, only }).length === 0 && !server) throw new UsageError("--quick leaves none of the --only corpora to measure");
  const result = await runBenchWithServer({ quick: options.quick, only, runs, server, log: (line) => process.stderr.write(`${line}\n`) });
  const text = formatText(result);
  if (options.json) {
    process.stderr.write(`\n${text}`);
    process.stdout.write(formatJson(result));
  } else {
    process.stdout.write(`\n${text}`);
  }
  return result.ok ? 0 : 1;
});
