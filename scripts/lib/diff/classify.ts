/**
 * How much a change matters to a reviewer:
 * - breaking: something routers rely on disappears or now means something else
 *   (a provider, provider model, canonical id or alias removed; a
 *   `provider_model_id` changed; a provider leaving `active`);
 * - review: plausible but worth a second look (a price moving 50% or more, or
 *   to or from 0; a price change with no `pricing.source`; any change to a
 *   scheduled price, shown against the price in force; a `retirement_date`; a new price below
 *   the cheapest first-party price of the same model; any change to where
 *   requests go, how they authenticate (`required_config` too) or how they
 *   are shaped (`compatibility`); a rule severity in registry.config.yaml; the
 *   canonical models moving between the two layouts);
 * - info: everything else.
 */
import { CONFIG_FILE } from "../registry-layout.ts";
import type { Provider, ProviderModel } from "../schema.ts";
import type { ChangeSeverity, RawChange } from "./types.ts";

/** A price moving by this much (percent, either way) deserves a second look. */
export const PRICE_REVIEW_PCT = 50;

/** Provider fields that decide where requests go and with which credentials. */
const ENDPOINT_FIELDS = ["api_base", "protocol_endpoints", "auth", "access", "required_config"] as const;

/** Entry fields that decide how a request to the model is shaped (SPEC §2 `compatibility`). */
const REQUEST_SHAPE_FIELD = /^compatibility(?:\.|$)/;

const PRICE_LEAF = "(?:input_tokens\\.(?:no_cache|cache_read|cache_write|cache_write_1h|image|audio|video)|output_tokens\\.(?:text|reasoning|image|audio))";
/** Every price of a pricing block: token rates in any bracket, service-tier multipliers, fees. */
const BLOCK_PRICE = `(?:(?:context_tiers\\.\\d+\\.|service_tiers\\.[a-z_]+\\.)?${PRICE_LEAF}|service_tiers\\.[a-z_]+\\.multiplier|per_request|per_image|per_1k_calls\\.[a-z_]+)`;
/** A price in force (`pricing.…`) or a past or scheduled one (`pricing_history.<n>.…`, `pricing_schedule.<n>.…`). */
const PRICE_FIELD = new RegExp(`^(?:pricing|pricing_history\\.\\d+|pricing_schedule\\.\\d+)\\.${BLOCK_PRICE}$`);
/** Base-bracket prices: the ones comparable across providers (tiers differ in thresholds). */
const BASE_PRICE_FIELD = new RegExp(`^pricing\\.${PRICE_LEAF}$`);

export function isPriceField(field: string): boolean {
  return PRICE_FIELD.test(field);
}

interface ReferencePrice {
  provider: string;
  price: number;
}

/** First-party base prices in the head registry: canonical id → price field → one entry per provider. */
export type FirstPartyPrices = Map<string, Map<string, ReferencePrice[]>>;

function basePrices(model: ProviderModel): Array<[field: string, price: number]> {
  const prices: Array<[string, number]> = [];
  const { input_tokens, output_tokens } = model.pricing ?? {};
  for (const [key, value] of Object.entries(input_tokens ?? {})) if (typeof value === "number") prices.push([`pricing.input_tokens.${key}`, value]);
  for (const [key, value] of Object.entries(output_tokens ?? {})) if (typeof value === "number") prices.push([`pricing.output_tokens.${key}`, value]);
  return prices;
}

/**
 * The reference a new price is held against. Subscription plans are left
 * out: their per-token figures (often none, or 0) are not what a pay-per-token
 * reseller competes with.
 */
export function firstPartyPrices(providers: Iterable<Provider>): FirstPartyPrices {
  const index: FirstPartyPrices = new Map();
  for (const provider of providers) {
    if (provider.kind !== "first_party" || provider.billing === "subscription") continue;
    for (const model of provider.models) {
      let byField = index.get(model.id);
      if (!byField) index.set(model.id, (byField = new Map()));
      for (const [field, price] of basePrices(model)) {
        const list = byField.get(field) ?? [];
        list.push({ provider: provider.name, price });
        byField.set(field, list);
      }
    }
  }
  return index;
}

/** The cheapest first-party price of `model`'s `field`, from any provider but `except`. */
function cheapestFirstParty(reference: FirstPartyPrices, model: string, field: string, except: string): ReferencePrice | undefined {
  let cheapest: ReferencePrice | undefined;
  for (const entry of reference.get(model)?.get(field) ?? []) {
    if (entry.provider !== except && (!cheapest || entry.price < cheapest.price)) cheapest = entry;
  }
  return cheapest;
}

function belowFirstParty(reference: FirstPartyPrices, provider: string, model: string, field: string, price: number): string | undefined {
  if (!BASE_PRICE_FIELD.test(field)) return undefined;
  const cheapest = cheapestFirstParty(reference, model, field, provider);
  if (!cheapest || price >= cheapest.price) return undefined;
  return `${field} ${price} is below the cheapest first-party price ${cheapest.price} (${cheapest.provider})`;
}

function priceReason(change: RawChange, reference: FirstPartyPrices): string | undefined {
  const { before, after, field = "", provider = "", model = "" } = change;
  const reasons: string[] = [];
  if (typeof before === "number" && typeof after === "number") {
    if (before === 0) reasons.push(`price rose from 0 to ${after}`);
    else if (after === 0) reasons.push(`price dropped to 0 (was ${before})`);
    else if (Math.abs(change.delta_pct ?? 0) >= PRICE_REVIEW_PCT)
      reasons.push(`price moved ${formatPct(change.delta_pct ?? 0)} (a move of ${PRICE_REVIEW_PCT}% or more: check the unit)`);
  }
  if (typeof after === "number") {
    const below = belowFirstParty(reference, provider, model, field, after);
    if (below) reasons.push(below);
  }
  return reasons.length > 0 ? reasons.join("; ") : undefined;
}

