/**
 * Masks personal data before anything is stored or logged. Service-account emails and resource names
 * stay: they are what an engineer needs to fix IAM, and they identify machines, not people.
 */
interface PiiRule {
  name: string;
  pattern: RegExp;
  replace: (match: string, ...groups: string[]) => string;
}

const SERVICE_ACCOUNT_DOMAIN = /(\.iam\.gserviceaccount\.com|\.gserviceaccount\.com|developer\.gserviceaccount\.com)$/i;

const PII_RULES: readonly PiiRule[] = [
  {
    // user:password@host in any URL scheme (JDBC, postgres, https)
    name: 'url_password',
    pattern: /\b([a-z][a-z0-9+.-]*:\/\/)([^\s:/@]+):([^\s@/]+)@/gi,
    replace: (_m, scheme: string, user: string) => `${scheme}${user}:[REDACTED_PASSWORD]@`,
  },
  {
    name: 'bearer_token',
    pattern: /\b(Bearer)\s+[A-Za-z0-9\-._~+/]{8,}=*/g,
    replace: (_m, word: string) => `${word} [REDACTED_TOKEN]`,
  },
  {
    // Google OAuth access tokens and refresh tokens
    name: 'google_oauth_token',
    pattern: /\bya29\.[A-Za-z0-9\-_.]{10,}|\b1\/\/[A-Za-z0-9\-_]{20,}/g,
    replace: () => '[REDACTED_TOKEN]',
  },
  {
    name: 'google_api_key',
    pattern: /\bAIza[0-9A-Za-z\-_]{35}\b/g,
    replace: () => '[REDACTED_API_KEY]',
  },
  {
    name: 'key_value_secret',
    pattern: /\b(api[_-]?key|access[_-]?token|refresh[_-]?token|client[_-]?secret|password|passwd|pwd|secret)(["']?\s*[:=]\s*["']?)([^\s"'&,;]{4,})/gi,
    replace: (_m, key: string, separator: string) => `${key}${separator}[REDACTED]`,
  },
  {
    name: 'email',
    pattern: /\b[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}\b/g,
    replace: (match: string) => (SERVICE_ACCOUNT_DOMAIN.test(match) ? match : '[REDACTED_EMAIL]'),
  },
];

export function maskPii(text: string): string {
  let masked = text;
  for (const rule of PII_RULES) masked = masked.replace(rule.pattern, rule.replace as (m: string, ...a: string[]) => string);
  return masked;
}

/** Masks every string inside a JSON-like value; keys are kept because they carry structure, not data. */
export function maskPiiDeep<T>(value: T): T {
  if (typeof value === 'string') return maskPii(value) as T;
  if (Array.isArray(value)) return value.map((item) => maskPiiDeep(item)) as T;
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, inner] of Object.entries(value as Record<string, unknown>)) out[key] = maskPiiDeep(inner);
    return out as T;
  }
  return value;
}
