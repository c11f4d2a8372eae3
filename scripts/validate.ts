#!/usr/bin/env bun
/** `bun run validate [--root DIR] [--format text|json|github] [--strict] [--max-file-size BYTES]` */
import { relative } from "node:path";
import { Command, Option } from "commander";
import { configureExits, registryRoot, runCli, UsageError } from "./lib/cli.ts";
import { validateRegistry } from "./lib/validate.ts";
import { DEFAULT_MAX_FILE_SIZE } from "./lib/rules/unsafe-file.ts";

const program = new Command("validate")
  .description("Check every registry file against the schema and the cross-file rules; report every problem at file:line:column.")
  .option("--root <dir>", "registry root (holds canonical.yaml and providers/)", ".")
  .addOption(
    new Option("--format <format>", "output format (default: github under GITHUB_ACTIONS=true, else text)").choices(["text", "json", "github"]),
  )
  .option("--strict", "treat warnings as errors (exit 1 when there is any warning)", false)
  .option("--max-file-size <bytes>", "refuse (without reading) files larger than this", String(DEFAULT_MAX_FILE_SIZE))
  .addHelpText("after", "\nExamples:\n  bun run validate\n  bun run validate --root ../registry --format json\n\nExit codes: 0 no error, 1 at least one error (or warning with --strict), 2 usage error.");

await runCli("validate", async () => {
  configureExits(program);
  program.parse(process.argv);
  const options = program.opts<{ root: string; format?: "text" | "json" | "github"; strict: boolean; maxFileSize: string }>();
  const { root, source } = registryRoot(options.root);
  const maxFileSize = Number(options.maxFileSize);
  if (!Number.isSafeInteger(maxFileSize) || maxFileSize <= 0) throw new UsageError(`--max-file-size must be a positive whole number of bytes, got ${options.maxFileSize}`);
  const report = await validateRegistry(source, { maxFileSize });
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
        readSource: (file) => {
          const read = source.read(file, maxFileSize);
          return read.ok ? read.bytes.toString("utf8") : undefined;
        },
      }),
    );
  }
  return report.ok ? 0 : 1;
});
