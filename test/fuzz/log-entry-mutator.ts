import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { CloudEvent } from '@google-cloud/functions-framework';
import { mulberry32, randomInt } from '../../shared/src/core/forest/seeded-random';
import type { RandomSource } from '../../shared/src/core/ports/random';

export interface FuzzSecret {
  name: string;
  text: string;
  secret: string;
}

/** One generated delivery: the CloudEvent and what kind of damage it carries (for the report). */
export interface FuzzCase {
  mutation: string;
  event: CloudEvent<unknown>;
}

const FIXTURES = join(__dirname, '../fixtures/log-entries');

function fixtureFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? fixtureFiles(path) : path.endsWith('.json') ? [path] : [];
  });
}

/** Every LogEntry fixture of the repository (real documented shapes), the seeds the mutations start from. */
export function seedEntries(): unknown[] {
  return fixtureFiles(FIXTURES).map((path) => JSON.parse(readFileSync(path, 'utf8')) as unknown);
}

const PROTOTYPE_WORDS = ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf', 'prototype', '__defineGetter__'];
const ADVERSARIAL_UNITS = ['a.', 'aaaa@', 'a@a.', '1', 'password=', "token='", 'bearer ', 'java.a.', 'Caused by: x.', '{"a": [', 'a%40', "TaskInstanceKey(dag_id='"];
const INVALID_UTF8 = [[0xc3], [0xe2, 0x82], [0xc0, 0xaf], [0xed, 0xa0, 0x80], [0x80], [0xfe], [0xff], [0xf4, 0x90, 0x80, 0x80]];
const WRONG_VALUES: unknown[] = [null, 0, -1, 1e308, true, [], {}, [1, 'x'], { nested: { x: 1 } }, '', ' ', '\u0000'];

function pick<T>(random: RandomSource, items: readonly T[]): T {
  return items[randomInt(random, items.length)] as T;
}

/** Paths to every value inside a JSON value (depth-first), so a mutation can land anywhere. */
function paths(value: unknown, prefix: Array<string | number> = [], out: Array<Array<string | number>> = []): Array<Array<string | number>> {
  out.push(prefix);
  if (Array.isArray(value)) value.forEach((item, index) => paths(item, [...prefix, index], out));
  else if (typeof value === 'object' && value !== null) for (const [key, inner] of Object.entries(value)) paths(inner, [...prefix, key], out);
  return out;
}

function setAt(root: unknown, path: Array<string | number>, value: unknown): unknown {
  if (path.length === 0) return value;
  let parent = root as Record<string | number, unknown>;
  for (const key of path.slice(0, -1)) parent = parent?.[key] as Record<string | number, unknown>;
  // An earlier mutation of the same case may have removed or retyped the parent.
  if (typeof parent !== 'object' || parent === null) return root;
  Object.defineProperty(parent, path[path.length - 1] as string | number, { value, enumerable: true, writable: true, configurable: true });
  return root;
}

function deleteAt(root: unknown, path: Array<string | number>): unknown {
  if (path.length === 0) return {};
  let parent = root as Record<string | number, unknown>;
  for (const key of path.slice(0, -1)) parent = parent?.[key] as Record<string | number, unknown>;
  if (typeof parent !== 'object' || parent === null) return root;
  delete parent[path[path.length - 1] as string | number];
  return root;
}

function stringPaths(value: unknown): Array<Array<string | number>> {
  return paths(value).filter((path) => typeof path.reduce<unknown>((node, key) => (node as Record<string | number, unknown>)[key], value) === 'string');
}

function nestedText(depth: number): string {
  return `${'['.repeat(depth)}1${']'.repeat(depth)}`;
}

/**
 * Seeded, bounded generator of deliveries: mutated LogEntries (deep nesting, huge adversarial
 * strings, prototype keys and states, invalid UTF-8, wrong types, missing fields, secrets in any
 * string or key) and crafted envelopes. Huge inputs are a bounded share so the run fits the suite.
 */
export class IngestFuzzer {
  private readonly random: RandomSource;
  private readonly seeds: unknown[];
  private counter = 0;
  private hugeLeft: number;

  constructor(seed: number, private readonly secrets: readonly FuzzSecret[], maxHugeInputs = 24) {
    this.random = mulberry32(seed);
    this.seeds = seedEntries();
    this.hugeLeft = maxHugeInputs;
  }

  next(): FuzzCase {
    this.counter += 1;
    const id = `fuzz-${this.counter}`;
    const roll = this.random();
    if (roll < 0.08) return this.envelope(id);
    const entry = JSON.parse(JSON.stringify(pick(this.random, this.seeds))) as Record<string, unknown>;
    if (this.random() < 0.7) entry.insertId = id;
    const mutation = this.mutationName();
    return this.mutate(entry, mutation, id);
  }

  private mutationName(): string {
    const names = ['secret', 'secret_key', 'prototype', 'wrong_type', 'missing', 'utf8', 'deep', 'huge', 'none', 'secret', 'prototype_state'];
    const name = pick(this.random, names);
    if (name === 'huge' && this.hugeLeft <= 0) return 'secret';
    return name;
  }

