/**
 * Rule `insecure-url`: a URL the router will call must be https, carry no
 * credentials, and not point into the router's own network (SSRF): no
 * localhost, loopback, private, link-local or unique-local addresses, and no
 * cloud metadata endpoints. Non-https URLs are caught by the schema and
 * reported under this id too. `auth.params` are not URL fields.
 *
 * `${VAR}` / `${VAR:-default}` placeholders, which the router fills from its
 * environment, must be well formed and may choose a label inside a fixed
 * registrable domain (`https://${RESOURCE}.openai.azure.com`), never the
 * domain itself; a default must be safe once filled in.
 */
import { createRequire } from "node:module";
import type ipaddrModule from "ipaddr.js";
import type * as tldtsModule from "tldts";
import { readMemo, writeMemo } from "../cache/memo.ts";
import { formatPath, type DataPath } from "../problems.ts";
import { asArray, asRecord, asString } from "../data.ts";
import { toolchainFileStamp } from "../toolchain.ts";
import { defineRule } from "./types.ts";

type IPv4 = ipaddrModule.IPv4;
type IPv6 = ipaddrModule.IPv6;
let ipaddrLoaded: typeof ipaddrModule | undefined;
/** Loaded only for a URL whose host is an IP literal: almost every registry has none. */
function ipaddrLibrary(): typeof ipaddrModule {
  return (ipaddrLoaded ??= createRequire(import.meta.url)("ipaddr.js") as typeof ipaddrModule);
}
let tldtsLoaded: typeof tldtsModule | undefined;
/** Loaded only for a URL with a placeholder in its host (a handful per registry), and only when the memo below has no answer. */
function tldtsLibrary(): typeof tldtsModule {
  return (tldtsLoaded ??= createRequire(import.meta.url)("tldts") as typeof tldtsModule);
}

/**
 * The public-suffix answers already computed, as a toolchain memo
 * (../cache/memo.ts): loading tldts (its list is 220 kB of JavaScript) costs
 * 11–22 ms, a tenth of a small registry's run, for the one or two hosts with
 * a placeholder. An answer depends only on the host and the installed list,
 * so the memo is stamped by tldts itself; any reinstall starts it afresh.
 */
const SUFFIX_MEMO = "public-suffixes";
/** Hosts remembered at most (the oldest are dropped): a registry has a handful. */
const SUFFIX_MEMO_HOSTS = 1000;

type Domains = Record<string, string | null>;
const isDomains = (value: unknown): value is Domains => typeof value === "object" && value !== null && !Array.isArray(value);
let suffixMemo: { stamp: string | undefined; domains: Domains } | undefined;

function openSuffixMemo(): { stamp: string | undefined; domains: Domains } {
  if (suffixMemo) return suffixMemo;
  let stamp: string | undefined;
  try {
    stamp = toolchainFileStamp(createRequire(import.meta.url).resolve("tldts"));
  } catch {
    // not resolvable: no stamp, no memo, every answer comes from tldts
  }
  return (suffixMemo = { stamp, domains: (stamp !== undefined && readMemo(SUFFIX_MEMO, stamp, isDomains)) || {} });
}

function saveSuffixMemo(memo: { stamp: string | undefined; domains: Domains }): void {
  if (memo.stamp === undefined) return;
  const hosts = Object.keys(memo.domains);
  for (const host of hosts.slice(0, Math.max(0, hosts.length - SUFFIX_MEMO_HOSTS))) delete memo.domains[host];
  writeMemo(SUFFIX_MEMO, memo.stamp, memo.domains);
}

/** The registrable domain of `host` by the public-suffix list, private domains included (null when it has none). */
function registrableDomain(host: string): string | null {
  const memo = openSuffixMemo();
  const known = Object.hasOwn(memo.domains, host) ? memo.domains[host] : undefined;
  if (typeof known === "string" || known === null) return known;
  const domain = tldtsLibrary().getDomain(host, { allowPrivateDomains: true });
  memo.domains[host] = domain;
  saveSuffixMemo(memo);
  return domain;
}

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

// ── Placeholders ─────────────────────────────────────────────────────────

const PLACEHOLDER = /\$\{([A-Z][A-Z0-9_]*)(?::-([^}]*))?\}/g;
/** A default stays inside its place in the URL: no `/`, `?`, `#`, `@`, `:` or `%`. */
const SAFE_DEFAULT = /^[A-Za-z0-9._~-]*$/;
/** Stands for a placeholder's value while the URL's structure is judged: a plain label no real host has. */
const marker = (n: number) => `zzplaceholder${n}zz`;

