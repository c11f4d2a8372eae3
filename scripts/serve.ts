#!/usr/bin/env bun
/** `bun run serve [--root DIR | --snapshot DIR] [--host 127.0.0.1] [--port 8787]` — SPEC §10. */
import { launch } from "./lib/launch/index.ts";

await launch("serve", () => import("./lib/commands/serve.ts"));
