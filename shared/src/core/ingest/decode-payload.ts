import { InputRejectedError } from '../domain/errors';

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/** Decodes standard base64 strictly: Buffer.from alone silently drops invalid characters. */
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
  const bytes = Buffer.from(compact, 'base64');
  const text8 = bytes.toString('utf8');
  if (Buffer.byteLength(text8, 'utf8') !== bytes.length && text8.includes('\uFFFD')) {
    throw new InputRejectedError('not_json', 'message.data decodes to bytes that are not UTF-8 text');
  }
  return text8;
}

export function parseJsonStrict(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    throw new InputRejectedError('not_json', `payload is not JSON: ${detail}`);
  }
}
