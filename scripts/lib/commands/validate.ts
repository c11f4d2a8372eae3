/** The `validate` command, started by scripts/validate.ts (its usage is there): every file checked, the report in the chosen format. */
import { isAbsolute, relative, resolve, sep } from "node:path";
import { parseArgs } from "node:util";
import { configureExits, registryRoot, runCli } from "../cli.ts";
import { UsageError } from "../errors.ts";
import { validateRegistry } from "../validate.ts";
import { DEFAULT_MAX_FILE_SIZE } from "../rules/unsafe-file.ts";
import { parseRuleFlags } from "../rule-config.ts";
import { shapeValidatorsCurrent } from "../shape/check.ts";
import { AUTO_THREADED_MIN_FILES, THREADED_MIN_FILES } from "../validate-threads.ts";
import { formatJson } from "../format/json.ts";
import { isTerminal, writeErr, writeOut } from "../output.ts";
import type { Problem } from "../problems.ts";
import type { SourceLines } from "../format/excerpt.ts";

const FORMATS = ["text", "json", "github"] as const;

interface Options {
  root: string;
  format?: (typeof FORMATS)[number];
  strict: boolean;
  maxFileSize: string;
  rule: string[];
  /** `--no-cache` sets it false: every file is checked afresh and nothing is remembered. */
  cache: boolean;
  /** Helper threads, as written (`auto` or a whole number). */
  threads: string;
}

/** The command's definition, help text and error messages. */
async function program() {
  const { Command, Option } = await import("commander");
  return new Command("validate")
    .description("Check every registry file against the schema and the cross-file rules; report every problem at file:line:column.")
    .argument("[files...]", "report only these files' problems (the cross-file rules still read the whole registry)")
    .option("--root <dir>", "registry root (holds canonical.yaml or models/, and providers/)", ".")
    .addOption(new Option("--format <format>", "output format (default: github under GITHUB_ACTIONS=true, else text)").choices(FORMATS))
    .option("--strict", "treat warnings as errors (exit 1 when there is any warning)", false)
    .option("--max-file-size <bytes>", "refuse (without reading) files larger than this", String(DEFAULT_MAX_FILE_SIZE))
    .option("--no-cache", "check every file afresh, without the content cache (node_modules/.cache/provider-registry/)")
    .option(
      "--threads <n>",
      `helper threads checking provider files alongside the main one, on a registry of ${THREADED_MIN_FILES} or more providers (auto: one fewer than the cores, at most 3, from ${AUTO_THREADED_MIN_FILES} providers)`,
      "auto",
    )
    .option(
      "--rule <id=severity>",
      "set a rule's severity: error, warning or off (repeatable; wins over registry.config.yaml)",
      (value: string, previous: string[]) => [...previous, value],
      [] as string[],
    )
    .addHelpText(
      "after",
      "\nExamples:\n  bun run validate\n  bun run validate --root ../registry --format json\n  bun run validate --rule unknown-canonical=warning providers/acme.yaml\n\nThe rules that protect consumers (yaml-syntax, schema, layout, insecure-url, credential, unsafe-file) cannot be lowered.\nExit codes: 0 no error, 1 at least one error (or warning with --strict), 2 usage error.",
    );
}

/**
 * Well-formed arguments, read without loading commander (a sixth of a small
 * registry's whole run, and validate runs on every commit). Anything else —
 * `--help`, an unknown flag, a bad value — goes to commander, which owns the
 * help text and the error messages.
 */
function quickArguments(argv: string[]): { options: Options; files: string[] } | undefined {
  try {
    const { values, positionals } = parseArgs({
      args: argv,
      options: {
        root: { type: "string" },
        format: { type: "string" },
        strict: { type: "boolean" },
        "max-file-size": { type: "string" },
        rule: { type: "string", multiple: true },
        "no-cache": { type: "boolean" },
        threads: { type: "string" },
      },
      strict: true,
      allowPositionals: true,
    });
    const format = values.format as Options["format"];
    if (format !== undefined && !FORMATS.includes(format)) return undefined;
    return {
      options: {
        root: values.root ?? ".",
        format,
        strict: values.strict ?? false,
        maxFileSize: values["max-file-size"] ?? String(DEFAULT_MAX_FILE_SIZE),
        rule: values.rule ?? [],
        cache: !values["no-cache"],
        threads: values.threads ?? "auto",
      },
      files: positionals,
    };
  } catch {
    return undefined;
  }
}

