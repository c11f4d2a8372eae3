#!/usr/bin/env bun
/**
 * `bun run manage [--root DIR] <command> …` — change the registry without
 * hand-editing YAML (SPEC §4). Edits keep every untouched byte, are
 * validated before anything is written, and are written atomically under a
 * registry lock. Exit codes: 0 done, 1 refused (nothing changed), 2 usage.
 *
 * The value flags of `add`, `add-model`, `update-model` and `canonical add`
 * come from the field tables (lib/manage/fields.ts).
 */
import { launch } from "./lib/launch/index.ts";

await launch("manage", () => import("./lib/commands/manage.ts"));
