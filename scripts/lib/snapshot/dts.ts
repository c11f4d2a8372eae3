/**
 * TypeScript declarations from Zod schemas, by way of their JSON Schema: the
 * npm package's types are generated, never written by hand a second time.
 *
 * Covers what z.toJSONSchema emits for the registry's schemas: objects
 * (strict or records), arrays, enums, consts, unions and the primitives.
 * A sub-schema identical to one of the named schemas is written as its name.
 */
import { z } from "zod";

type JsonSchema = Record<string, unknown>;

export interface NamedSchema {
  name: string;
  schema: z.ZodType;
}

function outputSchema(schema: z.ZodType): JsonSchema {
  const { $schema: _ignored, ...json } = z.toJSONSchema(schema, { target: "draft-2020-12", io: "output" }) as JsonSchema;
  return json;
}

function docComment(schema: JsonSchema, pad: string): string {
  const lines: string[] = [];
  if (typeof schema.description === "string") lines.push(...schema.description.split("\n"));
  if (schema.deprecated === true) lines.push("@deprecated");
  if (lines.length === 0) return "";
  const safe = lines.map((line) => line.replaceAll("*/", "*\\/"));
  return safe.length === 1 ? `${pad}/** ${safe[0]} */\n` : `${pad}/**\n${safe.map((line) => `${pad} * ${line}`).join("\n")}\n${pad} */\n`;
}

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

class DeclarationWriter {
  private readonly names = new Map<string, string>();

  constructor(named: Array<{ name: string; json: JsonSchema }>) {
    for (const { name, json } of named) this.names.set(JSON.stringify(json), name);
  }

  /** The type expression for `schema`; `self` is the named type being declared (never referenced by name). */
  type(schema: JsonSchema, pad: string, self?: string): string {
    const named = this.names.get(JSON.stringify(schema));
    if (named !== undefined && named !== self) return named;
    if ("const" in schema) return JSON.stringify(schema.const);
    if (Array.isArray(schema.enum)) return schema.enum.map((value) => JSON.stringify(value)).join(" | ");
    const union = (schema.anyOf ?? schema.oneOf) as JsonSchema[] | undefined;
    if (union) return union.map((member) => this.member(member, pad)).join(" | ");
    switch (schema.type) {
      case "string":
        return "string";
      case "number":
      case "integer":
        return "number";
      case "boolean":
        return "boolean";
      case "null":
        return "null";
      case "array":
        return `${this.member((schema.items as JsonSchema | undefined) ?? {}, pad)}[]`;
      case "object":
        return this.object(schema, pad);
      default:
        return "unknown";
    }
  }

  /** A type inside a union or before `[]`: parenthesised when it is itself an unnamed union. */
  private member(schema: JsonSchema, pad: string): string {
    const type = this.type(schema, pad);
    const named = this.names.has(JSON.stringify(schema));
    const union = (Array.isArray(schema.enum) && schema.enum.length > 1) || Boolean(schema.anyOf ?? schema.oneOf);
    return union && !named ? `(${type})` : type;
  }

  private object(schema: JsonSchema, pad: string): string {
    const properties = (schema.properties ?? {}) as Record<string, JsonSchema>;
    const required = new Set((schema.required ?? []) as string[]);
    const extra = schema.additionalProperties;
    const inner = `${pad}  `;
    let body = "";
    for (const [key, property] of Object.entries(properties)) {
      const name = IDENTIFIER.test(key) ? key : JSON.stringify(key);
      body += `${docComment(property, inner)}${inner}${name}${required.has(key) ? "" : "?"}: ${this.type(property, inner)};\n`;
    }
    if (extra !== undefined && extra !== false) {
      const value = extra === true ? "unknown" : this.type(extra as JsonSchema, inner);
      if (body === "") return `Record<string, ${value}>`;
      body += `${inner}[key: string]: ${value};\n`;
    }
    return body === "" ? "Record<string, never>" : `{\n${body}${pad}}`;
  }
}

/** `export type Name = …;` for each named schema, in the order given. */
export function declarations(named: readonly NamedSchema[]): string {
  const json = named.map(({ name, schema }) => ({ name, json: outputSchema(schema) }));
  const writer = new DeclarationWriter(json);
  return json.map(({ name, json: schema }) => `${docComment(schema, "")}export type ${name} = ${writer.type(schema, "", name)};\n`).join("\n");
}
