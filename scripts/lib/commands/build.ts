/** The `build` command, started by scripts/build.ts (its usage is there): the snapshot (views, schemas, npm package) written or checked. */
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { buildSnapshot, VIEW_NAMES, type ViewName, type ViewWarning } from "../snapshot/index.ts";
import { configureExits, registryRoot, runCli } from "../cli.ts";
import { UsageError } from "../errors.ts";
import { isTerminal, writeErr, writeOut } from "../output.ts";
import { parseRuleFlags, type Severities } from "../rule-config.ts";

interface Options {
  root: string;
  out?: string;
  views: string;
  rule: string[];
  check: boolean;
  /** `--no-cache` sets it false: every provider file is parsed and rendered afresh, and nothing is kept. */
  cache: boolean;
}

/** The command's definition, help text and error messages. */
async function program() {
  const { Command } = await import("commander");
  return new Command("build")
    .description(
      "Build the read-only snapshot: the views each router generation reads (v2: dist/providers.json and dist/models.json; router: dist/registry/providers.json and dist/registry/models.json; patterns resolved), schemas/*.schema.json, and the npm package in dist/npm/.",
    )
    .option("--root <dir>", "registry root (holds canonical.yaml or models/, and providers/)", ".")
    .option(
      "--out <dir>",
      "write every artifact under this directory instead (views and npm/ in it, schemas/ below it); default: <root>/dist, schemas in <root>/schemas",
    )
    .option("--views <list>", `comma-separated views to build: ${VIEW_NAMES.join(", ")}`, VIEW_NAMES.join(","))
    .option(
      "--rule <id=severity>",
      "set a rule's severity for the validation the build starts with, as `validate --rule` does (repeatable; wins over registry.config.yaml)",
      (value: string, previous: string[]) => [...previous, value],
      [] as string[],
    )
    .option("--check", "write nothing; exit 1 naming each artifact that is missing or out of date", false)
    .option(
      "--no-cache",
      "parse and render every provider file, reading and keeping nothing of earlier builds (by default unchanged files are taken from the content cache in node_modules/.cache/provider-registry/build)",
    )
    .addHelpText(
      "after",
      "\nExamples:\n  bun run build\n  bun run build --check\n  bun run build --root ../router/registry --out /tmp/dist --views router --rule unknown-canonical=warning\n\nExit codes: 0 built (or up to date), 1 invalid registry or stale artifacts, 2 usage error.",
    );
}

/**
 * Well-formed arguments, read without loading commander (15 ms of a small
 * registry's build). Anything else — `--help`, an unknown flag, a missing
 * value — goes to commander, which owns the help text and the error messages.
 */
function quickArguments(argv: string[]): Options | undefined {
  try {
    const { values, positionals } = parseArgs({
      args: argv,
      options: {
        root: { type: "string" },
        out: { type: "string" },
        views: { type: "string" },
        rule: { type: "string", multiple: true },
        check: { type: "boolean" },
        "no-cache": { type: "boolean" },
      },
      strict: true,
      allowPositionals: true,
    });
    if (positionals.length > 0) return undefined;
    return {
      root: values.root ?? ".",
      ...(values.out !== undefined ? { out: values.out } : {}),
      views: values.views ?? VIEW_NAMES.join(","),
      rule: values.rule ?? [],
      check: values.check ?? false,
      cache: !values["no-cache"],
    };
  } catch {
    return undefined;
  }
}

function parseViews(list: string): ViewName[] {
  const names = list.split(",").map((name) => name.trim());
  if (names.some((name) => !(VIEW_NAMES as readonly string[]).includes(name))) {
    throw new UsageError(`--views takes a comma-separated list of ${VIEW_NAMES.join(", ")}; got ${JSON.stringify(list)}`);
  }
  return names as ViewName[];
}

/** One line per value a view left out or rewrote: the build succeeded, but a reader of that view will not see it. */
function formatViewWarnings(warnings: readonly ViewWarning[]): string {
  return warnings.map((warning) => `warning  ${warning.view} view  ${warning.subject}: ${warning.message}\n`).join("");
}

async function main(): Promise<number> {
  let options = quickArguments(process.argv.slice(2));
  if (!options) {
    const command = configureExits(await program());
    command.parse(process.argv);
    options = command.opts<Options>();
  }
  const views = parseViews(options.views);
  let severities: Severities;
  try {
    severities = parseRuleFlags(options.rule);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const { root, source } = registryRoot(options.root);
  const out = options.out === undefined ? undefined : resolve(options.out);

  const problemTexts = new Map<string, string>();
  const outcome = await buildSnapshot(source, {
    root,
    ...(out !== undefined ? { out } : {}),
    views,
    severities,
    check: options.check,
    noCache: !options.cache,
    onProblemText: (file, text) => problemTexts.set(file, text),
  });
  if (!outcome.ok) {
    // Loaded only here: the text format's colours cost start-up a build that succeeds never needs.
    const { formatText } = await import("../format/text.ts");
    const color = !process.env.NO_COLOR && isTerminal("stderr");
    writeErr(
      // Errors only: they are why nothing was built (`validate` lists the warnings too).
      formatText(
        { ...outcome.report, problems: outcome.report.problems.filter((problem) => problem.severity === "error") },
        {
          color,
          readSource: (file) => problemTexts.get(file),
        },
      ),
    );
    writeErr(
      options.check ? "build --check: the registry has errors (above); fix them, then build\n" : "build: the registry has errors (above); nothing was built\n",
    );
    return 1;
  }

  const { results, providers, models, entries, hash, report, viewWarnings } = outcome;
  writeErr(formatViewWarnings(viewWarnings));
  const scope = `${providers} provider${providers === 1 ? "" : "s"}, ${models} canonical model${models === 1 ? "" : "s"}, ${entries} entr${entries === 1 ? "y" : "ies"}`;
  const warnings =
    report.summary.warnings > 0 ? ` (${report.summary.warnings} validation warning${report.summary.warnings === 1 ? "" : "s"}: see \`validate\`)` : "";
  if (options.check) {
    const outOfDate = results.filter((result) => result.state !== "fresh");
    if (outOfDate.length > 0) {
      const lines = outOfDate.map((result) => `  ${result.state.padEnd(10)} ${result.path}`);
      writeErr(
        `build --check: ${outOfDate.length} artifact${outOfDate.length === 1 ? " is" : "s are"} out of date; run \`npm run build\` and commit the result:\n${lines.join("\n")}\n`,
      );
      return 1;
    }
    writeOut(`✔ all ${results.length} artifacts are up to date (${scope})${warnings}\n`);
    return 0;
  }
  const removed = results.filter((result) => result.state === "removed").map((result) => `\n  removed ${result.path}`);
  const where = out === undefined ? "dist/ and schemas/" : options.out;
  writeOut(`✔ built ${results.length - removed.length} artifacts in ${where} (${scope}; sha256 ${hash})${warnings}${removed.join("")}\n`);
  return 0;
}

export function run(): Promise<void> {
  return runCli("build", main, { directOutput: true });
}
