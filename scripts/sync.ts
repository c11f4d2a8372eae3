#!/usr/bin/env bun
/** `bun run sync [--root DIR] [--provider NAME…] [--models-dev FILE|URL] [--write] [--check] [--prices [--openrouter FILE|URL]] [--format markdown|json]` */
import { launch } from "./lib/launch/index.ts";

await launch("sync", () => import("./lib/commands/sync.ts"));
