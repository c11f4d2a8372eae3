/**
 * The shape check on the hot path: the generated validators plus the few
 * cross-field checks JSON Schema cannot express. Zod — the source of truth —
 * is loaded only when a file fails, to explain why in words, or for every
 * file when the generated validators are older than the schema.
 */
// @ts-expect-error generated JavaScript without type declarations
import { SCHEMA_FINGERPRINT, validateCanonical, validateCanonicalModels, validateProvider } from "../generated/shape-validators.js";
import { providerRefinementsHold } from "../schema-refinements.ts";
import { schemaFingerprint } from "./fingerprint.ts";

type Validator = (data: unknown) => boolean;

/** `canonical`: canonical.yaml; `canonical-models`: a models/<org>.yaml sequence; `provider`: providers/<name>.yaml. */
export type ShapeKind = "canonical" | "canonical-models" | "provider";

const fingerprint = schemaFingerprint();
/** False when schema.ts changed after the validators were generated: then they are never consulted. */
export const shapeValidatorsCurrent: boolean = fingerprint === undefined || fingerprint === (SCHEMA_FINGERPRINT as string);

/** True when `data` certainly conforms; false means "ask Zod". */
export function conformsFast(kind: ShapeKind, data: unknown): boolean {
  if (!shapeValidatorsCurrent) return false;
  if (kind === "canonical") return (validateCanonical as Validator)(data);
  if (kind === "canonical-models") return (validateCanonicalModels as Validator)(data);
  return (validateProvider as Validator)(data) && providerRefinementsHold(data as Parameters<typeof providerRefinementsHold>[0]);
}
