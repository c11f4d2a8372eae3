/**
 * Rule `insecure-url`: a URL the router will call must be https, carry no
 * credentials, and not point into the router's own network (SSRF): no
 * localhost, loopback, private, link-local or unique-local addresses, and no
 * cloud metadata endpoints. Non-https URLs are caught by the schema and
 * reported under this id too. `auth.params` are not URL fields.
 */
import { createRequire } from "node:module";
import type ipaddrModule from "ipaddr.js";

type IPv4 = ipaddrModule.IPv4;
type IPv6 = ipaddrModule.IPv6;
let ipaddrLoaded: typeof ipaddrModule | undefined;
/** Loaded only for a URL whose host is an IP literal: almost every registry has none. */
function ipaddrLibrary(): typeof ipaddrModule {
  return (ipaddrLoaded ??= createRequire(import.meta.url)("ipaddr.js") as typeof ipaddrModule);
}
import type { DataPath } from "../problems.ts";
import { asRecord, asString, defineRule } from "./types.ts";

const BLOCKED_RANGES = new Set([
  "unspecified",
  "broadcast",
  "multicast",
  "linkLocal",
  "loopback",
  "carrierGradeNat",
  "private",
  "reserved",
  "uniqueLocal",
  "deprecatedSiteLocal",
]);

/** Host names that always mean this machine. */
const LOCAL_HOSTS = new Set(["localhost", "localhost.localdomain", "ip6-localhost", "ip6-loopback"]);
/** Metadata endpoints reachable by name from inside clouds. */
const METADATA_HOSTS = new Set(["metadata", "metadata.google.internal", "metadata.azure.internal", "instance-data", "instance-data.ec2.internal"]);
/** Metadata endpoints by address (AWS, GCP, Azure; AWS IPv6; ECS tasks; Alibaba). */
const METADATA_ADDRESSES = new Set(["169.254.169.254", "fd00:ec2::254", "169.254.170.2", "100.100.100.200"]);

const RANGE_NAMES: Record<string, string> = {
  unspecified: "an unspecified",
  broadcast: "a broadcast",
  multicast: "a multicast",
  linkLocal: "a link-local",
  loopback: "a loopback",
  carrierGradeNat: "a carrier-grade NAT",
  private: "a private",
  reserved: "a reserved",
  uniqueLocal: "a unique-local",
  deprecatedSiteLocal: "a site-local",
};

/** An IPv6 address that embeds an IPv4 one (mapped, NAT64, 6to4, IPv4-compatible) reaches that IPv4 address. */
function embeddedIPv4(address: IPv6): IPv4 | undefined {
  const ipaddr = ipaddrLibrary();
  const range = address.range();
  const bytes = address.toByteArray();
  if (range === "ipv4Mapped" || range === "rfc6052") return new ipaddr.IPv4(bytes.slice(12, 16));
  if (range === "6to4") return new ipaddr.IPv4(bytes.slice(2, 6));
  // `::a.b.c.d` (deprecated IPv4-compatible form), but not `::` or `::1`.
  if (bytes.slice(0, 12).every((byte) => byte === 0) && bytes.slice(12, 14).some((byte) => byte !== 0)) return new ipaddr.IPv4(bytes.slice(12, 16));
  return undefined;
}

/** The host as written in the value (the URL parser normalises `2130706433` to `127.0.0.1`). */
function writtenHost(value: string): string {
  return /^[a-z][a-z0-9+.-]*:\/\/(?:[^@/?#]*@)?(\[[^\]]*\]|[^:/?#]*)/i.exec(value)?.[1] ?? "";
}

/** Why the URL is unsafe, or undefined when it is fine. */
export function unsafeUrlReason(value: string): string | undefined {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return "is not a valid URL";
  }
  if (url.protocol !== "https:") return "must use https";
  if (url.username !== "" || url.password !== "") return "carries a user name or password (`user:password@`); credentials never live in the registry";
  const host = url.hostname.toLowerCase().replace(/\.$/, "");
  if (LOCAL_HOSTS.has(host) || host.endsWith(".localhost")) return `points at \`${host}\`, a name for the local machine`;
  if (METADATA_HOSTS.has(host)) return `points at \`${host}\`, a cloud metadata endpoint`;
  const bare = host.startsWith("[") ? host.slice(1, -1) : host;
  // The URL parser has already rewritten decimal, hex and octal IPv4 hosts as dotted quads.
  if (!/^[\d.]+$/.test(bare) && !bare.includes(":")) return undefined;
  const ipaddr = ipaddrLibrary();
  if (!ipaddr.isValid(bare)) return undefined;
  const parsed = ipaddr.parse(bare);
  const address = (parsed.kind() === "ipv6" && embeddedIPv4(parsed as IPv6)) || parsed;
  const normal = address.toString();
  const written = writtenHost(value).replace(/^\[|\]$/g, "");
  const shown = written.toLowerCase() === normal ? `\`${written}\`` : `\`${written}\` (${normal})`;
  if (METADATA_ADDRESSES.has(normal)) return `points at ${shown}, a cloud metadata address`;
  const range = address.range();
  if (BLOCKED_RANGES.has(range)) return `points at ${shown}, ${RANGE_NAMES[range] ?? `a ${range}`} address`;
  return undefined;
}

export default defineRule({
  id: "insecure-url",
  severity: "error",
  summary: "a URL field that is not https, carries user:password, or points at localhost, a loopback, private, link-local or unique-local address (including cloud metadata addresses)",
  provider({ raw }, _index, report) {
    const fields: Array<[DataPath, unknown]> = [
      [["api_base"], raw.api_base],
      [["doc_url"], raw.doc_url],
      [["auto_sync", "url"], asRecord(raw.auto_sync)?.url],
    ];
    for (const [protocol, url] of Object.entries(asRecord(raw.protocol_endpoints) ?? {})) fields.push([["protocol_endpoints", protocol], url]);
    for (const [path, value] of fields) {
      const url = asString(value);
      // Non-https values fail the schema, which reports them under this rule id.
      if (url === undefined || !url.startsWith("https://")) continue;
      const reason = unsafeUrlReason(url);
      if (!reason) continue;
      const fix = reason.startsWith("points at")
        ? ": the router would call into its own network (SSRF) — use the provider's public https endpoint"
        : " — use the provider's public https endpoint";
      report({ path, message: `\`${path.join(".")}\` ${reason}${fix}` });
    }
  },
});
