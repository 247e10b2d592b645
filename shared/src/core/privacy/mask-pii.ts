/**
 * Masks personal data and secrets before anything is stored, logged or sent. Service-account emails
 * and resource names stay: they are what an engineer needs to fix IAM, and they identify machines,
 * not people.
 *
 * Every pattern runs in time linear in the text: no quantifier is nested in another, every
 * repetition is bounded (a token longer than its bound is masked up to the bound, never skipped), and
 * each pattern starts at a literal or a word boundary, so a 512 KB adversarial line costs
 * milliseconds, not minutes (bench/regex-worst-case.ts; test/security/regex-structure.test.ts).
 */
export interface PiiRule {
  name: string;
  pattern: RegExp;
  /** A replacement pattern ($1…) where one will do: V8 runs those without a call per match. */
  replace: string | ((match: string, ...groups: Array<string | undefined>) => string);
}

const SERVICE_ACCOUNT_DOMAIN = /(?:\.iam\.gserviceaccount\.com|\.gserviceaccount\.com)$/i;

/** Key names whose value is a secret wherever they appear: `DB_PASSWORD=`, `"api_key": "..."`, `aws_secret_access_key =`. */
const SECRET_KEY_WORDS = 'password|passwd|passphrase|pwd|secret|token|api[_-]?key|apikey|access[_-]?key|private[_-]?key|credentials?|account[_-]?key|session[_-]?id';
const SECRET_KEY_NAME = new RegExp(`(?:${SECRET_KEY_WORDS})`, 'i');

function decodesToUserAndPassword(base64: string): boolean {
  const decoded = Buffer.from(base64, 'base64').toString('latin1');
  return decoded.includes(':') && /^[\x20-\x7e]{3,}$/.test(decoded);
}

export const PII_RULES: readonly PiiRule[] = [
  {
    name: 'private_key_pem',
    // PEM bodies are base64 (no '-'), so the body stops at the END line or at the first dash of anything else.
    pattern: /-----BEGIN [A-Z0-9 ]{0,40}PRIVATE KEY-----[^-]{0,16384}(?:-----END [A-Z0-9 ]{0,40}PRIVATE KEY-----)?/g,
    replace: '[REDACTED_PRIVATE_KEY]',
  },
  {
    // user:password@host in any URL scheme (JDBC, postgres, https); starts at the literal "://".
    name: 'url_password',
    pattern: /:\/\/([^\s:/@]{1,256}):([^\s@/]{1,256})@/g,
    replace: '://$1:[REDACTED_PASSWORD]@',
  },
  {
    name: 'bearer_token',
    pattern: /\b(bearer)([:=]\s{0,4}|\s{1,4})[A-Za-z0-9\-._~+/]{6,4096}={0,3}/gi,
    replace: '$1$2[REDACTED_TOKEN]',
  },
  {
    // Only when the token decodes to "user:password", so prose such as "basic configuration" stays.
    name: 'basic_auth',
    pattern: /\b(basic)(\s{1,4})([A-Za-z0-9+/]{8,4096}={0,2})/gi,
    replace: (match, word, separator, token) => (token !== undefined && decodesToUserAndPassword(token) ? `${word}${separator}[REDACTED_CREDENTIALS]` : match),
  },
  {
    name: 'jwt',
    pattern: /\beyJ[A-Za-z0-9_-]{8,4096}\.[A-Za-z0-9_-]{8,8192}\.[A-Za-z0-9_-]{0,4096}/g,
    replace: '[REDACTED_JWT]',
  },
  {
    // Google OAuth access tokens and refresh tokens
    name: 'google_oauth_token',
    pattern: /\bya29\.[A-Za-z0-9\-_.]{10,4096}|\b1\/\/[A-Za-z0-9\-_]{20,1024}/g,
    replace: '[REDACTED_TOKEN]',
  },
  {
    name: 'google_api_key',
    pattern: /\bAIza[0-9A-Za-z\-_]{35}/g,
    replace: '[REDACTED_API_KEY]',
  },
  {
    name: 'google_oauth_client_secret',
    pattern: /\bGOCSPX-[A-Za-z0-9_-]{20,64}/g,
    replace: '[REDACTED_SECRET]',
  },
  {
    name: 'aws_access_key_id',
    pattern: /\b(?:AKIA|ASIA|ABIA|ACCA|AGPA|AIDA|AIPA|ANPA|ANVA|APKA|AROA|ASCA)[A-Z0-9]{16}\b/g,
    replace: '[REDACTED_AWS_KEY_ID]',
  },
  {
    name: 'github_token',
    pattern: /\b(?:gh[pousr]_[A-Za-z0-9]{30,255}|github_pat_[A-Za-z0-9_]{22,255})/g,
    replace: '[REDACTED_TOKEN]',
  },
  {
    name: 'gitlab_or_npm_token',
    pattern: /\b(?:glpat-[A-Za-z0-9_-]{20,255}|npm_[A-Za-z0-9]{36,255})/g,
    replace: '[REDACTED_TOKEN]',
  },
  {
    name: 'slack_webhook',
    pattern: /\bhooks\.slack\.com\/(services|workflows|triggers)\/[A-Za-z0-9/_-]{8,512}/gi,
    replace: 'hooks.slack.com/$1/[REDACTED_WEBHOOK]',
  },
  {
    name: 'slack_token',
    pattern: /\bxox[abposre]-[A-Za-z0-9-]{10,512}/g,
    replace: '[REDACTED_TOKEN]',
  },
  {
    name: 'stripe_or_sendgrid_key',
    pattern: /\b(?:[rs]k_(?:live|test)_[A-Za-z0-9]{16,255}|SG\.[\w-]{16,64}\.[\w-]{16,128})/g,
    replace: '[REDACTED_API_KEY]',
  },
  {
    // key=value, key: value, "key": "value", \"key\": \"multi word value\" (JSON inside a JSON string).
    // Values that are resource names (projects/...) stay: a secret's name is not the secret.
    name: 'key_value_secret',
    // A quoted value runs to the closing quote that is not escaped, escapes included, so a password
    // that is itself quoted inside a JSON string (\"pass word\") is masked whole.
    pattern: new RegExp(
      String.raw`((?:${SECRET_KEY_WORDS})[A-Za-z0-9_-]{0,40})((?:\\){0,3}["']?\s{0,8}[:=]\s{0,8})(?!(?:\\){0,3}["']?projects/)(?:((?:\\){0,3}")(?:[^"\\\n]|\\[^\n]){1,1024}|((?:\\){0,3}')(?:[^'\\\n]|\\[^\n]){1,1024}|[^\s"'&,;\\]{1,512})`,
      'gi',
    ),
    replace: '$1$2$3$4[REDACTED]',
  },
];

