/** The `diff` command, started by scripts/diff.ts (its usage is there): what changed between two revisions of the registry, for review. */
import { Command, Option } from "commander";
import { configureExits, registryRoot, runCli } from "../cli.ts";
import { UsageError } from "../errors.ts";
import { diffRefs, exitCodeFor, formatDiffJson, formatDiffMarkdown, GitError } from "../diff/index.ts";
import type { ChangeSeverity } from "../diff/types.ts";

const program = new Command("diff")
  .description("Compare the registry at a git ref with the working tree (or another ref): every change, and how closely to review it.")
  .option("--root <dir>", "registry root (holds canonical.yaml and providers/), inside a git repository", ".")
  .option("--base <ref>", "git ref of the registry before the change", "main")
  .option("--head <ref>", "git ref of the registry after the change (default: the working tree)")
  .addOption(new Option("--format <format>", "output format").choices(["markdown", "json"]).default("markdown"))
  .addOption(new Option("--fail-on <severity>", "exit 1 when any change is at least this severe").choices(["breaking", "review"]))
  .addHelpText(
    "after",
    '\nExamples:\n  bun run diff\n  bun run diff --base origin/main --format markdown >> "$GITHUB_STEP_SUMMARY"\n  bun run diff --base v1.2.0 --head v1.3.0 --format json\n\nExit codes: 0 compared (1 with --fail-on when a change reaches that severity or a file could not be compared), 2 usage error (unknown flag, bad ref, not a git repository).',
  );

export function run(): Promise<void> {
  return runCli("diff", async () => {
    configureExits(program);
    program.parse(process.argv);
    const options = program.opts<{ root: string; base: string; head?: string; format: "markdown" | "json"; failOn?: ChangeSeverity }>();
    // Comparing two git revisions needs no registry in the working tree.
    const { root } = registryRoot(options.root, { mustBeRegistry: options.head === undefined });
    let report: Awaited<ReturnType<typeof diffRefs>>;
    try {
      report = await diffRefs({ root, base: options.base, ...(options.head === undefined ? {} : { head: options.head }) });
    } catch (error) {
      if (error instanceof GitError) throw new UsageError(error.message);
      throw error;
    }
    const output = options.format === "json" ? formatDiffJson(report) : formatDiffMarkdown(report);
    // runCli lets the process end by itself, so a large report reaches a slow pipe whole.
    process.stdout.write(output);
    return exitCodeFor(report, options.failOn);
  });
}
