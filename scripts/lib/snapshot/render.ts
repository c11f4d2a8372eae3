/**
 * Deterministic JSON text: keys sorted at every level, arrays in their order,
 * two-space indentation — `JSON.stringify(sortKeys(value), null, 2)` — but
 * renderable piece by piece at any nesting depth, so a view is written as a
 * stream of fragments and never held as one object.
 *
 * The engine's own JSON.stringify does the printing (a hand-written printer
 * is an order of magnitude slower at 500,000 entries). Like every
 * JSON.stringify-based writer, including the upstream tool whose output the
 * router reads, integer-like keys ("9", "10") come first in numeric order.
 */

/** A copy of `value` whose objects have their keys in sorted order; `undefined` fields dropped. */
export function sortKeys(value: unknown): unknown {
  if (value === null || typeof value !== "object") return value;
  if (Array.isArray(value)) return value.map(sortKeys);
  return sortFields(value as Record<string, unknown>, true);
}

/** Sorts the fields of one object; nested values are sorted too when `deep`. */
export function sortFields(record: Record<string, unknown>, deep = false): Record<string, unknown> {
  const sorted: Record<string, unknown> = {};
  for (const key of Object.keys(record).sort()) {
    const field = record[key];
    if (field !== undefined) sorted[key] = deep ? sortKeys(field) : field;
  }
  return sorted;
}

const frames = new Map<number, { prefix: number; suffix: number }>();

/** Where a value nested `depth` levels deep starts and ends inside its pretty-printed wrapper. */
function frame(depth: number): { prefix: number; suffix: number } {
  let known = frames.get(depth);
  if (!known) {
    const text = JSON.stringify(nest(0, depth), null, 2);
    const at = text.indexOf("0");
    known = { prefix: at, suffix: text.length - at - 1 };
    frames.set(depth, known);
  }
  return known;
}

function nest(value: unknown, depth: number): unknown {
  let nested = value;
  for (let d = 0; d < depth; d++) nested = [nested];
  return nested;
}

/**
 * `value` (keys already sorted) as pretty JSON text for a position `depth`
 * levels deep: its first line unindented, its later lines and closing bracket
 * indented for that depth.
 */
export function renderAt(value: unknown, depth: number): string {
  if (depth === 0) return JSON.stringify(value, null, 2);
  const { prefix, suffix } = frame(depth);
  const text = JSON.stringify(nest(value, depth), null, 2);
  return text.slice(prefix, text.length - suffix);
}

/**
 * `value` as Rust's serde_json writes an `f64` (the `ryu` crate's format):
 * the shortest digits that read back as the same number, always with a
 * fraction or an exponent — `2.0`, `0.125`, `1e-7`, `1.5e16`, `1e21`. The
 * router's own build writes prices and weights this way.
 */
export function formatF64(value: number): string {
  if (!Number.isFinite(value)) throw new RangeError(`${value} is not a finite number`);
  if (value === 0) return Object.is(value, -0) ? "-0.0" : "0.0";
  const sign = value < 0 ? "-" : "";
  // JavaScript's shortest round-trip digits are ryu's: only the layout differs.
  const [mantissa, exponent] = Math.abs(value).toExponential().split("e") as [string, string];
  const digits = mantissa.replace(".", "");
  const length = digits.length;
  const kk = Number(exponent) + 1; // 10^(kk-1) <= |value| < 10^kk
  const k = kk - length;
  if (k >= 0 && kk <= 16) return `${sign}${digits}${"0".repeat(k)}.0`;
  if (kk > 0 && kk <= 16) return `${sign}${digits.slice(0, kk)}.${digits.slice(kk)}`;
  if (kk > -5 && kk <= 0) return `${sign}0.${"0".repeat(-kk)}${digits}`;
  const fraction = length === 1 ? "" : `.${digits.slice(1)}`;
  return `${sign}${digits[0]}${fraction}e${kk - 1}`;
}
