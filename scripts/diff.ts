#!/usr/bin/env bun
/** `bun run diff [--root DIR] [--base REF] [--head REF] [--format markdown|json] [--fail-on breaking|review]` */
import { launch } from "./lib/launch/index.ts";

await launch("diff", () => import("./lib/commands/diff.ts"));
