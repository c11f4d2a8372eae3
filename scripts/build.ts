#!/usr/bin/env bun
/** `bun run build [--root DIR] [--out DIR] [--views v2,router] [--rule ID=SEVERITY]… [--check] [--no-cache]` */
import { launch } from "./lib/launch/index.ts";

await launch("build", () => import("./lib/commands/build.ts"));
