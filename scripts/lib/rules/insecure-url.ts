/**
 * Rule `insecure-url`: a URL the router will call must be https, carry no
 * credentials, and not point into the router's own network (SSRF): no
 * localhost, loopback, private, link-local or unique-local addresses, and no
 * cloud metadata endpoints. Non-https URLs are caught by the schema and
 * reported under this id too. `auth.params` are not URL fields.
 */
import ipaddr from "ipaddr.js";
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

/** Metadata endpoints reachable by name from inside clouds. */
const BLOCKED_HOSTS = new Set(["localhost", "metadata", "metadata.google.internal", "metadata.azure.internal", "instance-data", "instance-data.ec2.internal"]);

/** Why the URL is unsafe, or undefined when it is fine. */
export function unsafeUrlReason(value: string): string | undefined {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return "is not a valid URL";
  }
  if (url.protocol !== "https:") return "must use https";
  if (url.username !== "" || url.password !== "") return "carries a user name or password; credentials never live in the registry";
  const host = url.hostname.toLowerCase().replace(/\.$/, "");
  if (BLOCKED_HOSTS.has(host) || host.endsWith(".localhost")) return `points at \`${host}\`, a local or cloud-metadata host`;
  const bare = host.startsWith("[") ? host.slice(1, -1) : host;
  if (ipaddr.isValid(bare)) {
    let address = ipaddr.parse(bare);
    if (address.kind() === "ipv6" && (address as ipaddr.IPv6).isIPv4MappedAddress()) address = (address as ipaddr.IPv6).toIPv4Address();
    const range = address.range();
    if (BLOCKED_RANGES.has(range)) return `points at ${bare}, a ${range.replace(/([A-Z])/g, " $1").toLowerCase()} address`;
  }
  return undefined;
}

export default defineRule({
  id: "insecure-url",
  severity: "error",
  summary: "a URL field that is not https, carries user:password, or points at localhost, a loopback, private, link-local or unique-local address",
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
      if (reason) report({ path, message: `\`${path.join(".")}\` ${reason}: use the provider's public https endpoint` });
    }
  },
});
