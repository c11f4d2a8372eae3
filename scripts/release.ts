#!/usr/bin/env bun
/** `bun run release [--root DIR] [--dry-run]` */
import { launch } from "./lib/launch/index.ts";

await launch("release", () => import("./lib/commands/release.ts"));
