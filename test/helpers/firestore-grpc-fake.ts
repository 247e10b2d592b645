import { dirname, join } from 'node:path';
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';

/**
 * An in-memory Firestore serving the real `google.firestore.v1.Firestore` gRPC service (the protos the
 * client library ships) on 127.0.0.1, insecure, like the emulator. `@google-cloud/firestore` talks to it
 * over its default gRPC transport, exactly as in production, so its request building, transaction
 * retries and status-code handling all run without Java, the gcloud emulator or the network.
 * Every call is recorded (full method name + request) for assertions.
 *
 * Semantics kept because the coordination store depends on them:
 * - a write with `current_document.exists = false` that meets an existing document fails the whole
 *   commit with ALREADY_EXISTS: how a claim has exactly one winner;
 * - transactions are optimistic: a commit whose transaction read a document that has changed since is
 *   ABORTED, and the client retries it, so read-modify-write stays serialisable;
 * - queries: field filters (==, <, <=, >, >=, array-contains), AND, order by, limit.
 */

type Value = Record<string, unknown>;
type Fields = Record<string, Value>;
interface Timestamp {
  seconds: string;
  nanos: number;
}

interface StoredDocument {
  fields: Fields;
  createTime: Timestamp;
  updateTime: Timestamp;
  version: number;
}

export interface RecordedCall {
  /** e.g. "Commit", "BatchGetDocuments", "RunQuery". */
  method: string;
  request: Record<string, unknown>;
}

interface Write {
  update?: { name: string; fields?: Fields };
  delete?: string;
  updateMask?: { fieldPaths?: string[] };
  currentDocument?: { exists?: boolean };
}

interface FieldFilter {
  field: { fieldPath: string };
  op: string;
  value: Value;
}

interface Filter {
  fieldFilter?: FieldFilter;
  compositeFilter?: { op: string; filters: Filter[] };
}

interface StructuredQuery {
  from?: { collectionId: string }[];
  where?: Filter;
  orderBy?: { field: { fieldPath: string }; direction?: string }[];
  limit?: { value?: number } | null;
}

const FIELD_OPERATORS: Record<string, (left: Value | undefined, right: Value) => boolean> = {
  LESS_THAN: (l, r) => l !== undefined && compareValues(l, r) < 0,
  LESS_THAN_OR_EQUAL: (l, r) => l !== undefined && compareValues(l, r) <= 0,
  GREATER_THAN: (l, r) => l !== undefined && compareValues(l, r) > 0,
  GREATER_THAN_OR_EQUAL: (l, r) => l !== undefined && compareValues(l, r) >= 0,
  EQUAL: (l, r) => l !== undefined && compareValues(l, r) === 0,
  ARRAY_CONTAINS: (l, r) => arrayValues(l).some((item) => compareValues(item, r) === 0),
};

class RpcError extends Error {
  constructor(
    readonly code: grpc.status,
    message: string,
  ) {
    super(message);
  }
}

export class FirestoreGrpcFake {
  readonly calls: RecordedCall[] = [];
  /** Commits refused because a transaction's reads went stale (what makes the client retry). */
  abortedCommits = 0;
  private readonly documents = new Map<string, StoredDocument>();
  /** Transaction id (hex) → document name → version at the transaction's first read (0 = missing). */
  private readonly transactions = new Map<string, Map<string, number>>();
  private clock = 0;
  private transactionCounter = 0;

  private constructor(
    private readonly server: grpc.Server,
    readonly port: number,
  ) {}

  /** host:port for `new Firestore({ host, ssl: false })`. */
  get host(): string {
    return `127.0.0.1:${this.port}`;
  }

