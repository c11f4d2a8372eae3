/**
 * Every cross-checking rule, in the order they run. The load-stage rules
 * (`unsafe-file`, `yaml-syntax`, `schema`) live beside them but run while
 * files are read; see ../validate.ts.
 */
import activeWithoutModels from "./active-without-models.ts";
import credential from "./credential.ts";
import deprecatedField from "./deprecated-field.ts";
import duplicateCanonical from "./duplicate-canonical.ts";
import duplicateModel from "./duplicate-model.ts";
import duplicateProvider from "./duplicate-provider.ts";
import filenameMismatch from "./filename-mismatch.ts";
import insecureUrl from "./insecure-url.ts";
import pricingSanity from "./pricing-sanity.ts";
import unknownCanonical from "./unknown-canonical.ts";
import unusedPattern from "./unused-pattern.ts";
import type { Rule } from "./types.ts";

export const RULES: readonly Rule[] = [
  duplicateCanonical,
  unknownCanonical,
  duplicateModel,
  filenameMismatch,
  duplicateProvider,
  activeWithoutModels,
  insecureUrl,
  credential,
  pricingSanity,
  deprecatedField,
  unusedPattern,
];
