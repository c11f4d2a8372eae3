/**
 * `diff` as a library: resolve both sides, load them with the `validate`
 * loader, compare. Returns data; the CLI only parses flags and prints.
 */
import { DirectorySource, type RegistrySource } from "../source.ts";
import { diffRegistries } from "./compare.ts";
import { GitSource, resolveCommit } from "./git-source.ts";
import { isCanonicalPath, loadRegistry, type LoadOptions, type ObjectFormat } from "./load.ts";
import { SEVERITY_RANK, type ChangeSeverity, type DiffReport } from "./types.ts";

export const WORKING_TREE = "working tree";

export interface DiffOptions {
  /** The registry root: the working tree side, and where git is asked about refs. */
  root: string;
  base: string;
  /** A git ref, or undefined for the working tree. */
  head?: string;
  maxFileSize?: number;
}

interface Side {
  source: RegistrySource;
  ref: string;
  commit?: string;
}

function side(root: string, ref: string | undefined): Side {
  if (ref === undefined) return { source: new DirectorySource(root), ref: WORKING_TREE };
  const commit = resolveCommit(root, ref);
  return { source: new GitSource(root, commit), ref, commit };
}

export async function diffRefs(options: DiffOptions): Promise<DiffReport> {
  const base = side(options.root, options.base);
  const head = side(options.root, options.head);
  const objectFormat: ObjectFormat = base.commit?.length === 64 ? "sha256" : "sha1";
  const load = (s: Side, unchanged: LoadOptions["unchanged"], otherCanonicalFiles: readonly string[] | undefined) =>
    loadRegistry(s.source, {
      ref: s.ref,
      objectFormat,
      unchanged,
      ...(otherCanonicalFiles ? { otherCanonicalFiles } : {}),
      ...(s.commit ? { commit: s.commit } : {}),
      ...(options.maxFileSize ? { maxFileSize: options.maxFileSize } : {}),
    });
  // The base's object ids come free from its tree listing: the head keeps only
  // files that differ from them, then the base only files that differ from the head.
  const baseIds = base.source instanceof GitSource ? base.source.objectIds() : new Map<string, string>();
  const canonicalFiles = (paths: Iterable<string>) => [...paths].filter(isCanonicalPath);
  const loadedHead = await load(
    head,
    (file, fingerprint) => baseIds.get(file) === fingerprint,
    base.source instanceof GitSource ? canonicalFiles(baseIds.keys()) : undefined,
  );
  const loadedBase = await load(base, (file, fingerprint) => loadedHead.fingerprints.get(file) === fingerprint, canonicalFiles(loadedHead.fingerprints.keys()));
  return diffRegistries(loadedBase, loadedHead);
}

/**
 * 1 when a change reaches `failOn` — or when a changed file could not be
 * compared (the diff cannot vouch for what it did not see); else 0.
 */
export function exitCodeFor(report: DiffReport, failOn: ChangeSeverity | undefined): number {
  if (!failOn) return 0;
  const threshold = SEVERITY_RANK[failOn];
  const counts: Record<ChangeSeverity, number> = report.summary;
  const reached = (Object.keys(SEVERITY_RANK) as ChangeSeverity[]).some((severity) => SEVERITY_RANK[severity] <= threshold && counts[severity] > 0);
  return reached || report.summary.not_compared.length > 0 ? 1 : 0;
}

export { formatDiffJson, formatDiffMarkdown } from "./format.ts";
export { GitError } from "./git-source.ts";
export type { Change, DiffReport } from "./types.ts";