  static async start(): Promise<FirestoreGrpcFake> {
    const protos = join(dirname(require.resolve('@google-cloud/firestore/package.json')), 'build', 'protos');
    const definition = protoLoader.loadSync('google/firestore/v1/firestore.proto', {
      includeDirs: [protos],
      longs: String,
      enums: String,
      oneofs: true,
      defaults: false,
    });
    const loaded = grpc.loadPackageDefinition(definition) as unknown as { google: { firestore: { v1: { Firestore: grpc.ServiceClientConstructor } } } };
    const server = new grpc.Server();
    const holder: { fake?: FirestoreGrpcFake } = {};
    const unary =
      (method: string, run: (request: Record<string, unknown>) => unknown) =>
      (call: grpc.ServerUnaryCall<Record<string, unknown>, unknown>, callback: grpc.sendUnaryData<unknown>): void => {
        holder.fake?.calls.push({ method, request: call.request });
        try {
          callback(null, run(call.request));
        } catch (error) {
          callback(toServiceError(error));
        }
      };
    const streaming =
      (method: string, run: (request: Record<string, unknown>) => unknown[]) =>
      (call: grpc.ServerWritableStream<Record<string, unknown>, unknown>): void => {
        holder.fake?.calls.push({ method, request: call.request });
        try {
          for (const message of run(call.request)) call.write(message);
          call.end();
        } catch (error) {
          call.destroy(toServiceError(error));
        }
      };
    const fake = (): FirestoreGrpcFake => holder.fake as FirestoreGrpcFake;
    server.addService(loaded.google.firestore.v1.Firestore.service, {
      Commit: unary('Commit', (request) => fake().commit(request)),
      BeginTransaction: unary('BeginTransaction', () => ({ transaction: fake().beginTransaction() })),
      Rollback: unary('Rollback', (request) => fake().rollback(request)),
      BatchGetDocuments: streaming('BatchGetDocuments', (request) => fake().batchGet(request)),
      RunQuery: streaming('RunQuery', (request) => fake().runQuery(request)),
    });
    const port = await new Promise<number>((resolve, reject) =>
      server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (error, bound) => (error ? reject(error) : resolve(bound))),
    );
    holder.fake = new FirestoreGrpcFake(server, port);
    return holder.fake;
  }

  /** Calls of one method, e.g. callsTo('Commit'). */
  callsTo(method: string): RecordedCall[] {
    return this.calls.filter((call) => call.method === method);
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server.tryShutdown(() => resolve()));
  }

  private beginTransaction(): Buffer {
    this.transactionCounter += 1;
    const id = Buffer.from(`txn-${this.transactionCounter}`);
    this.transactions.set(id.toString('hex'), new Map());
    return id;
  }

  private rollback(request: Record<string, unknown>): Record<string, never> {
    this.transactions.delete(Buffer.from(request.transaction as Uint8Array).toString('hex'));
    return {};
  }

  private batchGet(request: Record<string, unknown>): unknown[] {
    let transactionId: Buffer | undefined = request.transaction === undefined ? undefined : Buffer.from(request.transaction as Uint8Array);
    const started = request.newTransaction === undefined ? undefined : this.beginTransaction();
    transactionId = started ?? transactionId;
    const reads = transactionId === undefined ? undefined : this.transactions.get(transactionId.toString('hex'));
    if (transactionId !== undefined && reads === undefined) throw new RpcError(grpc.status.INVALID_ARGUMENT, 'transaction is not active');
    const readTime = this.tick();
    return ((request.documents as string[] | undefined) ?? []).map((name, index) => {
      const stored = this.documents.get(name);
      if (reads !== undefined && !reads.has(name)) reads.set(name, stored?.version ?? 0);
      const response: Record<string, unknown> = stored === undefined ? { missing: name, readTime } : { found: toDocument(name, stored), readTime };
      if (index === 0 && started !== undefined) response.transaction = started;
      return response;
    });
  }

  private commit(request: Record<string, unknown>): unknown {
    if (request.transaction !== undefined) {
      const key = Buffer.from(request.transaction as Uint8Array).toString('hex');
      const reads = this.transactions.get(key);
      this.transactions.delete(key);
      if (reads === undefined) throw new RpcError(grpc.status.INVALID_ARGUMENT, 'transaction is not active');
      for (const [name, version] of reads) {
        if ((this.documents.get(name)?.version ?? 0) !== version) {
          this.abortedCommits += 1;
          throw new RpcError(grpc.status.ABORTED, 'Transaction lock timeout: a document read by this transaction has changed.');
        }
      }
    }
    const writes = (request.writes as Write[] | undefined) ?? [];
    // Every precondition is checked before any write is applied: a commit is all or nothing.
    for (const write of writes) {
      const name = targetOf(write);
      if (write.currentDocument?.exists === false && this.documents.has(name)) throw new RpcError(grpc.status.ALREADY_EXISTS, `Document already exists: ${name}`);
      if (write.currentDocument?.exists === true && !this.documents.has(name)) throw new RpcError(grpc.status.NOT_FOUND, `No document to update: ${name}`);
    }
    const commitTime = this.tick();
    for (const write of writes) {
      const name = targetOf(write);
      if (write.delete !== undefined) {
        this.documents.delete(name);
        continue;
      }
      const previous = this.documents.get(name);
      const incoming = write.update?.fields ?? {};
      const mask = write.updateMask?.fieldPaths;
      const fields = mask === undefined ? { ...incoming } : { ...(previous?.fields ?? {}), ...Object.fromEntries(mask.filter((path) => Object.hasOwn(incoming, path)).map((path) => [path, incoming[path] as Value])) };
      this.documents.set(name, { fields, createTime: previous?.createTime ?? commitTime, updateTime: commitTime, version: (previous?.version ?? 0) + 1 });
    }
    return { writeResults: writes.map(() => ({ updateTime: commitTime })), commitTime };
  }

  private runQuery(request: Record<string, unknown>): unknown[] {
    const parent = String(request.parent);
    const query = request.structuredQuery as StructuredQuery;
    const collections = new Set((query.from ?? []).map((selector) => selector.collectionId));
    const readTime = this.tick();
    let matches = [...this.documents.entries()].filter(([name, stored]) => {
      const relative = name.startsWith(`${parent}/`) ? name.slice(parent.length + 1).split('/') : [];
      return relative.length === 2 && collections.has(relative[0] as string) && matchesFilter(stored.fields, query.where);
    });
    for (const order of [...(query.orderBy ?? [])].reverse()) {
      const direction = order.direction === 'DESCENDING' ? -1 : 1;
      matches = matches.sort(([, a], [, b]) => direction * compareOptional(a.fields[order.field.fieldPath], b.fields[order.field.fieldPath]));
    }
    const limit = query.limit?.value;
    if (typeof limit === 'number') matches = matches.slice(0, limit);
    const responses = matches.map(([name, stored]) => ({ document: toDocument(name, stored), readTime }));
    return responses.length === 0 ? [{ readTime }] : responses;
  }

  private tick(): Timestamp {
    this.clock += 1;
    return { seconds: String(1_704_067_200 + this.clock), nanos: 0 };
  }
}

