import { asArray, asRecord, asString, defineRule } from "./types.ts";

/** Subscription routes whose catalogue comes with the user's own login. */
const LOCAL_ACCESS = new Set(["local_oauth", "local_pkce"]);

export default defineRule({
  id: "active-without-models",
  severity: "error",
  summary: "`status: active`, no models, no `auto_sync`, and `access` is not `local_oauth`/`local_pkce`",
  provider({ raw }, _index, report) {
    if (raw.status !== "active" || raw.auto_sync !== undefined) return;
    if (LOCAL_ACCESS.has(asString(raw.access) ?? "")) return;
    if (asArray(raw.models).length > 0 || (raw.models !== undefined && !Array.isArray(raw.models))) return;
    const name = asString(raw.name) ?? "<provider>";
    report({
      path: raw.models === undefined ? ["status"] : ["models"],
      message: `active provider \`${name}\` lists no models and has no \`auto_sync\`, so nothing can be routed to it: add one with \`manage add-model ${name} <canonical-id> <provider-model-id>\`, add \`auto_sync\`, or set \`status: staging\` until it is ready`,
    });
  },
});
