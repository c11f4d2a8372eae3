/** The JSON Schemas are generated with the shape check (../shape/json-schema.ts); re-exported for the snapshot's users. */
export * from "../shape/json-schema.ts";
