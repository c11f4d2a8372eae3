/**
 * Every cross-checking rule, in the order they run. The load-stage rules
 * (`unsafe-file`, `layout`, `yaml-syntax`, `schema`) live beside them but run
 * while files are listed and read; see ../validate.ts.
 */
import activeWithoutModels from "./active-without-models.ts";
import billingPricing from "./billing-pricing.ts";
import canonicalOrg from "./canonical-org.ts";
import credential from "./credential.ts";
import deprecatedField from "./deprecated-field.ts";
import duplicateAlias from "./duplicate-alias.ts";
import duplicateCanonical from "./duplicate-canonical.ts";
import duplicateModel from "./duplicate-model.ts";
import duplicateProvider from "./duplicate-provider.ts";
import filenameMismatch from "./filename-mismatch.ts";
import insecureUrl from "./insecure-url.ts";
import modelLifecycle from "./model-lifecycle.ts";
import pricingSanity from "./pricing-sanity.ts";
import scheduledPriceDue from "./scheduled-price-due.ts";
import stalePrice from "./stale-price.ts";
import unknownCanonical from "./unknown-canonical.ts";
import unsourcedPrice from "./unsourced-price.ts";
import unusedPattern from "./unused-pattern.ts";
import type { Rule } from "./types.ts";

export const RULES: readonly Rule[] = [
  duplicateCanonical,
  duplicateAlias,
  canonicalOrg,
  unknownCanonical,
  duplicateModel,
  filenameMismatch,
  duplicateProvider,
  activeWithoutModels,
  insecureUrl,
  credential,
  pricingSanity,
  billingPricing,
  stalePrice,
  unsourcedPrice,
  scheduledPriceDue,
  modelLifecycle,
  deprecatedField,
  unusedPattern,
];