/** SPEC §9: a price nobody can check against its source needs a second look. */
const UNSOURCED_REASON = "price changed with no `pricing.source` (the entry's or the provider's): check it against the provider's public price page";
const CONFIG_FILE_FIELD = CONFIG_FILE;

export function formatPct(pct: number): string {
  return `${pct > 0 ? "+" : pct < 0 ? "−" : "±"}${Math.abs(pct)}%`;
}

/** SPEC §9: an announced price is a price change on its day; the reviewer sees the day and the move from the price in force. */
function scheduledReason(change: RawChange): string | undefined {
  const scheduled = change.scheduled;
  if (!scheduled) return undefined;
  const field = (change.field ?? "").replace(/^pricing_schedule\.\d+\./, "");
  const from = scheduled.effective_from ? `from ${scheduled.effective_from}` : "on a date not given";
  if (!("after" in change)) return `scheduled price withdrawn: \`${field}\` no longer changes ${from}`;
  if (field === "effective_from") return `scheduled price now takes effect ${from}`;
  if (!isPriceField(`pricing.${field}`)) return `scheduled price ${from}: \`${field}\` changed`;
  const inForce = scheduled.in_force;
  const after = change.after;
  const move =
    typeof inForce === "number" && typeof after === "number"
      ? `${inForce} → ${after}${inForce !== 0 ? ` (${formatPct(Math.round(((after - inForce) / inForce) * 1000) / 10)})` : ""}`
      : `${inForce === undefined ? "unpriced" : JSON.stringify(inForce)} → ${JSON.stringify(after)}`;
  return `scheduled price change ${from}: \`${field}\` ${move} against the price in force`;
}

/** An alias gone from a canonical model: lookups by it stop resolving. */
function removedAliases(change: RawChange): string[] {
  if (change.field !== "aliases") return [];
  const after = new Set(Array.isArray(change.after) ? change.after : []);
  return (Array.isArray(change.before) ? change.before : []).filter((alias) => !after.has(alias)).map(String);
}

export function classify(change: RawChange, reference: FirstPartyPrices): { severity: ChangeSeverity; reason?: string } {
  switch (change.kind) {
    case "provider-removed":
      return { severity: "breaking", reason: "provider removed: every route to it stops resolving" };
    case "model-removed":
      return { severity: "breaking", reason: "model removed: routes to it through this provider stop resolving" };
    case "canonical-removed":
      return { severity: "breaking", reason: "canonical id removed: routers and clients that name it stop resolving" };
    case "provider-changed": {
      if (change.field === "status" && change.before === "active") {
        return { severity: "breaking", reason: `provider leaves \`active\` (now \`${String(change.after).replace(/`/g, "'")}\`): it is no longer routable` };
      }
      if ((ENDPOINT_FIELDS as readonly string[]).includes(change.field ?? "")) {
        // `access` defaults to api_key: spelling the default out changes nothing.
        if (change.field === "access" && (change.before ?? "api_key") === (change.after ?? "api_key")) return { severity: "info" };
        return { severity: "review", reason: `\`${change.field}\` changed: requests go elsewhere or authenticate differently` };
      }
      return { severity: "info" };
    }
    case "model-changed": {
      if (change.field === "provider_model_id") {
        return { severity: "breaking", reason: "provider_model_id changed: requests now reach a different upstream model" };
      }
      const scheduled = scheduledReason(change);
      if (isPriceField(change.field ?? "") || scheduled) {
        const reasons = [scheduled, priceReason(change, reference), change.unsourced ? UNSOURCED_REASON : undefined].filter((reason) => reason !== undefined);
        if (reasons.length > 0) return { severity: "review", reason: reasons.join("; ") };
      }
      if (change.field === "retirement_date") {
        return { severity: "review", reason: "`retirement_date` changed: calls to this model fail from that day" };
      }
      if (REQUEST_SHAPE_FIELD.test(change.field ?? "")) {
        return { severity: "review", reason: "`compatibility` changed: requests to this model are shaped differently (a wrong setting makes them fail)" };
      }
      return { severity: "info" };
    }
    case "model-added": {
      const model = change.after as ProviderModel;
      const reasons = basePrices(model)
        .map(([field, price]) => belowFirstParty(reference, change.provider ?? "", model.id, field, price))
        .filter((reason): reason is string => reason !== undefined);
      return reasons.length > 0 ? { severity: "review", reason: reasons.join("; ") } : { severity: "info" };
    }
    case "config-changed":
      return {
        severity: "review",
        reason:
          change.field === CONFIG_FILE_FIELD
            ? "`registry.config.yaml` changed and does not read as rule severities on one side"
            : "a rule's severity changed: a rule lowered to `warning` or `off` no longer fails CI",
      };
    case "layout-changed":
      return {
        severity: "review",
        reason:
          "the canonical models moved between `canonical.yaml` and `models/<org>.yaml`: compared by id, check that none was dropped or changed on the way",
      };
    case "canonical-changed": {
      const removed = removedAliases(change);
      if (removed.length > 0) {
        return { severity: "breaking", reason: `alias removed (${removed.map((alias) => `\`${alias}\``).join(", ")}): lookups by it stop resolving` };
      }
      return { severity: "info" };
    }
    case "provider-added":
    case "canonical-added":
      return { severity: "info" };
  }
}
