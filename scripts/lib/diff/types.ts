/**
 * The semantic diff as data: what changed between two registries, and how
 * closely a reviewer must look at it. Every output format prints this shape.
 */

export const CHANGE_KINDS = [
  "provider-added",
  "provider-removed",
  "provider-changed",
  "model-added",
  "model-removed",
  "model-changed",
  "canonical-added",
  "canonical-removed",
  "canonical-changed",
  /** registry.config.yaml: a rule's severity changed (field `rules.<id>`), or the file as a whole. */
  "config-changed",
  /** The canonical models moved between canonical.yaml and models/<org>.yaml. */
  "layout-changed",
] as const;
export type ChangeKind = (typeof CHANGE_KINDS)[number];

/** Most severe first. */
export const CHANGE_SEVERITIES = ["breaking", "review", "info"] as const;
export type ChangeSeverity = (typeof CHANGE_SEVERITIES)[number];

export interface Change {
  kind: ChangeKind;
  severity: ChangeSeverity;
  /** The provider's `name` (provider-* and model-* kinds). */
  provider?: string;
  /** The canonical model id (model-* and canonical-* kinds). */
  model?: string;
  /** The top-level provider field, or the dotted leaf path of a model or canonical entry. */
  field?: string;
  /** The value on the base side (absent when the thing is new). */
  before?: unknown;
  /** The value on the head side (absent when the thing is gone). */
  after?: unknown;
  /** For a price that changed from a non-zero value: (after − before) / before, in percent, one decimal. */
  delta_pct?: number;
  /** Why a change is `breaking` or `review`, in words a reviewer can act on. */
  reason?: string;
}

/** A change as compare finds it, before classify gives it a severity and a reason. */
export type RawChange = Omit<Change, "severity" | "reason"> & {
  /** A price change whose entry, on the head side, names no `pricing.source` (its own or its provider's). */
  unsourced?: boolean;
  /** A change inside an announced price: the day it starts and the head side's price in force for the same field. */
  scheduled?: { effective_from?: string; in_force?: unknown };
};

/** One side of the comparison and how well it loaded. */
export interface SideInfo {
  /** The git ref as given, or `working tree`. */
  ref: string;
  /** The commit the ref resolved to (git sides only). */
  commit?: string;
  /** Whether the side passes `validate` (no errors). */
  ok: boolean;
  errors: number;
  warnings: number;
  /** Files present on this side that did not load (syntax, schema, unsafe file). */
  unloaded: string[];
}

export interface DiffSummary {
  breaking: number;
  /** Review changes, plus one when `provider_files` holds two or more files. */
  review: number;
  info: number;
  /** Provider files whose bytes differ between the sides (added, removed or edited). */
  provider_files: string[];
  /** Files that differ between the sides but did not load on one of them: their changes are unknown. */
  not_compared: string[];
}

export interface DiffReport {
  base: SideInfo;
  head: SideInfo;
  summary: DiffSummary;
  changes: Change[];
}

export const SEVERITY_RANK: Record<ChangeSeverity, number> = { breaking: 0, review: 1, info: 2 };
