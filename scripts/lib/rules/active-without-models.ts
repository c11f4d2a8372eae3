import { asString } from "../data.ts";
import { defineRule } from "./types.ts";

/** Subscription routes whose catalogue comes with the user's own login. */
const LOCAL_ACCESS = new Set(["local_oauth", "local_pkce"]);

export default defineRule({
  id: "active-without-models",
  severity: "error",
  summary: "`status: active`, no models, no `auto_sync`, and `access` is not `local_oauth`/`local_pkce`",
  provider({ raw }, _index, report) {
    if (raw.status !== "active" || raw.auto_sync !== undefined) return;
    if (LOCAL_ACCESS.has(asString(raw.access) ?? "")) return;
    // No `models` list at all (or a misspelt key) is the schema rule's to report, once.
    if (!Array.isArray(raw.models) || raw.models.length > 0) return;
    const name = asString(raw.name) ?? "<provider>";
    report({
      path: ["models"],
      message: `active provider \`${name}\` lists no models and has no \`auto_sync\`, so nothing can be routed to it: add one with \`manage add-model ${name} <canonical-id> <provider-model-id>\`, add \`auto_sync\`, or set \`status: staging\` until it is ready`,
    });
  },
});
