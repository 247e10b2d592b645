import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { legacyExceptionTypeIn, legacyMaskPii } from '../../bench/regex/legacy-patterns';
import { EXCEPTION_TYPE_PATTERNS, exceptionTypeIn } from '../../shared/src/core/normalize/exception-type';
import { PII_RULES, SCAN_PATTERNS, maskPii } from '../../shared/src/core/privacy/mask-pii';
import { quantifierFindings } from './regex-structure';

const PATTERNS: Array<[string, RegExp]> = [
  ...PII_RULES.map((rule): [string, RegExp] => [`mask-pii ${rule.name}`, rule.pattern]),
  ...SCAN_PATTERNS.map((pattern): [string, RegExp] => [`mask-pii scan ${pattern.source.slice(0, 30)}`, pattern]),
  ...EXCEPTION_TYPE_PATTERNS.map((pattern): [string, RegExp] => [`exception-type ${pattern.source.slice(0, 30)}`, pattern]),
];

describe('the structural check itself', () => {
  it('finds nested and unbounded quantifiers in the shapes that made 250 KB lines take 72 s', () => {
    expect(quantifierFindings(String.raw`\b((?:[a-z_][\w$]*\.)+[A-Z][\w$]*(?:Exception|Error))\b`).nested).toHaveLength(1);
    expect(quantifierFindings(String.raw`(a+)+$`).nested).toHaveLength(1);
    expect(quantifierFindings(String.raw`\b[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}\b`).unbounded).toHaveLength(3);
    expect(quantifierFindings(String.raw`(?:[^"\\]|\\.){1,64}`)).toEqual({ nested: [], unbounded: [] });
    expect(quantifierFindings(String.raw`[+*]{1,3}\(x\)+`).nested).toEqual([]);
  });
});

describe('every pattern run on input text is free of nested and unbounded quantifiers', () => {
  it.each(PATTERNS)('%s', (_name, pattern) => {
    expect(quantifierFindings(pattern.source)).toEqual({ nested: [], unbounded: [] });
  });
});

/** Ordinary log text: every message of the demo corpus and the LogEntry fixtures. */
function ordinaryTexts(): string[] {
  const lines = readFileSync(join(__dirname, '../../data/corpus/demo-log-entries.jsonl'), 'utf8').split('\n').filter(Boolean);
  const texts: string[] = [];
  for (const line of lines) {
    texts.push(line);
    try {
      const entry = JSON.parse(line) as { textPayload?: unknown; jsonPayload?: { message?: unknown } };
      if (typeof entry.textPayload === 'string') texts.push(entry.textPayload);
      if (typeof entry.jsonPayload?.message === 'string') texts.push(entry.jsonPayload.message);
    } catch {
      // malformed demo lines stay as raw text
    }
  }
  return texts;
}

describe('outputs are unchanged on ordinary inputs', () => {
  const texts = ordinaryTexts();
  it('exception types extracted from the demo corpus are the ones the old patterns found', () => {
    expect(texts.length).toBeGreaterThan(40);
    expect(texts.map((text) => exceptionTypeIn(text))).toEqual(texts.map((text) => legacyExceptionTypeIn(text)));
  });

  it('masking of the demo corpus is what the old patterns produced', () => {
    expect(texts.map((text) => maskPii(text))).toEqual(texts.map((text) => legacyMaskPii(text)));
  });

  it.each([
    'java.lang.RuntimeException: boom\nCaused by: java.io.IOException: disk\nCaused by: java.net.SocketTimeoutException: read timed out',
    'Traceback (most recent call last):\n  File "/x.py", line 3, in <module>\n    f()\ngoogle.api_core.exceptions.Forbidden: 403 denied',
    'Error in task: org.apache.beam.sdk.util.UserCodeException: java.lang.OutOfMemoryError: Java heap space',
    'Foo.java.lang.IllegalStateException thrown',
    'airflow.exceptions.AirflowTaskTimeout: Timeout, PID: 1234',
    '  ValueError : bad',
  ])('exception type of %j is unchanged', (text) => {
    expect(exceptionTypeIn(text)).toBe(legacyExceptionTypeIn(text));
  });
});