/** grpc-js sends an Error carrying `code` and `details` as that status. */
function toServiceError(error: unknown): grpc.ServiceError {
  const code = error instanceof RpcError ? error.code : grpc.status.INTERNAL;
  const details = error instanceof RpcError ? error.message : `fake Firestore failed: ${String(error)}`;
  return Object.assign(new Error(details), { code, details, metadata: new grpc.Metadata() });
}

function targetOf(write: Write): string {
  return write.delete ?? String(write.update?.name);
}

function toDocument(name: string, stored: StoredDocument): Record<string, unknown> {
  return { name, fields: stored.fields, createTime: stored.createTime, updateTime: stored.updateTime };
}

function matchesFilter(fields: Fields, filter: Filter | undefined): boolean {
  if (filter === undefined || filter === null) return true;
  if (filter.compositeFilter) {
    if (filter.compositeFilter.op !== 'AND') throw new RpcError(grpc.status.UNIMPLEMENTED, `fake: composite operator ${filter.compositeFilter.op}`);
    return filter.compositeFilter.filters.every((inner) => matchesFilter(fields, inner));
  }
  const fieldFilter = filter.fieldFilter;
  const operator = fieldFilter === undefined ? undefined : FIELD_OPERATORS[fieldFilter.op];
  if (fieldFilter === undefined || operator === undefined) throw new RpcError(grpc.status.UNIMPLEMENTED, `fake: filter ${JSON.stringify(filter)}`);
  return operator(fields[fieldFilter.field.fieldPath], fieldFilter.value);
}

function arrayValues(value: Value | undefined): Value[] {
  return ((value?.arrayValue as { values?: Value[] } | undefined)?.values ?? []) as Value[];
}

/** The store only compares values of one type with each other (ISO strings, integers). */
function compareValues(left: Value, right: Value): number {
  const a = scalar(left);
  const b = scalar(right);
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return String(a) < String(b) ? -1 : String(a) > String(b) ? 1 : 0;
}

function compareOptional(left: Value | undefined, right: Value | undefined): number {
  if (left === undefined || right === undefined) return left === right ? 0 : left === undefined ? -1 : 1;
  return compareValues(left, right);
}

function scalar(value: Value): string | number | boolean | null {
  if (value.integerValue !== undefined) return Number(value.integerValue);
  if (value.doubleValue !== undefined) return Number(value.doubleValue);
  if (value.stringValue !== undefined) return String(value.stringValue);
  if (value.booleanValue !== undefined) return Boolean(value.booleanValue);
  if (value.nullValue !== undefined) return null;
  return JSON.stringify(value);
}
