import { defineRule } from "./types.ts";

export default defineRule({
  id: "deprecated-field",
  severity: "warning",
  summary: "`auth_scheme` used",
  provider({ raw }, _index, report) {
    if (!Object.hasOwn(raw, "auth_scheme")) return;
    const replacement =
      raw.auth_scheme === "x-api-key" ? "`auth: { kind: header, header: x-api-key, env: <ENV_VAR> }`" : "`auth: { kind: bearer, env: <ENV_VAR> }`";
    report({ path: ["auth_scheme"], at: "key", message: `\`auth_scheme\` is deprecated: describe authentication with ${replacement} instead` });
  },
});
