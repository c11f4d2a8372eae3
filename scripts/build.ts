#!/usr/bin/env bun
/** `bun run build [--root DIR] [--check]` */
import { Command } from "commander";
import { buildSnapshot } from "./lib/build/index.ts";
import { configureExits, registryRoot, runCli } from "./lib/cli.ts";
import { formatText } from "./lib/format/text.ts";

const program = new Command("build")
  .description(
    "Build the read-only snapshot: dist/providers.json and dist/models.json (patterns resolved), schemas/*.schema.json, and the npm package in dist/npm/.",
  )
  .option("--root <dir>", "registry root (holds canonical.yaml and providers/)", ".")
  .option("--check", "write nothing; exit 1 naming each artifact that is missing or out of date", false)
  .addHelpText("after", "\nExamples:\n  bun run build\n  bun run build --check\n\nExit codes: 0 built (or up to date), 1 invalid registry or stale artifacts, 2 usage error.");

await runCli("build", async () => {
  configureExits(program);
  program.parse(process.argv);
  const options = program.opts<{ root: string; check: boolean }>();
  const { root, source } = registryRoot(options.root);

  const problemTexts = new Map<string, string>();
  const outcome = await buildSnapshot(source, { root, check: options.check, onProblemText: (file, text) => problemTexts.set(file, text) });
  if (!outcome.ok) {
    const color = Boolean(process.stderr.isTTY) && !process.env.NO_COLOR;
    process.stderr.write(
      // Errors only: they are why nothing was built (`validate` lists the warnings too).
      formatText({ ...outcome.report, problems: outcome.report.problems.filter((problem) => problem.severity === "error") }, {
        color,
        readSource: (file) => problemTexts.get(file),
      }),
    );
    process.stderr.write(options.check ? "build --check: the registry has errors (above); fix them, then build\n" : "build: the registry has errors (above); nothing was built\n");
    return 1;
  }

  const { results, providers, models, entries, hash, report } = outcome;
  const scope = `${providers} provider${providers === 1 ? "" : "s"}, ${models} canonical model${models === 1 ? "" : "s"}, ${entries} entr${entries === 1 ? "y" : "ies"}`;
  const warnings = report.summary.warnings > 0 ? ` (${report.summary.warnings} validation warning${report.summary.warnings === 1 ? "" : "s"}: see \`validate\`)` : "";
  if (options.check) {
    const outOfDate = results.filter((result) => result.state !== "fresh");
    if (outOfDate.length > 0) {
      const lines = outOfDate.map((result) => `  ${result.state.padEnd(10)} ${result.path}`);
      process.stderr.write(
        `build --check: ${outOfDate.length} artifact${outOfDate.length === 1 ? " is" : "s are"} out of date; run \`npm run build\` and commit the result:\n${lines.join("\n")}\n`,
      );
      return 1;
    }
    process.stdout.write(`✔ all ${results.length} artifacts are up to date (${scope})${warnings}\n`);
    return 0;
  }
  const removed = results.filter((result) => result.state === "removed").map((result) => `\n  removed ${result.path}`);
  process.stdout.write(`✔ built ${results.length - removed.length} artifacts in dist/ and schemas/ (${scope}; sha256 ${hash})${warnings}${removed.join("")}\n`);
  return 0;
});
