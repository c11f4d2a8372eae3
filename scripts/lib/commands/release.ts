/** The `release` command, started by scripts/release.ts (its usage is there): the next version from the diff since the last release, its changelog entry, the rebuilt snapshot, a commit and a tag. */
import { appendFileSync } from "node:fs";
import { Command } from "commander";
import { commandHint, configureExits, registryRoot, runCli } from "../cli.ts";
import { RefusedError, UsageError } from "../errors.ts";
import { GitError } from "../diff/index.ts";
import { makeRelease, planRelease, ReleaseRefused } from "../release/index.ts";
import { ReleaseGitError } from "../release/git.ts";

const program = new Command("release")
  .description(
    "Release the snapshot: the next version from the semantic diff since the last release tag (breaking → major, addition → minor, any other change → patch), a CHANGELOG.md entry from the diff's Markdown, the rebuilt snapshot, a commit and a tag. Publishing ./dist/npm is the release workflow's next step.",
  )
  .option("--root <dir>", "registry root, inside its git repository", ".")
  .option("--dry-run", "print the next version and its changelog entry; change nothing", false)
  .addHelpText(
    "after",
    `\nExamples:\n  ${commandHint("release", ["--dry-run"])}\n  ${commandHint("release")}\n\nExit codes: 0 released (or nothing to release), 1 refused (uncommitted changes, invalid registry, tag exists), 2 usage error.`,
  );

/** In a workflow, later steps read what was released. */
function output(values: Record<string, string>): void {
  const file = process.env.GITHUB_OUTPUT;
  if (file)
    appendFileSync(
      file,
      Object.entries(values)
        .map(([key, value]) => `${key}=${value}\n`)
        .join(""),
    );
}

export function run(): Promise<void> {
  return runCli("release", async () => {
    configureExits(program);
    program.parse(process.argv);
    const options = program.opts<{ root: string; dryRun: boolean }>();
    const { root } = registryRoot(options.root);
    try {
      const plan = await planRelease(root);
      if (!plan.release) {
        process.stdout.write(`release: ${plan.reason}; nothing to release\n`);
        output({ released: "false" });
        return 0;
      }
      if (options.dryRun) {
        process.stdout.write(`next version: ${plan.version} (${plan.summary})\n\n${plan.entry}`);
        return 0;
      }
      await makeRelease(root, plan);
      process.stdout.write(`✔ released ${plan.tag} (${plan.summary}); push it with \`git push --follow-tags\`\n`);
      output({ released: "true", version: plan.version, tag: plan.tag });
      return 0;
    } catch (error) {
      if (error instanceof ReleaseRefused) throw new RefusedError(error.message);
      if (error instanceof GitError || error instanceof ReleaseGitError) throw new UsageError(error.message);
      throw error;
    }
  });
}
