// The npm package's figures of SPEC §7, measured where a consumer meets
// them: plain Node, a fresh process, the package as `build` wrote it.
//
//   node package-probe.mjs import DIR QUERIES  → {"importMs", "rssBytes", "peakRssBytes", "firstCostMs", "firstResolveMs", "providersForPerSecond", …}
//   node package-probe.mjs parse DIR           → {"parseMs", "viewBytes"}: JSON.parse of the model view the module reads
//
// QUERIES is a JSON file `{ "provider": NAME, "models": [ID, …] }`: a provider
// and canonical ids it serves. Plain JavaScript, so no loader stands between
// the clock and the import.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { pathToFileURL } from "node:url";

const [mode, dir, queriesFile] = process.argv.slice(2);
/** How long the providersFor loop runs, once every list is cached. */
const THROUGHPUT_MS = 1000;

function modelView() {
  const meta = JSON.parse(readFileSync(join(dir, "snapshot.json"), "utf8"));
  return join(dir, typeof meta.models === "string" ? meta.models : "models.json");
}

function timed(run) {
  const started = performance.now();
  const value = run();
  return { value, ms: performance.now() - started };
}

async function importFigures() {
  const queries = JSON.parse(readFileSync(queriesFile, "utf8"));
  const started = performance.now();
  const pkg = await import(pathToFileURL(join(dir, "index.js")).href);
  const importMs = performance.now() - started;
  const rssBytes = process.memoryUsage().rss;
  const peakRssBytes = process.resourceUsage().maxRSS * 1024;

  const [first, second = first] = queries.models;
  // Two different models, so neither call finds the other's record already read.
  const firstCost = timed(() => pkg.cost({ provider: queries.provider, model: first, input_tokens: 1000, output_tokens: 100 }));
  const firstResolve = timed(() => pkg.resolve(`${queries.provider}:${second}`));

  for (const id of queries.models) pkg.providersFor(id);
  let calls = 0;
  let listed = 0;
  const loopStarted = performance.now();
  let elapsed = 0;
  while (elapsed < THROUGHPUT_MS) {
    for (const id of queries.models) listed += pkg.providersFor(id).length;
    calls += queries.models.length;
    elapsed = performance.now() - loopStarted;
  }
  return {
    importMs,
    rssBytes,
    peakRssBytes,
    firstCostMs: firstCost.ms,
    costed: typeof firstCost.value === "number" ? 1 : 0,
    firstResolveMs: firstResolve.ms,
    resolved: firstResolve.value.length,
    providersForPerSecond: (calls / elapsed) * 1000,
    entriesPerCall: listed / calls,
  };
}

function parseFigures() {
  const view = modelView();
  const started = performance.now();
  const parsed = JSON.parse(readFileSync(view, "utf8"));
  const parseMs = performance.now() - started;
  return { parseMs, viewBytes: readFileSync(view).length, records: Array.isArray(parsed.data) ? parsed.data.length : 0 };
}

if (mode === "import") process.stdout.write(`${JSON.stringify(await importFigures())}\n`);
else if (mode === "parse") process.stdout.write(`${JSON.stringify(parseFigures())}\n`);
else {
  process.stderr.write("usage: package-probe.mjs import DIR QUERIES | parse DIR\n");
  process.exit(2);
}
