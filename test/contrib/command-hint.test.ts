/** Hints name the command the user ran: npm's `npm run X -- …`, Bun's `bun run X …`, or the installed CLI. */
import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { commandHint } from "../../scripts/lib/cli.ts";
import { plainEnv, REPO_ROOT, runScript } from "../helpers.ts";

describe("commandHint", () => {
  it("follows the user agent npm, pnpm, yarn and Bun set for the scripts they start", () => {
    const npm = { npm_config_user_agent: "npm/11.19.1 node/v20.20.2 linux x64 workspaces/false", npm_lifecycle_event: "build" };
    expect(commandHint("build", ["--check"], npm)).toBe("npm run build -- --check");
    expect(commandHint("build", [], npm)).toBe("npm run build");
    expect(commandHint("build", ["--check"], { npm_config_user_agent: "bun/1.4.5 npm/? node/v26.3.0 linux x64" })).toBe("bun run build --check");
    expect(commandHint("build", ["--check"], { npm_config_user_agent: "pnpm/9.0.0 npm/? node/v20" })).toBe("pnpm run build --check");
    expect(commandHint("build", ["--check"], { npm_config_user_agent: "yarn/1.22.0 npm/? node/v20" })).toBe("yarn build --check");
    expect(commandHint("build", ["--check"], { npm_execpath: "/usr/lib/node_modules/npm/bin/npm-cli.js" })).toBe("npm run build -- --check");
    expect(commandHint("build", ["--check"], {})).toBe("bun run build --check");
    expect(commandHint("build", ["--check"], { ...npm, PROVIDER_REGISTRY_CLI: "provider-registry" })).toBe("provider-registry build --check");
  });

  it("reaches the help text: started through npm, release's examples are npm commands", () => {
    const viaNpm = spawnSync("npm", ["run", "--silent", "release", "--", "--help"], { cwd: REPO_ROOT, encoding: "utf8", env: plainEnv() });
    expect(viaNpm.status, viaNpm.stderr).toBe(0);
    expect(viaNpm.stdout).toContain("Examples:\n  npm run release -- --dry-run\n  npm run release\n");
    expect(runScript("release", ["--help"]).stdout).toContain("Examples:\n  bun run release --dry-run\n  bun run release\n");
  });
});
