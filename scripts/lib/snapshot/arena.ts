/**
 * Append-only storage for many rendered texts as UTF-8 bytes outside the
 * JavaScript heap. At 10,000 providers the views hold a million rendered
 * fragments; as strings they would cost the garbage collector dearly and
 * double in memory, as bytes they are one copy and a few typed arrays.
 */

const CHUNK = 16 << 20;
/** Worst-case UTF-8 bytes per UTF-16 code unit. */
const MAX_BYTES_PER_UNIT = 3;

/** Where rendered bytes go: batched, hashed and written (or compared) by the caller. */
export interface ByteSink {
  text(text: string): void;
  bytes(source: Buffer, start: number, end: number): void;
}

export class ByteArena {
  private readonly chunks: Buffer[] = [];
  private current: Buffer = Buffer.alloc(0);
  private used = 0;
  private chunkOf = new Int32Array(1024);
  private startOf = new Int32Array(1024);
  private endOf = new Int32Array(1024);
  /** Number of texts stored. */
  size = 0;

  /** Stores `text`; returns its index. */
  add(text: string): number {
    const start = this.reserve(text.length * MAX_BYTES_PER_UNIT);
    this.used += this.current.write(text, start, "utf8");
    return this.record(start);
  }

  /** Stores `parts` one after the other as one text; returns its index. */
  addBytes(...parts: Buffer[]): number {
    const start = this.reserve(parts.reduce((sum, part) => sum + part.length, 0));
    for (const part of parts) this.used += part.copy(this.current, this.used);
    return this.record(start);
  }

  /** Where text `index` lives: its chunk and byte range. */
  locate(index: number): { chunk: Buffer; start: number; end: number } {
    return { chunk: this.chunks[this.chunkOf[index]!]!, start: this.startOf[index]!, end: this.endOf[index]! };
  }

  /** Sends the bytes of text `index` to `sink`. */
  copyTo(index: number, sink: ByteSink): void {
    sink.bytes(this.chunks[this.chunkOf[index]!]!, this.startOf[index]!, this.endOf[index]!);
  }

  /** Makes room for up to `bytes` more in the current chunk; returns where they start. */
  private reserve(bytes: number): number {
    if (this.current.length - this.used < bytes) {
      this.current = Buffer.allocUnsafe(Math.max(CHUNK, bytes));
      this.chunks.push(this.current);
      this.used = 0;
    }
    return this.used;
  }

  /** Records the text written from `start` to the end of what is used; returns its index. */
  private record(start: number): number {
    const index = this.size++;
    if (index === this.chunkOf.length) this.grow();
    this.chunkOf[index] = this.chunks.length - 1;
    this.startOf[index] = start;
    this.endOf[index] = this.used;
    return index;
  }

  private grow(): void {
    const widen = (array: Int32Array) => {
      const wider = new Int32Array(array.length * 2);
      wider.set(array);
      return wider;
    };
    this.chunkOf = widen(this.chunkOf);
    this.startOf = widen(this.startOf);
    this.endOf = widen(this.endOf);
  }
}

/** Rows of a fixed number of 32-bit integers, growing as needed. */
export class IntRows {
  private data: Int32Array;
  /** Number of rows. */
  size = 0;

  constructor(readonly width: number) {
    this.data = new Int32Array(width * 1024);
  }

  /** Appends a row of zeros; returns its index. */
  add(): number {
    if ((this.size + 1) * this.width > this.data.length) {
      const wider = new Int32Array(this.data.length * 2);
      wider.set(this.data);
      this.data = wider;
    }
    return this.size++;
  }

  set(row: number, column: number, value: number): void {
    this.data[row * this.width + column] = value;
  }

  get(row: number, column: number): number {
    return this.data[row * this.width + column]!;
  }
}
