/**
 * The snapshot's next version, from the semantic diff since the last release
 * (SPEC §11): anything a router relied on that is gone or changed meaning
 * (a `breaking` change) → major; something new (a provider, a model, a
 * canonical id) → minor; any other change — a price, a limit, metadata → patch.
 */
import type { Change, DiffReport } from "../diff/types.ts";

export type Bump = "major" | "minor" | "patch";

export interface BumpDecision {
  bump: Bump;
  /** The changes that decided it (for the dry-run's explanation). */
  because: Change[];
}

const ADDED_KINDS = new Set<Change["kind"]>(["provider-added", "model-added", "canonical-added"]);

/** undefined when nothing in the data changed: there is nothing to release. */
export function bumpFor(report: DiffReport): BumpDecision | undefined {
  const breaking = report.changes.filter((change) => change.severity === "breaking");
  if (breaking.length > 0) return { bump: "major", because: breaking };
  const added = report.changes.filter((change) => ADDED_KINDS.has(change.kind));
  if (added.length > 0) return { bump: "minor", because: added };
  if (report.changes.length > 0) return { bump: "patch", because: report.changes };
  return undefined;
}

const SEMVER = /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)$/;

export function parseVersion(version: string): [number, number, number] | undefined {
  const match = SEMVER.exec(version);
  return match ? [Number(match[1]), Number(match[2]), Number(match[3])] : undefined;
}

export function nextVersion(current: string, bump: Bump): string {
  const parts = parseVersion(current);
  if (!parts) throw new Error(`\`${current}\` is not a MAJOR.MINOR.PATCH version`);
  const [major, minor, patch] = parts;
  if (bump === "major") return `${major + 1}.0.0`;
  if (bump === "minor") return `${major}.${minor + 1}.0`;
  return `${major}.${minor}.${patch + 1}`;
}

export const TAG_PREFIX = "v";

export function tagOf(version: string): string {
  return `${TAG_PREFIX}${version}`;
}
