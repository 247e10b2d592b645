/**
 * The line an engineer reads first: for a Python or Java traceback that is the final
 * "ExceptionType: message" line, not "Traceback (most recent call last):".
 */
export function errorHeadline(message: string): string {
  const lines = message.split(/\r?\n/).map((line) => line.trim()).filter((line) => line !== '');
  if (lines.length <= 1) return lines[0] ?? '';
  const isTraceback = lines.some((line) => line.startsWith('Traceback (most recent call last)') || /^at [\w$.]+\(/.test(line));
  if (!isTraceback) return lines.join(' ');
  // Clients append context after the exception ("Location: EU", "Job ID: ..."): an exception-named line wins over those.
  const fromEnd = [...lines].reverse();
  const exceptionLine =
    fromEnd.find((line) => /^([\w$]+\.)+[\w$]+: /.test(line) || /^[\w$]*(Error|Exception|Timeout|Exit|Interrupt)\b[^:]*:/.test(line)) ?? fromEnd.find((line) => /^[\w.$]+: /.test(line));
  return exceptionLine ?? lines[lines.length - 1] ?? '';
}
