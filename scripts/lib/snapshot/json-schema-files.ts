/** Schema file names and the editor modeline live with the schema generator (../shape/schema-files.ts). */
export * from "../shape/schema-files.ts";
