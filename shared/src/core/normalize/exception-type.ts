const PYTHON_TRACEBACK = 'Traceback (most recent call last):';
const PYTHON_FINAL_LINE = /^([A-Za-z_][\w.]{0,255})(?::\s|:$|$)/;
const PYTHON_INLINE = /(?:^|\n)[ \t]{0,64}([A-Za-z_][\w.]{0,255}?(?:Error|Exception|Timeout|Exit))[ \t]{0,64}:/;
const CAUSED_BY = 'Caused by: ';
const JAVA_NAME = /^[A-Za-z_$][\w$.]{0,255}/;
/** Where a Java class name may end; the name itself is read backwards from here, never by a pattern that starts anywhere. */
const JAVA_SUFFIX = /(?:Exception|Error)\b/g;
const IDENTIFIER_CHAR = /[\w$]/;

/** A stack frame line; indented by CPython, sometimes flattened by log shippers. */
const PYTHON_FRAME = /^[ \t]{0,256}File "[^"\n]{0,4096}", line \d/;

/**
 * Traces put the cause at the end and the headline at the start; the middle of a huge entry is
 * frames. Each pattern scans at most this much of each end.
 */
const SCANNED_END = 64 * 1024;

/** Every pattern this module runs on input text, for the structural test. */
export const EXCEPTION_TYPE_PATTERNS: readonly RegExp[] = [PYTHON_FINAL_LINE, PYTHON_INLINE, JAVA_NAME, JAVA_SUFFIX, IDENTIFIER_CHAR, PYTHON_FRAME];

function scannedText(text: string): string {
  return text.length <= 2 * SCANNED_END ? text : `${text.slice(0, SCANNED_END)}\n${text.slice(-SCANNED_END)}`;
}

function lastPythonException(text: string): string | undefined {
  const start = text.lastIndexOf(PYTHON_TRACEBACK);
  if (start < 0) return undefined;
  const lines = text.slice(start + PYTHON_TRACEBACK.length).split('\n');
  const lastFrame = lines.reduce((found, line, index) => (PYTHON_FRAME.test(line) ? index : found), -1);
  // CPython prints the raised exception right after the last frame; whatever follows it (the rest of
  // a multi-line message such as google-cloud-bigquery's "Location: EU / Job ID: ...", or the next
  // log lines) is not an exception name. Frame source lines and carets are indented.
  for (const line of lines.slice(lastFrame + 1)) {
    if (line.length === 0 || /^\s/.test(line)) continue;
    const match = PYTHON_FINAL_LINE.exec(line.trimEnd());
    if (match?.[1] !== undefined && match[1] !== 'Traceback') return match[1];
  }
  return undefined;
}

function lastJavaCause(text: string): string | undefined {
  const at = text.lastIndexOf(CAUSED_BY);
  if (at < 0) return undefined;
  return JAVA_NAME.exec(text.slice(at + CAUSED_BY.length, at + CAUSED_BY.length + 256))?.[0];
}

/**
 * The longest tail of a dotted name that reads "a.b.FooException": at least one package segment
 * starting lower-case, then a class starting upper-case (as the old \b((?:[a-z_][\w$]*\.)+[A-Z]...) pattern).
 */
function qualifiedClassName(name: string): string | undefined {
  const segments = name.split('.');
  const className = segments.at(-1) as string;
  if (!/^[A-Z]/.test(className)) return undefined;
  let first = segments.length - 1;
  while (first > 0 && /^[a-z_][\w$]{0,255}$/.test(segments[first - 1] as string)) first -= 1;
  return first < segments.length - 1 ? segments.slice(first).join('.') : undefined;
}

/** First fully qualified Java exception class in the text, e.g. "java.lang.OutOfMemoryError". */
function firstJavaClass(text: string): string | undefined {
  JAVA_SUFFIX.lastIndex = 0;
  for (let suffix = JAVA_SUFFIX.exec(text); suffix !== null; suffix = JAVA_SUFFIX.exec(text)) {
    const end = suffix.index + suffix[0].length;
    let start = suffix.index;
    while (start > 0 && end - start < 512 && (IDENTIFIER_CHAR.test(text.charAt(start - 1)) || text.charAt(start - 1) === '.')) start -= 1;
    // A name glued to a longer word on the left is not this one (the \b the old pattern had).
    if (start > 0 && IDENTIFIER_CHAR.test(text.charAt(start - 1))) continue;
    const name = qualifiedClassName(text.slice(start, end));
    if (name !== undefined) return name;
  }
  return undefined;
}

/**
 * The exception class a producer named, as written (e.g. "java.lang.OutOfMemoryError",
 * "airflow.exceptions.AirflowTaskTimeout"). For chained Java errors the root "Caused by" wins,
 * for Python tracebacks the last raised exception, because that is where the cause is stated.
 */
export function exceptionTypeIn(text: string | undefined): string | undefined {
  if (text === undefined || text.length === 0) return undefined;
  const scanned = scannedText(text);
  return lastJavaCause(scanned) ?? lastPythonException(scanned) ?? firstJavaClass(scanned) ?? PYTHON_INLINE.exec(scanned)?.[1];
}
