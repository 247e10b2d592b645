import { readFile } from 'node:fs/promises';

/**
 * Replay files are either JSONL (one LogEntry per line; bad lines kept verbatim so they are rejected
 * and recorded like a bad Pub/Sub message) or a JSON array of LogEntries (as `gcloud logging read --format=json` prints).
 */
export async function readReplayRecords(path: string): Promise<string[]> {
  const text = await readFile(path, 'utf8');
  const trimmed = text.trimStart();
  if (trimmed.startsWith('[')) {
    try {
      const parsed: unknown = JSON.parse(trimmed);
      if (Array.isArray(parsed)) return parsed.map((entry) => JSON.stringify(entry));
    } catch {
      // Not a JSON array after all (e.g. JSONL whose first entry is an array): fall through to lines.
    }
  }
  return text.split(/\r?\n/).filter((line) => line.trim() !== '');
}
