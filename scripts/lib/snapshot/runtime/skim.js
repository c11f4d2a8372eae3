// Skimming a snapshot view: where each record of its `data` array starts and
// ends, and the few fields the lookups need, read from the bytes without
// building the records. A view at 10,000 providers is 200+ MB of JSON; parsed
// whole it is three times that on the heap, skimmed it is its bytes and a few
// small arrays, and each record is parsed only when asked for.
//
// Same reading as JSON.parse where it matters: the last of duplicate keys
// wins, escaped keys are decoded before they are compared, values are decoded
// by JSON.parse itself. Anything the skimmer does not expect throws
// `Malformed`, and the caller falls back to parsing the whole view.

export class Malformed extends Error {}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const COLON = 0x3a;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;

/** Byte classes for the scanning loops: one table load per byte. */
const PLAIN = 0;
const SPACE = 1;
const STRING = 2;
const OPEN = 3;
const CLOSE = 4;
const DELIMITER = 5;
const CLASS = new Uint8Array(256);
for (const byte of [0x20, 0x0a, 0x0d, 0x09]) CLASS[byte] = SPACE;
CLASS[QUOTE] = STRING;
CLASS[OPEN_OBJECT] = OPEN;
CLASS[OPEN_ARRAY] = OPEN;
CLASS[CLOSE_OBJECT] = CLOSE;
CLASS[CLOSE_ARRAY] = CLOSE;
CLASS[COMMA] = DELIMITER;
CLASS[COLON] = DELIMITER;

function spaceEnd(bytes, at, length) {
  while (at < length && CLASS[bytes[at]] === SPACE) at++;
  return at;
}

/** Past the string whose opening quote is at `at`. */
function stringEnd(bytes, at, length) {
  at++;
  while (at < length) {
    const byte = bytes[at];
    if (byte === QUOTE) return at + 1;
    at += byte === BACKSLASH ? 2 : 1;
  }
  throw new Malformed("unterminated string");
}

/** Past the object or array whose opening bracket is at `at` (brackets are counted, not matched: JSON.parse checks them when the record is read). */
function containerEnd(bytes, at, length) {
  let depth = 0;
  while (at < length) {
    const kind = CLASS[bytes[at]];
    if (kind === STRING) {
      at = stringEnd(bytes, at, length);
      continue;
    }
    if (kind === OPEN) depth++;
    else if (kind === CLOSE && --depth === 0) return at + 1;
    at++;
  }
  throw new Malformed("unterminated container");
}

/** Past a number, true, false or null. */
function scalarEnd(bytes, at, length) {
  const start = at;
  while (at < length) {
    const kind = CLASS[bytes[at]];
    if (kind !== PLAIN) break;
    at++;
  }
  if (at === start) throw new Malformed("missing value");
  return at;
}

function hasEscape(bytes, start, end) {
  for (let at = start; at < end; at++) if (bytes[at] === BACKSLASH) return true;
  return false;
}

/** The JSON value in `bytes` from `start` to `end`, decoded as JSON.parse decodes it. */
export function decodeValue(bytes, start, end) {
  if (bytes[start] === QUOTE && !hasEscape(bytes, start + 1, end - 1)) return bytes.toString("utf8", start + 1, end - 1);
  return JSON.parse(bytes.toString("utf8", start, end));
}

class Cursor {
  constructor(bytes) {
    this.bytes = bytes;
    this.length = bytes.length;
    this.at = 0;
    /** The last key read: its raw range, quotes included. */
    this.keyStart = 0;
    this.keyEnd = 0;
  }

  peek() {
    this.at = spaceEnd(this.bytes, this.at, this.length);
    return this.bytes[this.at];
  }

  /** Steps over the value at the cursor without reading it. */
  skip() {
    const { bytes, at, length } = this;
    const kind = CLASS[bytes[at]];
    this.at = kind === STRING ? stringEnd(bytes, at, length) : kind === OPEN ? containerEnd(bytes, at, length) : scalarEnd(bytes, at, length);
  }

  /** The value at the cursor, decoded as JSON.parse decodes it. */
  value() {
    const start = this.at;
    this.skip();
    return decodeValue(this.bytes, start, this.at);
  }

  /** Steps over the value at the cursor; where it started (it ends at `at`). */
  valueStart() {
    const start = this.at;
    this.skip();
    return start;
  }

  /** Enters the container at the cursor; false (and past it) when it is empty. */
  enter(open, close) {
    if (this.peek() !== open) throw new Malformed("unexpected value");
    this.at++;
    if (this.peek() === close) {
      this.at++;
      return false;
    }
    return true;
  }

  /** After a member or element: true when another follows, false (and past the container) at its end. */
  more(close) {
    const byte = this.peek();
    if (byte === COMMA) {
      this.at = spaceEnd(this.bytes, this.at + 1, this.length);
      return true;
    }
    if (byte === close) {
      this.at++;
      return false;
    }
    throw new Malformed("expected , or the end of a container");
  }

