/**
 * Reads the timestamps metric exports use, without Date.parse's local-time guess:
 * `YYYY-MM-DD[T ]HH:MM[:SS[.fraction]]` (UTC unless it ends in `Z` or `±HH:MM`), a bare date, or epoch
 * seconds / milliseconds as a number (values below 1e11 are seconds). Returns NaN for anything else.
 */
export function parseTimestampMs(text: string): number {
  const length = text.length;
  if (length >= 10 && text.charCodeAt(4) === DASH && text.charCodeAt(7) === DASH) return parseIsoLike(text, length);
  if (length === 0 || length > 20) return Number.NaN;
  const numeric = Number(text);
  if (!Number.isFinite(numeric) || text.trim() !== text) return Number.NaN;
  return Math.abs(numeric) < 1e11 ? numeric * 1000 : numeric;
}

const DASH = 45;
const COLON = 58;
const ZERO = 48;

function digits(text: string, from: number, count: number): number {
  let value = 0;
  for (let i = from; i < from + count; i += 1) {
    const digit = text.charCodeAt(i) - ZERO;
    if (digit < 0 || digit > 9) return -1;
    value = value * 10 + digit;
  }
  return value;
}

// Consecutive rows of a series mostly share their date: the last date's value is reused (pure: a cache of a pure function).
let cachedDate = '';
let cachedDateMs = Number.NaN;

function dateMs(text: string): number {
  if (cachedDate.length === 10 && text.startsWith(cachedDate)) return cachedDateMs;
  const year = digits(text, 0, 4);
  const month = digits(text, 5, 2);
  const day = digits(text, 8, 2);
  if (year < 0 || month < 1 || month > 12 || day < 1 || day > 31) return Number.NaN;
  const utc = Date.UTC(year, month - 1, day);
  // Date.UTC rolls 2024-02-31 over into March; a calendar date that does not exist is refused instead.
  if (day > 28 && new Date(utc).getUTCDate() !== day) return Number.NaN;
  cachedDate = text.slice(0, 10);
  cachedDateMs = utc;
  return utc;
}

function parseIsoLike(text: string, length: number): number {
  const midnight = dateMs(text);
  if (Number.isNaN(midnight)) return Number.NaN;
  let hour = 0;
  let minute = 0;
  let second = 0;
  let millisecond = 0;
  let at = 10;
  if (at < length) {
    const separator = text[at];
    if ((separator !== 'T' && separator !== ' ') || length < 16 || text.charCodeAt(13) !== COLON) return Number.NaN;
    hour = digits(text, 11, 2);
    minute = digits(text, 14, 2);
    at = 16;
    if (at < length && text.charCodeAt(at) === COLON) {
      second = digits(text, 17, 2);
      at = 19;
      if (at < length && text[at] === '.') {
        at += 1;
        let scale = 100;
        while (at < length) {
          const digit = text.charCodeAt(at) - ZERO;
          if (digit < 0 || digit > 9) break;
          millisecond += digit * scale;
          scale /= 10;
          at += 1;
        }
      }
    }
    if (hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 60) return Number.NaN;
  }
  let offsetMinutes = 0;
  if (at < length) {
    const zone = text[at];
    if (zone === 'Z' && at + 1 === length) offsetMinutes = 0;
    else if ((zone === '+' || zone === '-') && at + 6 === length && text.charCodeAt(at + 3) === COLON) {
      const hours = digits(text, at + 1, 2);
      const minutes = digits(text, at + 4, 2);
      if (hours < 0 || minutes < 0) return Number.NaN;
      offsetMinutes = (zone === '+' ? 1 : -1) * (hours * 60 + minutes);
    } else return Number.NaN;
  }
  return midnight + ((hour * 60 + minute - offsetMinutes) * 60 + second) * 1000 + millisecond;
}
