/** The server part of `bench`: its budget decides as SPEC §7 says and its table shows every figure. */
import { describe, expect, it } from "vitest";
import { formatServerTable, serverBudget, type LoadFigures, type ServerBenchResult } from "../../scripts/lib/bench/server.ts";
import { formatText } from "../../scripts/lib/bench/report.ts";
import type { BenchResult } from "../../scripts/lib/bench/run.ts";

const figures = (requestsPerSecond: number, extra: Partial<LoadFigures> = {}): LoadFigures => ({
  requestsPerSecond,
  p50Ms: 1,
  p99Ms: 9,
  errors: 0,
  non2xx: 0,
  ...extra,
});

function result(serveFile: number, staticFile: number, extra: Partial<LoadFigures> = {}): ServerBenchResult {
  return {
    snapshot: "shared/corpora/bitrouter/dist",
    connections: 10,
    durationSeconds: 5,
    rounds: 2,
    routes: [
      { route: "/v1/models/{id}", bytes: 2192, serve: figures(9000), static: figures(15000) },
      { route: "/v1/route?model=", bytes: 2773, serve: figures(8000), static: figures(14000) },
      { route: "/registry/providers.json", bytes: 255671, serve: figures(serveFile, extra), static: figures(staticFile) },
    ],
  };
}

describe("the serve budget", () => {
  it("passes at 0.8× the static server's requests per second on the file route, fails below", () => {
    expect(serverBudget(result(3200, 4000))).toMatchObject({ status: "PASS", measured: 0.8, atLeast: true });
    expect(serverBudget(result(3100, 4000))).toMatchObject({ status: "FAIL" });
    // Only the file route counts: the small routes' ratios are shown, not budgeted.
    expect(serverBudget(result(4000, 4000)).status).toBe("PASS");
  });

  it("fails a fast run that answered with errors", () => {
    expect(serverBudget(result(4000, 4000, { non2xx: 3 }))).toMatchObject({ status: "FAIL", note: expect.stringMatching(/non-2xx/) });
  });

  it("fails when the server part could not run, and skips when it was not asked for", () => {
    expect(serverBudget(undefined, "server bench failed: serve exited 1").status).toBe("FAIL");
    expect(serverBudget(undefined).status).toBe("SKIP");
  });

  it("prints requests per second, p50 and p99 for both servers and the ratio", () => {
    const table = formatServerTable(result(3900, 4100));
    expect(table).toMatch(/\/registry\/providers\.json\s+serve\s+255,671\s+3,900\s+1\s+9\s+0\.95x/);
    expect(table).toMatch(/\/registry\/providers\.json\s+static node:http\s+255,671\s+4,100/);
    const bench = {
      quick: false,
      machine: { cpu: "x", cores: 2, memoryBytes: 2 ** 30, os: "linux", bun: "1", node: "20" },
      load: { before: 0, after: 0 },
      memorySource: "none",
      corpora: [],
      server: result(3900, 4100),
      budgets: [serverBudget(result(3900, 4100))],
      ok: true,
    } satisfies BenchResult;
    expect(formatText(bench)).toMatch(/serve \/ static server req\/s, \/registry\/providers\.json\s+0\.95x\s+≥ 0\.8x\s+PASS/);
  });
});
