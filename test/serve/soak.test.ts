/**
 * Soak: the real CLI under concurrent load on loopback — a mix of answers,
 * errors, 304s and compressed bodies — with its resident memory sampled
 * from the OS. 15 s in `npm test`; SOAK_SECONDS=180 for the long run.
 */
import { readFileSync } from "node:fs";
import autocannon from "autocannon";
import { describe, expect, it } from "vitest";
import { BITROUTER_DIST, get, HAS_CORPORA, serveProcess } from "./helpers.ts";

const SECONDS = Math.min(Number(process.env.SOAK_SECONDS ?? 15), 180);
const HAS_PROC = (() => {
  try {
    readFileSync("/proc/self/status");
    return true;
  } catch {
    return false;
  }
})();

function residentMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)![1]) / 1024;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

describe.skipIf(!HAS_CORPORA)("soak", () => {
  it(
    `answers ${SECONDS} s of concurrent load with no errors and flat memory`,
    async () => {
      const { url, child, stderr } = await serveProcess(["--snapshot", BITROUTER_DIST, "--no-watch"]);
      const hash = (await get(url, "/healthz")).json().snapshot.hash as string;
      const requests = [
        { path: "/registry/providers.json" },
        { path: "/v1/models/anthropic/claude-fable-5", headers: { "accept-encoding": "br" } },
        { path: "/v1/route?model=anthropic/claude-fable-5" },
        { path: "/v1/providers/anthropic", headers: { "if-none-match": `"${hash}"` } },
        { path: "/v1/models?capability=tools", headers: { "accept-encoding": "gzip" } },
        { path: "/v1/providers/anthropc" },
        { path: "/v1/capabilities?model=anthropic/claude-fable-5&feature=reasoning" },
        { path: "/v1/providers/..%2f..%2fetc" },
        { path: `/v1/models/x/${"y".repeat(5000)}` },
        { method: "POST", path: "/v1/providers" },
      ].map((request) => ({ method: "GET", ...request }));

      const samples: number[] = [];
      const sampler = HAS_PROC ? setInterval(() => samples.push(residentMb(child.pid!)), 500) : undefined;
      const result = await autocannon({ url, connections: 16, duration: SECONDS, requests: requests as autocannon.Request[] });
      clearInterval(sampler);

      expect(result.errors, "socket errors").toBe(0);
      expect(result.timeouts, "timeouts").toBe(0);
      expect(result.requests.total).toBeGreaterThan(SECONDS * 200);
      // 2xx and 304 for the answers, 4xx for the refusals: never a 5xx.
      expect(result["5xx"]).toBe(0);
      expect(result["4xx"]).toBeGreaterThan(0);
      expect((await get(url, "/healthz")).json().status).toBe("ok");
      expect(stderr()).not.toMatch(/internal error/);
      if (HAS_PROC && samples.length >= 8) {
        // After the first quarter (JIT, caches filled), the resident size stays where it settled.
        const settled = samples.slice(Math.floor(samples.length / 4));
        const firstHalf = median(settled.slice(0, Math.floor(settled.length / 2)));
        const peakLate = Math.max(...settled.slice(Math.floor(settled.length / 2)));
        console.log(
          `soak: ${result.requests.total} requests in ${SECONDS} s (${Math.round(result.requests.average)}/s), resident ${Math.round(firstHalf)} MB settled, ${Math.round(peakLate)} MB peak in the second half`,
        );
        expect(peakLate).toBeLessThan(firstHalf * 1.25 + 16);
      }
    },
    (SECONDS + 60) * 1000,
  );
});