const MAX_LOCAL_PART = 64;
/** An at-sign (or %40) and the domain after it: labels, a dot, a top-level domain. Starts at a literal. */
const AT_AND_DOMAIN = /(?:@|%40)[A-Za-z0-9-]{1,63}\.[A-Za-z0-9.-]{0,190}[A-Za-z]{2,24}\b/g;

function isLocalPartChar(code: number): boolean {
  return (
    (code >= 0x61 && code <= 0x7a) || (code >= 0x41 && code <= 0x5a) || (code >= 0x30 && code <= 0x39) ||
    code === 0x2e || code === 0x5f || code === 0x25 || code === 0x2b || code === 0x2d
  );
}

/**
 * Plain and URL-encoded (%40) addresses. Found from each at-sign followed by a domain, then read
 * back over the local part (at most 64 characters, RFC 5321, never back past the previous match):
 * an unanchored local-part pattern tries every position of "a.a.a…", which is what made a 250 KB
 * line take 72 s.
 */
export function maskEmails(text: string): string {
  const parts: string[] = [];
  let copied = 0;
  AT_AND_DOMAIN.lastIndex = 0;
  for (let found = AT_AND_DOMAIN.exec(text); found !== null; found = AT_AND_DOMAIN.exec(text)) {
    const at = found.index;
    let start = at;
    while (start > copied && at - start < MAX_LOCAL_PART && isLocalPartChar(text.charCodeAt(start - 1))) start -= 1;
    if (start === at) continue;
    const end = at + found[0].length;
    const address = text.slice(start, end);
    parts.push(text.slice(copied, start), SERVICE_ACCOUNT_DOMAIN.test(address) ? address : '[REDACTED_EMAIL]');
    copied = end;
  }
  if (copied === 0) return text;
  parts.push(text.slice(copied));
  return parts.join('');
}

function maskPlain(text: string): string {
  let masked = text;
  for (const rule of PII_RULES) {
    masked = typeof rule.replace === 'string' ? masked.replace(rule.pattern, rule.replace) : masked.replace(rule.pattern, rule.replace as (m: string, ...a: string[]) => string);
  }
  return maskEmails(masked);
}

const PERCENT_ESCAPE = /%[0-9A-Fa-f]{2}/;

/** The patterns of the e-mail scan and the percent-decoding check, for the structural test. */
export const SCAN_PATTERNS: readonly RegExp[] = [AT_AND_DOMAIN, PERCENT_ESCAPE];

/** decodeURIComponent, or undefined when the text holds a malformed escape. */
function percentDecoded(text: string): string | undefined {
  try {
    return decodeURIComponent(text);
  } catch {
    return undefined;
  }
}

/**
 * Masks the text, and also its percent-decoded form: a secret in a logName or a URL is escaped
 * ("PGPASSWORD%3Dx") and no pattern sees it as written. When the decoded form holds something to
 * mask, the masked decoded form is what is kept.
 */
export function maskPii(text: string): string {
  const masked = maskPlain(text);
  if (!PERCENT_ESCAPE.test(masked)) return masked;
  const decoded = percentDecoded(masked);
  if (decoded === undefined || decoded === masked) return masked;
  const maskedDecoded = maskPlain(decoded);
  return maskedDecoded === decoded ? masked : maskedDecoded;
}

/** Whether a key names a secret, so its whole value is masked whatever it looks like. */
export function isSecretKey(key: string): boolean {
  return key.length <= 128 && SECRET_KEY_NAME.test(key);
}

/**
 * Masks every string inside a JSON-like value, keys included (a label key can carry an address or a
 * token as well as a value can); the whole value of a key that names a secret is masked.
 * Iterative-safe depth is the caller's: inputs reach here after the ingest depth bound.
 */
export function maskPiiDeep<T>(value: T): T {
  if (typeof value === 'string') return maskPii(value) as T;
  if (Array.isArray(value)) return value.map((item) => maskPiiDeep(item)) as T;
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, inner] of Object.entries(value as Record<string, unknown>)) {
      const maskedValue = isSecretKey(key) && typeof inner === 'string' && inner.length > 0 && !inner.startsWith('projects/') ? '[REDACTED]' : maskPiiDeep(inner);
      Object.defineProperty(out, maskPii(key), { value: maskedValue, enumerable: true, writable: true, configurable: true });
    }
    return out as T;
  }
  return value;
}
