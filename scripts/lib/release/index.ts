/**
 * `release` as a library: plan the next snapshot release from the semantic
 * diff since the last release tag, then (unless it is a dry run) write it —
 * the version in package.json, the rebuilt snapshot, the CHANGELOG.md entry —
 * commit and tag. Publishing is the release workflow's step after this one.
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { buildSnapshot } from "../snapshot/index.ts";
import { diffRefs, formatDiffMarkdown } from "../diff/index.ts";
import type { DiffReport } from "../diff/types.ts";
import { DirectorySource } from "../source.ts";
import { CHANGELOG_FILE, changelogEntry, prependEntry } from "./changelog.ts";
import { commitDate, git, lastReleaseTag, tagExists, uncommitted } from "./git.ts";
import { bumpFor, nextVersion, parseVersion, tagOf, type Bump } from "./version.ts";

/** A release that cannot be made; the message says why and what to do. */
export class ReleaseRefused extends Error {}

export type ReleasePlan =
  | { release: false; previousTag: string; reason: string }
  | {
      release: true;
      previousTag: string | undefined;
      previousVersion: string | undefined;
      version: string;
      tag: string;
      /** undefined for the first release: the version in package.json is released as it is. */
      bump: Bump | undefined;
      summary: string;
      entry: string;
    };

const MANIFEST = "package.json";

function manifestVersion(root: string): string {
  const path = join(root, MANIFEST);
  if (!existsSync(path)) throw new ReleaseRefused(`${MANIFEST} is missing at the registry root: its version is the snapshot package's version`);
  const version = (JSON.parse(readFileSync(path, "utf8")) as { version?: unknown }).version;
  if (typeof version !== "string" || !parseVersion(version)) throw new ReleaseRefused(`${MANIFEST} has no MAJOR.MINOR.PATCH \`version\``);
  return version;
}

function describe(report: DiffReport): string {
  const { breaking, review, info } = report.summary;
  return `${report.changes.length} change${report.changes.length === 1 ? "" : "s"} (${breaking} breaking, ${review} review, ${info} info)`;
}

export async function planRelease(root: string): Promise<ReleasePlan> {
  const current = manifestVersion(root);
  const previousTag = lastReleaseTag(root);
  const date = commitDate(root);
  if (previousTag === undefined) {
    const tag = tagOf(current);
    return {
      release: true,
      previousTag,
      previousVersion: undefined,
      version: current,
      tag,
      bump: undefined,
      summary: `no release tag yet: the first release is ${current}, the version in ${MANIFEST}`,
      entry: changelogEntry(current, date, undefined, "The registry as it stands: every provider and canonical model is new."),
    };
  }
  const report = await diffRefs({ root, base: previousTag, head: "HEAD" });
  if (!report.head.ok) throw new ReleaseRefused(`HEAD does not validate (${report.head.errors} errors): run validate and fix them before releasing`);
  if (report.summary.not_compared.length > 0) {
    throw new ReleaseRefused(
      `the diff since ${previousTag} could not compare ${report.summary.not_compared.join(", ")}; a release must say everything that changed`,
    );
  }
  const decision = bumpFor(report);
  if (!decision) return { release: false, previousTag, reason: `nothing in the registry data changed since ${previousTag}` };
  const previousVersion = previousTag.slice(1);
  const version = nextVersion(previousVersion, decision.bump);
  const first = decision.because[0]!;
  const example = [first.kind, first.provider, first.model, first.field].filter(Boolean).join(" ");
  const noun = { major: "breaking change", minor: "addition", patch: "change" }[decision.bump];
  return {
    release: true,
    previousTag,
    previousVersion,
    version,
    tag: tagOf(version),
    bump: decision.bump,
    summary: `${previousTag} → ${tagOf(version)}: ${decision.bump}, because of ${decision.because.length} ${noun}${decision.because.length === 1 ? "" : "s"} (first: ${example}); ${describe(report)}`,
    entry: changelogEntry(version, date, previousTag, formatDiffMarkdown(report)),
  };
}

/** Writes the planned release and commits and tags it. */
export async function makeRelease(root: string, plan: Extract<ReleasePlan, { release: true }>): Promise<void> {
  const dirty = uncommitted(root);
  if (dirty.length > 0)
    throw new ReleaseRefused(
      `uncommitted changes (${dirty.slice(0, 3).join(", ")}${dirty.length > 3 ? ", …" : ""}): a release tags what is committed; commit or stash them first`,
    );
  if (tagExists(root, plan.tag)) throw new ReleaseRefused(`tag ${plan.tag} already exists`);

  const manifestPath = join(root, MANIFEST);
  const manifest = readFileSync(manifestPath, "utf8");
  // Only the version changes: the file's own formatting stays.
  writeFileSync(manifestPath, manifest.replace(/("version"\s*:\s*)"[^"]*"/, `$1"${plan.version}"`));
  const outcome = await buildSnapshot(new DirectorySource(root), { root, check: false });
  if (!outcome.ok) {
    writeFileSync(manifestPath, manifest);
    throw new ReleaseRefused("the registry does not build (run `build` to see why); nothing was released");
  }
  const changelogPath = join(root, CHANGELOG_FILE);
  writeFileSync(changelogPath, prependEntry(existsSync(changelogPath) ? readFileSync(changelogPath, "utf8") : undefined, plan.entry));
  git(root, ["add", "--", MANIFEST, CHANGELOG_FILE, "dist", "schemas"]);
  git(root, ["commit", "-q", "-m", `Release ${plan.tag}`, "-m", plan.summary]);
  git(root, ["tag", "-a", plan.tag, "-m", `Snapshot ${plan.version}`]);
}
