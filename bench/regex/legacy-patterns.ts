/**
 * The masking and exception-type code as it was before issue 12 (commit b88ac87), kept verbatim as
 * the reference the worst-case benchmark measures side by side and the equivalence test compares
 * against on ordinary log lines. Not used by the product.
 */
interface LegacyPiiRule {
  name: string;
  pattern: RegExp;
  replace: (match: string, ...groups: string[]) => string;
}

const SERVICE_ACCOUNT_DOMAIN = /(\.iam\.gserviceaccount\.com|\.gserviceaccount\.com|developer\.gserviceaccount\.com)$/i;

export const LEGACY_PII_RULES: readonly LegacyPiiRule[] = [
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

export function legacyMaskPii(text: string): string {
  let masked = text;
  for (const rule of LEGACY_PII_RULES) masked = masked.replace(rule.pattern, rule.replace as (m: string, ...a: string[]) => string);
  return masked;
}

const LEGACY_JAVA_CAUSED_BY = /Caused by: ([A-Za-z_$][\w$.]*)/g;
const LEGACY_JAVA_CLASS = /\b((?:[a-z_][\w$]*\.)+[A-Z][\w$]*(?:Exception|Error))\b/;
const LEGACY_PYTHON_TRACEBACK = 'Traceback (most recent call last):';
const LEGACY_PYTHON_FINAL_LINE = /^([A-Za-z_][\w.]*)(?::\s|:$|$)/;
const LEGACY_PYTHON_INLINE = /(?:^|\n)\s*([A-Za-z_][\w.]*(?:Error|Exception|Timeout|Exit))\s*:/;

/** A stack frame line; indented by CPython, sometimes flattened by log shippers. */
const LEGACY_PYTHON_FRAME = /^\s*File "[^"]*", line \d+/;

function legacyLastPythonException(text: string): string | undefined {
  const start = text.lastIndexOf(LEGACY_PYTHON_TRACEBACK);
  if (start < 0) return undefined;
  const lines = text.slice(start + LEGACY_PYTHON_TRACEBACK.length).split('\n');
  const lastFrame = lines.reduce((found, line, index) => (LEGACY_PYTHON_FRAME.test(line) ? index : found), -1);
  // CPython prints the raised exception right after the last frame; whatever follows it (the rest of
  // a multi-line message such as google-cloud-bigquery's "Location: EU / Job ID: ...", or the next
  // log lines) is not an exception name. Frame source lines and carets are indented.
  for (const line of lines.slice(lastFrame + 1)) {
    if (line.length === 0 || /^\s/.test(line)) continue;
    const match = LEGACY_PYTHON_FINAL_LINE.exec(line.trimEnd());
    if (match?.[1] !== undefined && match[1] !== 'Traceback') return match[1];
  }
  return undefined;
}

/**
 * The exception class a producer named, as written (e.g. "java.lang.OutOfMemoryError",
 * "airflow.exceptions.AirflowTaskTimeout"). For chained Java errors the root "Caused by" wins,
 * for Python tracebacks the last raised exception, because that is where the cause is stated.
 */
export function legacyExceptionTypeIn(text: string | undefined): string | undefined {
  if (text === undefined || text.length === 0) return undefined;
  const causes = [...text.matchAll(LEGACY_JAVA_CAUSED_BY)];
  const rootCause = causes.at(-1)?.[1];
  if (rootCause !== undefined) return rootCause;
  return legacyLastPythonException(text) ?? LEGACY_JAVA_CLASS.exec(text)?.[1] ?? LEGACY_PYTHON_INLINE.exec(text)?.[1];
}
