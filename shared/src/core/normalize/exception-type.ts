const JAVA_CAUSED_BY = /Caused by: ([A-Za-z_$][\w$.]*)/g;
const JAVA_CLASS = /\b((?:[a-z_][\w$]*\.)+[A-Z][\w$]*(?:Exception|Error))\b/;
const PYTHON_TRACEBACK = 'Traceback (most recent call last):';
const PYTHON_FINAL_LINE = /^([A-Za-z_][\w.]*)(?::\s|:$|$)/;
const PYTHON_INLINE = /(?:^|\n)\s*([A-Za-z_][\w.]*(?:Error|Exception|Timeout|Exit))\s*:/;

/** A stack frame line; indented by CPython, sometimes flattened by log shippers. */
const PYTHON_FRAME = /^\s*File "[^"]*", line \d+/;

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

/**
 * The exception class a producer named, as written (e.g. "java.lang.OutOfMemoryError",
 * "airflow.exceptions.AirflowTaskTimeout"). For chained Java errors the root "Caused by" wins,
 * for Python tracebacks the last raised exception, because that is where the cause is stated.
 */
export function exceptionTypeIn(text: string | undefined): string | undefined {
  if (text === undefined || text.length === 0) return undefined;
  const causes = [...text.matchAll(JAVA_CAUSED_BY)];
  const rootCause = causes.at(-1)?.[1];
  if (rootCause !== undefined) return rootCause;
  return lastPythonException(text) ?? JAVA_CLASS.exec(text)?.[1] ?? PYTHON_INLINE.exec(text)?.[1];
}
