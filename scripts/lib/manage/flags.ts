/**
 * Parsers for `manage` flag values. A value that is not even the right kind
 * of thing (a price that is not a number, an unknown protocol) is a usage
 * error (exit 2); whether a well-formed value is acceptable in its file is
 * left to the `validate` rules, which say where and why.
 */
import { InvalidArgumentError } from "commander";
import { CAPABILITIES, PROTOCOLS, type ProtocolValue } from "../schema.ts";
import { didYouMean } from "../suggest.ts";

const DECIMAL = /^\+?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?$/;

function number(value: string, what: string): number {
  const parsed = DECIMAL.test(value.trim()) ? Number(value) : Number.NaN;
  if (!Number.isFinite(parsed)) throw new InvalidArgumentError(`expected ${what}, got \`${value}\``);
  return parsed;
}

/** USD per 1M tokens. */
export function parsePrice(value: string): number {
  return number(value, "a non-negative price in USD per 1M tokens (e.g. 0.27)");
}

export function parsePositiveInt(value: string): number {
  const parsed = number(value, "a positive whole number");
  if (!Number.isSafeInteger(parsed) || parsed <= 0) throw new InvalidArgumentError(`expected a positive whole number, got \`${value}\``);
  return parsed;
}

export function parseWeight(value: string): number {
  const parsed = number(value, "a weight between 0 and 1");
  if (parsed > 1) throw new InvalidArgumentError(`expected a weight between 0 and 1, got \`${value}\``);
  return parsed;
}

function list(value: string): string[] {
  return value
    .split(",")
    .map((item) => item.trim())
    .filter((item) => item !== "");
}

function oneOf(items: string[], allowed: readonly string[], what: string): string[] {
  for (const item of items) {
    if (!allowed.includes(item)) throw new InvalidArgumentError(`unknown ${what} \`${item}\`${didYouMean(item, allowed)} (one of: ${allowed.join(", ")})`);
  }
  return items;
}

/** `openai`, or an ordered list `anthropic,openai`. */
export function parseProtocol(value: string): ProtocolValue {
  const items = oneOf(list(value), PROTOCOLS, "protocol");
  if (items.length === 0) throw new InvalidArgumentError(`expected a protocol (one of: ${PROTOCOLS.join(", ")})`);
  return (items.length === 1 ? items[0] : items) as ProtocolValue;
}

/** `tools,reasoning`; an empty value means none. */
export function parseCapabilities(value: string): string[] {
  return oneOf(list(value), CAPABILITIES, "capability");
}

export function modalityParser(allowed: readonly string[]): (value: string) => string[] {
  return (value) => oneOf(list(value), allowed, "modality");
}

/** `--endpoint anthropic=https://…`, repeatable. */
export function parseEndpoint(value: string, previous: Record<string, string> = {}): Record<string, string> {
  const at = value.indexOf("=");
  const protocol = at > 0 ? value.slice(0, at) : "";
  if (!PROTOCOLS.includes(protocol as (typeof PROTOCOLS)[number])) {
    throw new InvalidArgumentError(`expected <protocol>=<https URL> with a protocol among ${PROTOCOLS.join(", ")}, got \`${value}\``);
  }
  return { ...previous, [protocol]: value.slice(at + 1) };
}

/** A date, or `none` for an explicit null. */
export function parseNullableDate(value: string): string | null {
  return value === "none" || value === "null" ? null : value;
}

export function parseBoolean(value: string): boolean {
  if (value === "true" || value === "yes") return true;
  if (value === "false" || value === "no") return false;
  throw new InvalidArgumentError(`expected true or false, got \`${value}\``);
}
