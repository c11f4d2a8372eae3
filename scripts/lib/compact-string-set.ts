/**
 * A read-only set of strings laid out for lookups from a hot loop: the
 * strings end to end in one string, found through a table of integers.
 *
 * `unknown-canonical` looks up every provider model's id among the
 * canonical ids, right after its file is parsed. A `Set` holds its keys as
 * separate strings wherever the canonical file's parse left them, and by then
 * each file's parse has pushed them out of the processor's caches: at 1,000
 * providers × 50 models, 50,000 lookups cost 30–38 ms of a 700 ms run. Here
 * a lookup touches a few integers and one run of characters (16–19 ms).
 */
export class CompactStringSet {
  /** Every string once, end to end. */
  private readonly text: string;
  private readonly starts: Int32Array;
  private readonly lengths: Int32Array;
  /** Open addressing by hash, linear probing: the string's number, or -1 for an empty slot. */
  private readonly slots: Int32Array;
  private readonly mask: number;

  constructor(strings: Iterable<string>) {
    const unique = [...new Set(strings)];
    this.text = unique.join("");
    this.starts = new Int32Array(unique.length);
    this.lengths = new Int32Array(unique.length);
    // At most half full, so a probe ends soon.
    let size = 2;
    while (size < unique.length * 2) size *= 2;
    this.slots = new Int32Array(size).fill(-1);
    this.mask = size - 1;
    let start = 0;
    for (let n = 0; n < unique.length; n++) {
      const value = unique[n]!;
      this.starts[n] = start;
      this.lengths[n] = value.length;
      start += value.length;
      let slot = hash(value) & this.mask;
      while (this.slots[slot] !== -1) slot = (slot + 1) & this.mask;
      this.slots[slot] = n;
    }
  }

  has(value: string): boolean {
    let slot = hash(value) & this.mask;
    for (let n = this.slots[slot]!; n !== -1; n = this.slots[slot]!) {
      if (this.lengths[n] === value.length && this.text.startsWith(value, this.starts[n])) return true;
      slot = (slot + 1) & this.mask;
    }
    return false;
  }
}

/** FNV-1a over UTF-16 code units: cheap, and spreads ids that share long prefixes (`openai/gpt-4o-…`). */
function hash(value: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < value.length; i++) h = Math.imul(h ^ value.charCodeAt(i), 0x01000193);
  return h >>> 0;
}
