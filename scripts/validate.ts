#!/usr/bin/env bun
/** `bun run validate [--root DIR] [--format text|json|github] [--strict] [--max-file-size BYTES] [--rule ID=SEVERITY]… [--no-cache] [--threads N] [FILE…]` */
import { launch } from "./lib/launch/index.ts";

await launch("validate", () => import("./lib/commands/validate.ts"));
