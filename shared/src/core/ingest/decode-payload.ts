import { InputRejectedError } from '../domain/errors';
import { MAX_JSON_DEPTH, jsonTextDepth } from './json-depth';

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

// fatal: every malformed form (truncated or overlong sequences, encoded surrogates, stray
// continuation bytes, 0xC0/0xC1/0xF5..0xFF) throws instead of turning into U+FFFD.
const STRICT_UTF8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Decodes standard base64 strictly (Buffer.from alone silently drops invalid characters), then the
 * bytes as UTF-8. One rule for text that is not UTF-8, whatever the form: rejected as not_utf8,
 * never stored with replacement characters.
 */
export function decodeBase64Strict(text: string, maxDecodedBytes: number): string {
  const compact = text.replace(/\s+/g, '');
  if (compact.length === 0) throw new InputRejectedError('not_base64', 'message.data is empty');
  // Size is checked before decoding so an oversized message costs no allocation.
  const decodedBytes = Math.floor((compact.length * 3) / 4);
  if (decodedBytes > maxDecodedBytes) {
    throw new InputRejectedError('oversized', `payload is ${decodedBytes} bytes, over the ${maxDecodedBytes}-byte limit`);
  }
  if (compact.length % 4 !== 0 || !BASE64.test(compact)) {
    throw new InputRejectedError('not_base64', 'message.data is not valid base64');
  }
  return decodeUtf8Strict(Buffer.from(compact, 'base64'));
}

export function decodeUtf8Strict(bytes: Uint8Array): string {
  try {
    return STRICT_UTF8.decode(bytes);
  } catch {
    throw new InputRejectedError('not_utf8', `message.data is not UTF-8: malformed sequence at byte ${firstMalformedByte(bytes)}`);
  }
}

/** Offset of the first byte that does not start a well-formed UTF-8 sequence (RFC 3629 table 3-7), for the rejection message. */
function firstMalformedByte(bytes: Uint8Array): number {
  let index = 0;
  while (index < bytes.length) {
    const length = wellFormedSequenceLength(bytes, index);
    if (length === 0) return index;
    index += length;
  }
  return bytes.length;
}

function wellFormedSequenceLength(bytes: Uint8Array, at: number): number {
  const lead = bytes[at] as number;
  if (lead < 0x80) return 1;
  const [length, low, high] = lead >= 0xc2 && lead <= 0xdf ? [2, 0x80, 0xbf]
    : lead === 0xe0 ? [3, 0xa0, 0xbf]
    : lead === 0xed ? [3, 0x80, 0x9f]
    : lead >= 0xe1 && lead <= 0xef ? [3, 0x80, 0xbf]
    : lead === 0xf0 ? [4, 0x90, 0xbf]
    : lead === 0xf4 ? [4, 0x80, 0x8f]
    : lead >= 0xf1 && lead <= 0xf3 ? [4, 0x80, 0xbf]
    : [0, 0, 0];
  if (length === 0 || at + length > bytes.length) return 0;
  const second = bytes[at + 1] as number;
  if (second < low || second > high) return 0;
  for (let offset = 2; offset < length; offset += 1) {
    const next = bytes[at + offset] as number;
    if (next < 0x80 || next > 0xbf) return 0;
  }
  return length;
}

/**
 * JSON.parse with the two refusals every later stage relies on: nesting bounded before anything
 * recursive walks the value, and no lone surrogate escapes ("\ud800"), which are not text either.
 */
export function parseJsonStrict(text: string, maxDepth = MAX_JSON_DEPTH): unknown {
  const depth = jsonTextDepth(text, maxDepth);
  if (depth > maxDepth) throw new InputRejectedError('too_deep', `payload nests deeper than ${maxDepth} levels`);
  let value: unknown;
  try {
    value = JSON.parse(text) as unknown;
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    throw new InputRejectedError('not_json', `payload is not JSON: ${detail.slice(0, 200)}`);
  }
  const surrogate = loneSurrogateIn(value);
  if (surrogate !== undefined) throw new InputRejectedError('not_utf8', `payload has a lone surrogate \\u${surrogate.toString(16)} in a string`);
  return value;
}

/** First unpaired UTF-16 surrogate in any string or key of a parsed value (depth already bounded). */
function loneSurrogateIn(value: unknown): number | undefined {
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const item = stack.pop();
    if (typeof item === 'string') {
      const found = loneSurrogate(item);
      if (found !== undefined) return found;
    } else if (Array.isArray(item)) {
      for (const inner of item) stack.push(inner);
    } else if (typeof item === 'object' && item !== null) {
      for (const [key, inner] of Object.entries(item)) stack.push(key, inner);
    }
  }
  return undefined;
}

function loneSurrogate(text: string): number | undefined {
  for (let index = 0; index < text.length; index += 1) {
    const code = text.charCodeAt(index);
    if (code < 0xd800 || code > 0xdfff) continue;
    const next = text.charCodeAt(index + 1);
    if (code <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
      index += 1;
      continue;
    }
    return code;
  }
  return undefined;
}

/**
 * Bytes as readable text for a rejection record: well-formed UTF-8 as is, every malformed byte as
 * "\xNN", so the record shows what was wrong without a replacement character hiding it.
 */
export function bytesForRecord(bytes: Uint8Array): string {
  const parts: string[] = [];
  let runStart = 0;
  let index = 0;
  while (index < bytes.length) {
    const length = wellFormedSequenceLength(bytes, index);
    if (length > 0) {
      index += length;
      continue;
    }
    if (index > runStart) parts.push(STRICT_UTF8.decode(bytes.subarray(runStart, index)));
    parts.push(`\\x${(bytes[index] as number).toString(16).toUpperCase().padStart(2, '0')}`);
    index += 1;
    runStart = index;
  }
  if (index > runStart) parts.push(STRICT_UTF8.decode(bytes.subarray(runStart, index)));
  return parts.join('');
}

/** The first `maxBytes` of base64 data, decoded for a rejection record; undefined when it is not base64 at all. */
export function base64HeadForRecord(base64: string, maxBytes: number): string | undefined {
  const compact = base64.replace(/\s+/g, '');
  const head = compact.slice(0, Math.ceil(maxBytes / 3) * 4);
  if (head.length === 0 || head.length % 4 !== 0 || !BASE64.test(head)) return undefined;
  return bytesForRecord(Buffer.from(head, 'base64'));
}
