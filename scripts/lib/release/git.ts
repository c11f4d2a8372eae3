/** The few git facts a release needs; git runs in the registry root. */
import { spawnSync } from "node:child_process";
import { parseVersion, TAG_PREFIX } from "./version.ts";

export class ReleaseGitError extends Error {}

export function git(cwd: string, args: string[]): string {
  const result = spawnSync("git", args, { cwd, encoding: "utf8", env: { ...process.env, GIT_TERMINAL_PROMPT: "0", LC_ALL: "C" } });
  if (result.error) throw new ReleaseGitError(`git could not run: ${result.error.message}`);
  if (result.status !== 0) throw new ReleaseGitError(`git ${args.join(" ")}: ${result.stderr.trim().split("\n")[0] ?? "failed"}`);
  return result.stdout;
}

/** The highest `vMAJOR.MINOR.PATCH` tag reachable from HEAD, or undefined before the first release. */
export function lastReleaseTag(cwd: string): string | undefined {
  const tags = git(cwd, ["tag", "--list", `${TAG_PREFIX}*`, "--merged", "HEAD"])
    .split("\n")
    .map((tag) => tag.trim())
    .filter((tag) => parseVersion(tag.slice(TAG_PREFIX.length)) !== undefined);
  const rank = (tag: string) => parseVersion(tag.slice(TAG_PREFIX.length))!;
  tags.sort((a, b) => {
    const [x, y] = [rank(a), rank(b)];
    return x[0] - y[0] || x[1] - y[1] || x[2] - y[2];
  });
  return tags.at(-1);
}

export function commitDate(cwd: string, ref = "HEAD"): string {
  return git(cwd, ["show", "-s", "--format=%cs", ref]).trim();
}

/** Paths with uncommitted changes (staged, unstaged or untracked), relative to the repository. */
export function uncommitted(cwd: string): string[] {
  return git(cwd, ["status", "--porcelain", "--untracked-files=normal"])
    .split("\n")
    .filter(Boolean)
    .map((line) => line.slice(3));
}

export function tagExists(cwd: string, tag: string): boolean {
  return spawnSync("git", ["rev-parse", "--verify", "--quiet", `refs/tags/${tag}`], { cwd }).status === 0;
}
