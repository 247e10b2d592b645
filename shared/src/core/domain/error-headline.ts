/**
 * The line an engineer reads first: for a Python or Java traceback that is the final
 * "ExceptionType: message" line, not "Traceback (most recent call last):".
 */
export function errorHeadline(message: string): string {
  const lines = message.split(/\r?\n/).map((line) => line.trim()).filter((line) => line !== '');
  if (lines.length <= 1) return lines[0] ?? '';
  const isTraceback = lines.some((line) => line.startsWith('Traceback (most recent call last)') || /^at [\w$.]+\(/.test(line));
  if (!isTraceback) return lines.join(' ');
  const exceptionLine = [...lines].reverse().find((line) => /^[\w.$]+(Error|Exception|Timeout|Exit|Interrupt)\b.*:/.test(line) || /^[\w.$]+: /.test(line));
  return exceptionLine ?? lines[lines.length - 1] ?? '';
}
