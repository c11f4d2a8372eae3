#!/usr/bin/env bun
/** `bun run validate [--root DIR] [--format text|json|github] [--strict] [--max-file-size BYTES]` */
import { relative } from "node:path";
import { parseArgs } from "node:util";
import { configureExits, registryRoot, runCli, UsageError } from "./lib/cli.ts";
import { validateRegistry } from "./lib/validate.ts";
import { DEFAULT_MAX_FILE_SIZE } from "./lib/rules/unsafe-file.ts";

const FORMATS = ["text", "json", "github"] as const;

interface Options {
  root: string;
  format?: (typeof FORMATS)[number];
  strict: boolean;
  maxFileSize: string;
}

/** The command's definition, help text and error messages. */
async function program() {
  const { Command, Option } = await import("commander");
  return new Command("validate")
  .description("Check every registry file against the schema and the cross-file rules; report every problem at file:line:column.")
  .option("--root <dir>", "registry root (holds canonical.yaml and providers/)", ".")
    .addOption(new Option("--format <format>", "output format (default: github under GITHUB_ACTIONS=true, else text)").choices(FORMATS))
    .option("--strict", "treat warnings as errors (exit 1 when there is any warning)", false)
    .option("--max-file-size <bytes>", "refuse (without reading) files larger than this", String(DEFAULT_MAX_FILE_SIZE))
    .addHelpText("after", "\nExamples:\n  bun run validate\n  bun run validate --root ../registry --format json\n\nExit codes: 0 no error, 1 at least one error (or warning with --strict), 2 usage error.");
}

/**
 * Well-formed arguments, read without loading commander (a sixth of a small
 * registry's whole run, and validate runs on every commit). Anything else —
 * `--help`, an unknown flag, a bad value — goes to commander, which owns the
 * help text and the error messages.
 */
function quickOptions(argv: string[]): Options | undefined {
  try {
    const { values } = parseArgs({
      args: argv,
      options: { root: { type: "string" }, format: { type: "string" }, strict: { type: "boolean" }, "max-file-size": { type: "string" } },
      strict: true,
      allowPositionals: false,
    });
    const format = values.format as Options["format"];
    if (format !== undefined && !FORMATS.includes(format)) return undefined;
    return { root: values.root ?? ".", format, strict: values.strict ?? false, maxFileSize: values["max-file-size"] ?? String(DEFAULT_MAX_FILE_SIZE) };
  } catch {
    return undefined;
  }
}

await runCli("validate", async () => {
  let options = quickOptions(process.argv.slice(2));
  if (!options) {
    const command = configureExits(await program());
    command.parse(process.argv);
    options = command.opts<Options>();
  }
  const { root, source } = registryRoot(options.root);
  const maxFileSize = Number(options.maxFileSize);
  if (!Number.isSafeInteger(maxFileSize) || maxFileSize <= 0) throw new UsageError(`--max-file-size must be a positive whole number of bytes, got ${options.maxFileSize}`);
  // Excerpts quote the text validate already read: no file is read twice.
  const problemTexts = new Map<string, string>();
  const report = await validateRegistry(source, { maxFileSize, onProblemText: (file, text) => problemTexts.set(file, text) });
  if (options.strict && report.summary.warnings > 0) report.ok = false;
  const format = options.format ?? (process.env.GITHUB_ACTIONS === "true" ? "github" : "text");
  if (format === "json") {
    const { formatJson } = await import("./lib/format/json.ts");
    process.stdout.write(formatJson(report));
  } else if (format === "github") {
    const { formatGithub } = await import("./lib/format/github.ts");
    // Annotations name files relative to the workspace (the current directory in CI).
    process.stdout.write(formatGithub(report, relative(process.cwd(), root)));
  } else {
    const { formatText } = await import("./lib/format/text.ts");
    const color = Boolean(process.stdout.isTTY) && !process.env.NO_COLOR;
    process.stdout.write(
      formatText(report, {
        color,
        readSource: (file) => problemTexts.get(file),
      }),
    );
  }
  return report.ok ? 0 : 1;
});