  private mutate(entry: Record<string, unknown>, mutation: string, id: string): FuzzCase {
    const strings = stringPaths(entry);
    const all = paths(entry).filter((path) => path.length > 0);
    switch (mutation) {
      case 'secret': {
        const secret = pick(this.random, this.secrets);
        const target = strings.length > 0 ? pick(this.random, strings) : ['textPayload'];
        setAt(entry, target, `${String(target.reduce<unknown>((node, key) => (node as Record<string | number, unknown>)?.[key], entry) ?? '')} ${secret.text}`);
        return this.deliver(entry, mutation, id);
      }
      case 'secret_key': {
        const secret = pick(this.random, this.secrets);
        const holder = pick(this.random, [['labels'], ['resource', 'labels'], ['jsonPayload'], []]);
        const node = holder.reduce<unknown>((current, key) => (current as Record<string, unknown>)?.[key], entry);
        if (typeof node === 'object' && node !== null && !Array.isArray(node)) setAt(node, [secret.text], 'x');
        else entry.labels = { [secret.text]: 'x' };
        return this.deliver(entry, mutation, id);
      }
      case 'prototype': {
        const word = pick(this.random, PROTOTYPE_WORDS);
        const target = all.length > 0 ? pick(this.random, all) : [];
        if (this.random() < 0.5) setAt(entry, target, word);
        else setAt(entry, [...target.slice(0, -1), word], pick(this.random, [word, { [word]: word }, 1]));
        return this.deliver(entry, mutation, id);
      }
      case 'prototype_state': {
        const word = pick(this.random, PROTOTYPE_WORDS);
        entry.textPayload = pick(this.random, [
          `Marking task as ${word}. dag_id=d, task_id=t`,
          `Received executor event with state ${word} for task instance TaskInstanceKey(dag_id='d', task_id='t', run_id='r', try_number=1, map_index=-1)`,
          `TaskInstance Finished: dag_id=d, task_id=t, run_id=r, map_index=-1, state=${word}, executor_state=${word}`,
        ]);
        entry.severity = word;
        return this.deliver(entry, mutation, id);
      }
      case 'wrong_type':
        setAt(entry, all.length > 0 ? pick(this.random, all) : [], pick(this.random, WRONG_VALUES));
        return this.deliver(entry, mutation, id);
      case 'missing':
        for (let count = 1 + randomInt(this.random, 3); count > 0 && all.length > 0; count -= 1) deleteAt(entry, pick(this.random, all));
        return this.deliver(entry, mutation, id);
      case 'utf8': {
        const [before, after] = this.splitAtString(entry);
        return this.deliverBytes(Buffer.concat([Buffer.from(before), Buffer.from(pick(this.random, INVALID_UTF8)), Buffer.from(after)]), mutation, id);
      }
      case 'deep': {
        const depth = pick(this.random, [101, 500, 10_000, 100_000]);
        const text = JSON.stringify(entry);
        return this.deliverBytes(Buffer.from(`${text.slice(0, -1)},"jsonPayload":{"deep":${nestedText(depth)}}}`), mutation, id);
      }
      case 'huge': {
        this.hugeLeft -= 1;
        const unit = pick(this.random, ADVERSARIAL_UNITS);
        const size = pick(this.random, [64 * 1024, 200 * 1024, 250 * 1024]);
        entry.textPayload = unit.repeat(Math.ceil(size / unit.length));
        delete entry.jsonPayload;
        return this.deliver(entry, mutation, id);
      }
      default:
        return this.deliver(entry, mutation, id);
    }
  }

  /** The entry's JSON cut inside one of its string values, for byte-level damage. */
  private splitAtString(entry: Record<string, unknown>): [string, string] {
    const text = JSON.stringify(entry);
    const quote = text.indexOf('":"');
    const at = quote > 0 ? quote + 3 : Math.floor(text.length / 2);
    return [text.slice(0, at), text.slice(at)];
  }

  private deliver(entry: unknown, mutation: string, id: string): FuzzCase {
    return this.deliverBytes(Buffer.from(JSON.stringify(entry), 'utf8'), mutation, id);
  }

  private deliverBytes(bytes: Buffer, mutation: string, id: string): FuzzCase {
    return { mutation, event: messagePublished(bytes.toString('base64'), id) };
  }

  private envelope(id: string): FuzzCase {
    const secret = pick(this.random, this.secrets);
    const variants: Array<[string, CloudEvent<unknown>]> = [
      ['envelope_wrong_type', { ...messagePublished('e30=', id), type: 'google.cloud.storage.object.v1.finalized', data: { bucket: secret.text } }],
      ['envelope_no_message', { ...messagePublished('', id), data: { subscription: secret.text } }],
      ['envelope_data_not_string', { ...messagePublished('', id), data: { message: { data: 12345, messageId: id } } }],
      ['envelope_not_base64', messagePublished(`!!${secret.text}!!`, id)],
      ['envelope_empty_data', messagePublished('', id)],
      ['envelope_data_array', { ...messagePublished('', id), data: [secret.text, 1, null] }],
      ['envelope_deep', { ...messagePublished('', id), data: JSON.parse(nestedText(pick(this.random, [200, 5000]))) as unknown }],
      ['envelope_string_body', { ...messagePublished('', id), data: `raw body ${secret.text}` }],
      ['envelope_oversized', messagePublished(Buffer.from(`{"textPayload":"${secret.text} ${'x'.repeat(600 * 1024)}"}`).toString('base64'), id)],
    ];
    const [mutation, event] = pick(this.random, variants);
    return { mutation, event };
  }
}

export function messagePublished(base64: string, messageId: string): CloudEvent<unknown> {
  return {
    specversion: '1.0',
    id: messageId,
    type: 'google.cloud.pubsub.topic.v1.messagePublished',
    source: '//pubsub.googleapis.com/projects/analytics-prod/topics/pipeline-logs',
    data: {
      message: { data: base64, attributes: { 'logging.googleapis.com/timestamp': '2026-11-21T03:00:02.021Z' }, messageId, publishTime: '2026-11-21T03:00:03.100Z' },
      subscription: 'projects/analytics-prod/subscriptions/eventarc-us-central1-ingest-sub-123',
    },
  } as CloudEvent<unknown>;
}
