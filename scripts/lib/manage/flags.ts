/**
 * Flags from the field tables (fields.ts): one commander option per row,
 * parsed by the row's kind, and the values given read back as data paths.
 * A value that is not even the right kind of thing (a price that is not a
 * number, an unknown protocol) is a usage error (exit 2); whether a
 * well-formed value is acceptable in its file is left to the `validate`
 * rules, which say where and why.
 */
import { InvalidArgumentError, Option, type Command } from "commander";
import type { DataPath } from "../problems.ts";
import { PROTOCOLS } from "../schema-constants.ts";
import type { ProtocolValue } from "../schema.ts";
import { didYouMean } from "../suggest.ts";
import type { Plain } from "../yaml/edit/index.ts";
import type { Field, GivenValue, ValueKind } from "./fields.ts";

const DECIMAL = /^\+?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?$/;

function number(value: string, kind: Extract<ValueKind, { type: "number" }>): number {
  const what =
    kind.what ??
    (kind.integer && kind.min === 1
      ? "a positive whole number"
      : kind.max !== undefined
        ? `a number between ${kind.min ?? 0} and ${kind.max}`
        : kind.unit
          ? `a non-negative price in ${kind.unit} (e.g. 0.27)`
          : "a non-negative number");
  const parsed = DECIMAL.test(value.trim()) ? Number(value) : Number.NaN;
  const fits =
    Number.isFinite(parsed) &&
    (!kind.integer || Number.isSafeInteger(parsed)) &&
    (kind.min === undefined || parsed >= kind.min) &&
    (kind.max === undefined || parsed <= kind.max);
  if (!fits) throw new InvalidArgumentError(`expected ${what}, got \`${value}\``);
  return parsed;
}

function list(value: string): string[] {
  return value
    .split(",")
    .map((item) => item.trim())
    .filter((item) => item !== "");
}

function oneOf(item: string, allowed: readonly string[], what: string): string {
  if (!allowed.includes(item)) throw new InvalidArgumentError(`unknown ${what} \`${item}\`${didYouMean(item, allowed)} (one of: ${allowed.join(", ")})`);
  return item;
}

function pair(value: string, keys: readonly string[] | undefined, what: string): [string, string] {
  const at = value.indexOf("=");
  if (at <= 0) throw new InvalidArgumentError(`expected <${what}>=<value>, got \`${value}\``);
  const key = value.slice(0, at);
  if (keys) oneOf(key, keys, what);
  return [key, value.slice(at + 1)];
}

/** `<above>:<input>:<output>` — one context tier with its two required prices. */
function tier(value: string): { [key: string]: Plain } {
  const parts = value.split(":");
  if (parts.length !== 3) throw new InvalidArgumentError(`expected <above-input-tokens>:<input price>:<output price>, e.g. 200000:6:22.5, got \`${value}\``);
  return {
    above_input_tokens: number(parts[0]!, { type: "number", min: 1, integer: true }),
    input_tokens: { no_cache: number(parts[1]!, { type: "number", min: 0, unit: "USD per 1M tokens" }) },
    output_tokens: { text: number(parts[2]!, { type: "number", min: 0, unit: "USD per 1M tokens" }) },
  };
}

/** Parse one flag value of `kind`; `previous` is the value so far of a repeatable flag. */
export function parseValue(kind: ValueKind, value: string, previous?: unknown): Plain {
  switch (kind.type) {
    case "text":
      return value;
    case "enum":
      return oneOf(value, kind.values, "value");
    case "number":
      return number(value, kind);
    case "boolean":
      if (value === "true" || value === "yes") return true;
      if (value === "false" || value === "no") return false;
      throw new InvalidArgumentError(`expected true or false, got \`${value}\``);
    case "list":
      return kind.values ? list(value).map((item) => oneOf(item, kind.values!, kind.noun ?? "value")) : list(value);
    case "nullable-date":
      // Commander turns a parser's null into "": the null is made in givenValues.
      return value;
    case "pairs": {
      const [key, inner] = pair(value, kind.keys, kind.keys ? "protocol" : "name");
      return { ...((previous as Record<string, Plain> | undefined) ?? {}), [key]: inner };
    }
    case "protocol": {
      const items = list(value).map((item) => oneOf(item, PROTOCOLS, "protocol"));
      if (items.length === 0) throw new InvalidArgumentError(`expected a protocol (one of: ${PROTOCOLS.join(", ")})`);
      return (items.length === 1 ? items[0]! : items) as ProtocolValue as Plain;
    }
    case "tiers":
      return [...((previous as Plain[] | undefined) ?? []), tier(value)];
  }
}

/** Add one option per field to `command`. */
export function addFieldOptions(command: Command, fields: readonly Field[]): Command {
  for (const field of fields) {
    const option = new Option(`${field.flag} ${field.placeholder}`, field.help);
    // Commander reads a `--no-` prefix as negation: the attribute is the rest.
    if (field.kind.type === "enum") option.choices(field.kind.values);
    else option.argParser((value: string, previous: unknown) => parseValue(field.kind, value, previous));
    command.addOption(option);
  }
  return command;
}

function attributeName(field: Field): string {
  return new Option(`${field.flag} ${field.placeholder}`).attributeName();
}

/** The values given on the command line (never a default), in table order. */
export function givenValues(command: Command, fields: readonly Field[]): GivenValue[] {
  const options = command.opts<Record<string, Plain>>();
  const given: GivenValue[] = [];
  for (const field of fields) {
    const key = attributeName(field);
    if (command.getOptionValueSource(key) !== "cli") continue;
    const value = options[key]!;
    given.push({ field, value: field.kind.type === "nullable-date" && (value === "none" || value === "null") ? null : value });
  }
  return given;
}

/** Whether `path` is given. */
export function hasValue(values: readonly GivenValue[], path: DataPath): boolean {
  return values.some(({ field }) => field.path.length === path.length && field.path.every((segment, i) => segment === path[i]));
}