/** The URL with every placeholder replaced: by its default where `withDefaults` and it has one, else by a marker label. */
function fill(value: string, withDefaults: boolean): string {
  let n = 0;
  return value.replace(PLACEHOLDER, (_match, _name: string, fallback: string | undefined) => (withDefaults && fallback !== undefined ? fallback : marker(n++)));
}

/** What is wrong with the placeholders of an https URL, or undefined (also when it has none). */
export function placeholderReason(value: string): string | undefined {
  if (!value.includes("$")) return undefined;
  const stray = value.replace(PLACEHOLDER, "").indexOf("$");
  if (stray !== -1) {
    const written = /\$(?:\{[^}/?#]*\}?|[A-Za-z0-9_]*)/.exec(value.replace(PLACEHOLDER, ""))?.[0] ?? "$";
    return `has a malformed placeholder \`${written}\`: write \`\${VAR}\` or \`\${VAR:-default}\`, VAR being upper-case letters, digits and \`_\` (starting with a letter)`;
  }
  for (const match of value.matchAll(PLACEHOLDER)) {
    const fallback = match[2];
    if (fallback !== undefined && !SAFE_DEFAULT.test(fallback)) {
      return `gives \`${match[0]}\` the default \`${fallback}\`, which could change the URL's structure: a default holds only letters, digits, \`.\`, \`_\`, \`~\` and \`-\``;
    }
  }
  // The host, with each placeholder as a marker label: the registrable domain must be fixed text.
  const marked = fill(value, false);
  const authority = /^https:\/\/([^/?#]*)/.exec(marked)?.[1] ?? "";
  const host = authority.slice(authority.lastIndexOf("@") + 1).replace(/:[^:\]]*$/, "");
  if (host.includes("zzplaceholder")) {
    const domain = registrableDomain(host);
    if (domain === null || domain.includes("zzplaceholder")) {
      const names = [...value.matchAll(PLACEHOLDER)].map((match) => `\`${match[0]}\``).join(", ");
      return `lets ${names} choose the whole host: a placeholder must be a label inside a fixed registrable domain, as in \`https://\${RESOURCE}.openai.azure.com\``;
    }
  }
  if (value.match(PLACEHOLDER)?.some((placeholder) => placeholder.includes(":-"))) {
    const filled = fill(value, true);
    const reason = unsafeUrlReason(filled);
    if (reason) return `with its default filled in (\`${filled}\`) ${reason}`;
  }
  return undefined;
}

/** The URL with placeholders replaced by plain labels, so the ordinary checks can parse it. */
function concrete(value: string): string {
  return value.includes("$") ? fill(value, false) : value;
}

const METADATA_URLS = ["privacy_policy_url", "status_page_url", "terms_of_service_url"] as const;

export default defineRule({
  id: "insecure-url",
  severity: "error",
  summary:
    "a URL field that is not https, whose placeholders are malformed, choose the whole host or default to something unsafe, that carries user:password, or points at localhost, a loopback, private, link-local or unique-local address (including cloud metadata addresses)",
  provider({ raw }, _index, report) {
    const autoSync = asRecord(raw.auto_sync);
    const metadata = asRecord(raw.metadata);
    const fields: Array<[DataPath, unknown]> = [
      [["api_base"], raw.api_base],
      [["doc_url"], raw.doc_url],
      [["auto_sync", "url"], autoSync?.url],
    ];
    asArray(autoSync?.urls).forEach((url, i) => fields.push([["auto_sync", "urls", i], url]));
    if (metadata) for (const key of METADATA_URLS) fields.push([["metadata", key], metadata[key]]);
    for (const [protocol, url] of Object.entries(asRecord(raw.protocol_endpoints) ?? {})) fields.push([["protocol_endpoints", protocol], url]);
    for (const [path, value] of fields) {
      const url = asString(value);
      // Non-https values fail the schema, which reports them under this rule id.
      if (url === undefined || !url.startsWith("https://")) continue;
      const placeholder = placeholderReason(url);
      if (placeholder) {
        report({ path, message: `\`${formatPath(path)}\` ${placeholder}` });
        continue;
      }
      const reason = unsafeUrlReason(concrete(url));
      if (!reason) continue;
      const fix = reason.startsWith("points at")
        ? ": the router would call into its own network (SSRF) — use the provider's public https endpoint"
        : " — use the provider's public https endpoint";
      report({ path, message: `\`${formatPath(path)}\` ${reason}${fix}` });
    }
  },
});
