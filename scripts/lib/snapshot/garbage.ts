/**
 * Bun lets its heap grow far beyond what is live before collecting; the
 * snapshot's hot loops ask it to collect at their own pace. Elsewhere (Node,
 * the tests) these are no-ops.
 */
const gc = (globalThis as { Bun?: { gc(force: boolean): void } }).Bun?.gc;

/** A minor, incremental collection. */
export const collectGarbage: () => void = gc ? () => gc(false) : () => {};
/** A full collection, at once. */
export const collectFully: () => void = gc ? () => gc(true) : () => {};