/** FILE arguments as the shell gives them (relative to the working directory), as registry paths. */
function registryPaths(root: string, files: readonly string[]): Set<string> | undefined {
  if (files.length === 0) return undefined;
  const paths = new Set<string>();
  for (const file of files) {
    const inside = relative(root, resolve(file));
    if (inside === "" || inside.startsWith("..") || isAbsolute(inside)) throw new UsageError(`${file} is not inside the registry root ${root}`);
    paths.add(inside.split(sep).join("/"));
  }
  return paths;
}

function refusedConfig(problems: Problem[]): never {
  const [first] = problems;
  throw new UsageError(`${first!.file}:${first!.line}:${first!.column}: ${first!.message}`);
}

async function main(): Promise<number> {
  let parsed = quickArguments(process.argv.slice(2));
  if (!parsed) {
    const command = configureExits(await program());
    command.parse(process.argv);
    parsed = { options: command.opts<Options>(), files: command.args };
  }
  const { options, files } = parsed;
  const { root, source } = registryRoot(options.root);
  const maxFileSize = Number(options.maxFileSize);
  if (!Number.isSafeInteger(maxFileSize) || maxFileSize <= 0)
    throw new UsageError(`--max-file-size must be a positive whole number of bytes, got ${options.maxFileSize}`);
  let severities: ReturnType<typeof parseRuleFlags>;
  try {
    severities = parseRuleFlags(options.rule);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const helpers = options.threads === "auto" ? "auto" : Number(options.threads);
  if (helpers !== "auto" && (!Number.isSafeInteger(helpers) || helpers < 0 || helpers > 16))
    throw new UsageError(`--threads must be auto or a whole number from 0 to 16, got ${options.threads}`);
  const only = registryPaths(root, files);
  if (!shapeValidatorsCurrent)
    writeErr(
      "validate: note: scripts/lib/generated/ is older than scripts/lib/schema.ts, so every file is checked by Zod alone (slower) — run `bun run generate`\n",
    );
  // Excerpts quote the text validate already read, or the lines its cache kept: no file is read twice, or at all when unchanged.
  const problemTexts = new Map<string, string | SourceLines>();
  let refused: Problem[] = [];
  const report = await validateRegistry(source, {
    maxFileSize,
    severities,
    ...(only ? { only } : {}),
    // The cache's code only for a run that uses it.
    ...(options.cache ? { cache: (await import("../cache/index.ts")).cacheLocation(root, "validate") } : {}),
    helpers,
    // PROVIDER_REGISTRY_TRACE=threads: say how the work was shared (the report itself never differs).
    ...(process.env.PROVIDER_REGISTRY_TRACE?.split(",").includes("threads")
      ? { onHelped: (files: number) => writeErr(`validate: helper threads checked ${files} provider files\n`) }
      : {}),
    onProblemText: (file, text) => problemTexts.set(file, text),
    onProblemLines: (file, lines) => problemTexts.set(file, lines),
    onRefusedConfig: (problems) => (refused = problems),
  });
  if (refused.length > 0) refusedConfig(refused);
  if (options.strict && report.summary.warnings > 0) report.ok = false;
  const format = options.format ?? (process.env.GITHUB_ACTIONS === "true" ? "github" : "text");
  if (format === "json") {
    writeOut(formatJson(report));
  } else if (format === "github") {
    const { formatGithub } = await import("../format/github.ts");
    // Annotations name files relative to the workspace (the current directory in CI).
    writeOut(formatGithub(report, relative(process.cwd(), root)));
  } else {
    const { formatText } = await import("../format/text.ts");
    const color = !process.env.NO_COLOR && isTerminal("stdout");
    writeOut(
      formatText(report, {
        color,
        readSource: (file) => problemTexts.get(file),
      }),
    );
  }
  return report.ok ? 0 : 1;
}

export function run(): Promise<void> {
  return runCli("validate", main, { directOutput: true });
}
