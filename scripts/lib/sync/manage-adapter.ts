/**
 * The one place sync meets `manage`: every edit is made by manage's own
 * add-model / update-model (the comment-preserving editor, with its per-file
 * validation), on a staging copy of the files the plan touches, so a plan is
 * all-or-nothing per provider and a dry run sees exactly the text a write
 * would produce. Writing takes manage's registry lock and its atomic write.
 */
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { RefusedError } from "../errors.ts";
import { MODEL_FIELDS, type GivenValue } from "../manage/fields.ts";
import { withRegistryLock, writeUnderLock } from "../manage/lock.ts";
import { addModel, updateModel } from "../manage/operations.ts";
import { providerFile, Registry } from "../manage/registry.ts";
import { CANONICAL_FILE, CONFIG_FILE, MODELS_DIR, PROVIDERS_DIR } from "../registry-layout.ts";
import type { FeedPrices } from "./feeds.ts";

export type ModelEdit =
  | { kind: "add"; canonicalId: string; providerModelId: string; prices?: FeedPrices }
  | { kind: "update"; canonicalId: string; prices: FeedPrices };

export interface StagedFile {
  file: string;
  before: string;
  after: string;
}

export interface Staged {
  /** Provider file → its text before and after the provider's edits. */
  files: Map<string, StagedFile>;
  /** Providers whose edits manage refused (nothing staged for them), with manage's reason. */
  refused: Map<string, string>;
}

/** What manage reads besides the file it edits: the canonical vocabulary (either layout) and the rule configuration. */
const CONTEXT_PATHS = [CANONICAL_FILE, MODELS_DIR, CONFIG_FILE];

/** The feed's prices as the values manage's price flags would give. */
function fieldsOf(prices: FeedPrices | undefined): GivenValue[] {
  const values: GivenValue[] = [];
  for (const [field, price] of Object.entries(prices ?? {})) {
    const path = ["pricing", ...field.split(".")];
    const row = MODEL_FIELDS.find((candidate) => candidate.path.length === path.length && candidate.path.every((segment, i) => segment === path[i]));
    if (!row) throw new Error(`manage has no field for pricing.${field}`);
    values.push({ field: row, value: price });
  }
  return values;
}

/**
 * Apply each provider's edits to a staging copy, through manage. A provider
 * whose edits manage refuses keeps its file as it was.
 */
export async function stageEdits(root: string, edits: ReadonlyMap<string, readonly ModelEdit[]>): Promise<Staged> {
  const staging = mkdtempSync(join(tmpdir(), "sync-staging-"));
  const files = new Map<string, StagedFile>();
  const refused = new Map<string, string>();
  try {
    for (const path of CONTEXT_PATHS) if (existsSync(join(root, path))) cpSync(join(root, path), join(staging, path), { recursive: true });
    mkdirSync(join(staging, PROVIDERS_DIR));
    const registry = Registry.open(staging);
    for (const [provider, list] of edits) {
      if (list.length === 0) continue;
      const file = providerFile(provider);
      const before = readFileSync(join(root, file), "utf8");
      writeFileSync(join(staging, file), before);
      try {
        for (const edit of list) {
          if (edit.kind === "add") await addModel(registry, provider, edit.canonicalId, edit.providerModelId, fieldsOf(edit.prices));
          else await updateModel(registry, provider, edit.canonicalId, fieldsOf(edit.prices));
        }
        const after = readFileSync(join(staging, file), "utf8");
        if (after !== before) files.set(file, { file, before, after });
      } catch (error) {
        if (!(error instanceof RefusedError)) throw error;
        refused.set(provider, error.message);
      }
    }
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
  return { files, refused };
}

/** Run `critical` holding manage's registry lock on `root`. */
export function withLock<T>(root: string, critical: () => Promise<T>): Promise<T> {
  return withRegistryLock(root, critical);
}

/** Write staged files (atomically each, as manage does under its lock), refusing when one changed on disk since it was staged. */
export function writeStaged(root: string, files: Iterable<StagedFile>): string[] {
  const list = [...files];
  for (const staged of list) {
    if (readFileSync(join(root, staged.file), "utf8") !== staged.before) {
      throw new RefusedError(`${staged.file} changed while the sync ran; nothing was written — run it again`);
    }
  }
  for (const staged of list) writeUnderLock(root, join(root, staged.file), staged.after);
  return list.map((staged) => staged.file);
}