  /** Reads a member's key and its colon; the cursor is left on the value. */
  key() {
    if (this.peek() !== QUOTE) throw new Malformed("expected a key");
    this.keyStart = this.at;
    this.at = stringEnd(this.bytes, this.at, this.length);
    this.keyEnd = this.at;
    if (this.peek() !== COLON) throw new Malformed("expected :");
    this.at = spaceEnd(this.bytes, this.at + 1, this.length);
  }

  /** Whether the last key is `name` (ASCII). */
  keyIs(name) {
    const { bytes, keyStart, keyEnd } = this;
    if (keyEnd - keyStart - 2 === name.length) {
      let same = true;
      for (let i = 0; i < name.length; i++) {
        if (bytes[keyStart + 1 + i] !== name.charCodeAt(i)) {
          same = false;
          break;
        }
      }
      if (same) return true;
    }
    return hasEscape(bytes, keyStart + 1, keyEnd - 1) && JSON.parse(bytes.toString("utf8", keyStart, keyEnd)) === name;
  }

  /** Only whitespace may follow the document. */
  finish() {
    if (this.peek() !== undefined) throw new Malformed("text after the document");
  }
}

/**
 * The records of a view (`{ "data": [ {...}, … ] }`): for each object in
 * `data`, its byte range and what `readRecord(cursor, member)` collected
 * from its members (called once per member with the cursor on its value; it
 * must read or skip that value). Elements that are not objects are left out,
 * as the module leaves them out of a parsed view.
 */
function skimRecords(bytes, startRecord, readMember) {
  const cursor = new Cursor(bytes);
  let records = { starts: [], ends: [], fields: [] };
  if (cursor.enter(OPEN_OBJECT, CLOSE_OBJECT)) {
    do {
      cursor.key();
      if (!cursor.keyIs("data")) {
        cursor.skip();
        continue;
      }
      // The last `data` wins, as in JSON.parse.
      records = { starts: [], ends: [], fields: [] };
      if (cursor.peek() !== OPEN_ARRAY) {
        cursor.skip();
        continue;
      }
      if (!cursor.enter(OPEN_ARRAY, CLOSE_ARRAY)) continue;
      do {
        if (cursor.peek() !== OPEN_OBJECT) {
          cursor.skip();
          continue;
        }
        const start = cursor.at;
        const fields = startRecord();
        if (cursor.enter(OPEN_OBJECT, CLOSE_OBJECT)) {
          do {
            cursor.key();
            readMember(cursor, fields);
          } while (cursor.more(CLOSE_OBJECT));
        }
        records.starts.push(start);
        records.ends.push(cursor.at);
        records.fields.push(fields);
      } while (cursor.more(CLOSE_ARRAY));
    } while (cursor.more(CLOSE_OBJECT));
  }
  cursor.finish();
  return records;
}

/** Marks a field the record does not have. */
export const ABSENT = undefined;

/**
 * A model view's records: each one's `id`, and for each object in its
 * `providers` array, its `provider` as a string (`String(value)`, as the
 * lookups key it), where its `provider_model_id` value is (decoded only when
 * a lookup needs it) and its position in the array.
 */
export function skimModels(bytes) {
  return skimRecords(
    bytes,
    () => ({ id: ABSENT, entries: [] }),
    (cursor, fields) => {
      if (cursor.keyIs("id")) fields.id = cursor.value();
      else if (cursor.keyIs("providers")) fields.entries = skimEntries(cursor);
      else cursor.skip();
    },
  );
}

/**
 * Flat quadruples: provider, then the `provider_model_id` value's byte range
 * (start, end; "undefined", -1 when the entry has none), then the position.
 */
function skimEntries(cursor) {
  const entries = [];
  if (cursor.peek() !== OPEN_ARRAY) {
    cursor.skip();
    return entries;
  }
  if (!cursor.enter(OPEN_ARRAY, CLOSE_ARRAY)) return entries;
  let position = 0;
  do {
    if (cursor.peek() === OPEN_OBJECT) {
      let provider = ABSENT;
      let ownIdStart = "undefined";
      let ownIdEnd = -1;
      if (cursor.enter(OPEN_OBJECT, CLOSE_OBJECT)) {
        do {
          cursor.key();
          if (cursor.keyIs("provider")) provider = cursor.value();
          else if (cursor.keyIs("provider_model_id")) {
            ownIdStart = cursor.valueStart();
            ownIdEnd = cursor.at;
          } else cursor.skip();
        } while (cursor.more(CLOSE_OBJECT));
      }
      entries.push(String(provider), ownIdStart, ownIdEnd, position);
    } else cursor.skip();
    position++;
  } while (cursor.more(CLOSE_ARRAY));
  return entries;
}

/** A provider view's records: each one's `name` and `status`. */
export function skimProviders(bytes) {
  return skimRecords(
    bytes,
    () => ({ name: ABSENT, status: ABSENT }),
    (cursor, fields) => {
      if (cursor.keyIs("name")) fields.name = cursor.value();
      else if (cursor.keyIs("status")) fields.status = cursor.value();
      else cursor.skip();
    },
  );
}
