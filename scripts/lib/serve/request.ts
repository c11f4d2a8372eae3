/**
 * Reading a request target as hostile input: the path is split into
 * segments and each decoded once; anything that could mean another path
 * once decoded (`..`, encoded slashes or backslashes, NUL) is refused rather
 * than normalised, and so is a query parameter the route does not declare.
 */
import { didYouMean } from "../suggest.ts";
import { ApiError, badQuery } from "./errors.ts";
import type { QueryParameter } from "./routes.ts";

export interface Target {
  /** The raw path, as sent. */
  path: string;
  /** Decoded segments (no leading empty one). */
  segments: string[];
  /** The raw query string, without `?` (empty when none). */
  query: string;
}

function badPath(message: string): ApiError {
  return new ApiError(400, "bad_path", message);
}

/** Percent-escapes that decode to a separator or NUL: never meaningful in a route, often an attack. */
const DANGEROUS_ESCAPE = /%(?:2f|5c|00)/i;

export function parseTarget(url: string): Target {
  if (!url.startsWith("/")) throw badPath("the request target must be a path starting with `/`");
  const q = url.indexOf("?");
  const path = q === -1 ? url : url.slice(0, q);
  const query = q === -1 ? "" : url.slice(q + 1);
  if (path.includes("\\") || path.includes("\0")) throw badPath("the path contains a backslash or NUL");
  if (path.includes("%") && DANGEROUS_ESCAPE.test(path)) throw badPath("the path contains an encoded slash, backslash or NUL");
  const raw = path.slice(1).split("/");
  const segments = raw.map((segment) => {
    let decoded = segment;
    if (segment.includes("%")) {
      try {
        decoded = decodeURIComponent(segment);
      } catch {
        throw badPath("the path has a malformed percent-escape");
      }
    }
    if (decoded === "." || decoded === "..") throw badPath("the path contains a `.` or `..` segment");
    return decoded;
  });
  return { path, segments, query };
}

/**
 * The declared query parameters, each given once with a non-empty value;
 * required ones present. Unknown parameters are refused (with the closest
 * declared name), so a typo never silently widens an answer.
 */
export function parseQuery(query: string, declared: readonly QueryParameter[]): Record<string, string> {
  const values: Record<string, string> = {};
  if (query !== "") {
    let params: URLSearchParams;
    try {
      params = new URLSearchParams(query);
    } catch {
      throw badQuery("the query string is malformed");
    }
    const names = declared.map((parameter) => parameter.name);
    for (const [name, value] of params) {
      if (!names.includes(name)) {
        const accepted = names.length === 0 ? "this route takes no query parameters" : `it takes ${names.map((n) => `\`${n}\``).join(", ")}`;
        throw badQuery(`unknown query parameter \`${name}\`${didYouMean(name, names)}; ${accepted}`);
      }
      if (Object.hasOwn(values, name)) throw badQuery(`query parameter \`${name}\` is given more than once`);
      if (value === "") throw badQuery(`query parameter \`${name}\` is empty`);
      if (value.includes("\0")) throw badQuery(`query parameter \`${name}\` contains NUL`);
      values[name] = value;
    }
  }
  for (const parameter of declared)
    if (parameter.required && values[parameter.name] === undefined)
      throw badQuery(`query parameter \`${parameter.name}\` is required: ${parameter.description}`);
  return values;
}

/** The same answer for the same parameters in any order: the cache key. */
export function queryKey(values: Record<string, string>): string {
  const names = Object.keys(values).sort();
  return names.map((name) => `${encodeURIComponent(name)}=${encodeURIComponent(values[name]!)}`).join("&");
}
