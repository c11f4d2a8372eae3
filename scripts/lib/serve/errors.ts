/**
 * Errors are data: a handler throws an `ApiError`, the server writes it as
 * `{ "error": { "code", "message" } }` with its status. Anything else thrown
 * becomes a bare 500 — its message and stack stay in the server's log.
 */
import { didYouMean } from "../suggest.ts";

export type ErrorCode =
  | "not_found"
  | "unknown_provider"
  | "unknown_model"
  | "bad_query"
  | "bad_path"
  | "method_not_allowed"
  | "uri_too_long"
  | "view_not_built"
  | "not_routable"
  | "not_acceptable"
  | "headers_too_large"
  | "request_timeout"
  | "bad_request"
  | "not_ready"
  | "internal";

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
  }
}

export function unknownProvider(name: string, known: Iterable<string>): ApiError {
  return new ApiError(404, "unknown_provider", `unknown provider \`${name}\`${didYouMean(name, known)}`);
}

export function unknownModel(id: string, known: Iterable<string>): ApiError {
  return new ApiError(404, "unknown_model", `unknown model \`${id}\`${didYouMean(id, known)}`);
}

export function badQuery(message: string): ApiError {
  return new ApiError(400, "bad_query", message);
}

export function errorBody(code: ErrorCode, message: string): string {
  return `${JSON.stringify({ error: { code, message } })}\n`;
}
