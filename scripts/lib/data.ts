/**
 * Reading registry data that may not have passed the schema: rules, validate
 * and manage all look into raw parsed files, and these answer "is it this
 * shape?" without a cast.
 */

/** `YYYY-MM-DD` → days since the epoch (UTC); undefined for anything else. */
export function dayNumber(date: unknown): number | undefined {
  if (typeof date !== "string" || date.length !== 10) return undefined;
  const time = Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10)));
  return Number.isNaN(time) ? undefined : time / 86_400_000;
}

/** Whether a pricing block carries any price (a number anywhere in its brackets). */
export function hasPrice(pricing: unknown): boolean {
  const record = asRecord(pricing);
  if (!record) return false;
  if (hasNumber(record.input_tokens) || hasNumber(record.output_tokens)) return true;
  const tiers = record.context_tiers;
  if (Array.isArray(tiers)) for (const tier of tiers) if (hasNumber(asRecord(tier)?.input_tokens) || hasNumber(asRecord(tier)?.output_tokens)) return true;
  return false;
}

function hasNumber(prices: unknown): boolean {
  const record = asRecord(prices);
  if (!record) return false;
  for (const key in record) if (typeof record[key] === "number") return true;
  return false;
}

/** A mapping (not null, not a list). */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

export function asRecord(value: unknown): Record<string, unknown> | undefined {
  return isRecord(value) ? value : undefined;
}

export function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

export function asString(value: unknown): string | undefined {
  return typeof value === "string" ? value : undefined;
}
