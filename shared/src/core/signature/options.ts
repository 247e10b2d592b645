import { DEFAULT_GCP_MASKS, type MaskRule } from './masks';

export interface SignatureMinerOptions {
  /** Base masks; the GCP defaults unless replaced. */
  readonly masks?: readonly MaskRule[];
  /** Applied before `masks`, so a user's specific rule sees the raw text first. */
  readonly extraMasks?: readonly MaskRule[];
  /** Share of positions that must agree (equal or template wildcard) to join a cluster. */
  readonly similarityThreshold?: number;
  /** Leading tokens used to route a line in the prefix tree. */
  readonly prefixDepth?: number;
  /** Fan-out per tree node before new tokens share the wildcard branch. */
  readonly maxChildren?: number;
  /**
   * How many clusters that differ only in one plain word it takes to call that word a variable.
   * Below it, "Started" and "Paused" stay separate signatures; at it, user names and the like merge.
   */
  readonly familySize?: number;
  /**
   * Words after which a different word is a name, not a different message: "for user bob" joins "for
   * user alice" as `for user <*>` at once, without waiting for `familySize` users. Compared
   * lower-cased, without a trailing `:` or `=`; outcome words after a key still stay apart.
   */
  readonly nameKeys?: readonly string[];
  /**
   * Outcome and state words that must never become a wildcard, whatever the evidence: "Dataflow job
   * FAILED" and "Dataflow job SUCCEEDED" stay two signatures. Matched on the last `_`/`-` part of a
   * token's value, case-insensitively (`JOB_STATE_FAILED`, `state=failed`).
   */
  readonly outcomeWords?: readonly string[];
}

export type ResolvedMinerOptions = Required<SignatureMinerOptions>;

export const DEFAULT_MINER_OPTIONS: Omit<ResolvedMinerOptions, 'masks' | 'extraMasks'> = {
  similarityThreshold: 0.5,
  prefixDepth: 2,
  maxChildren: 100,
  familySize: 5,
  nameKeys: [
    'user', 'username', 'account', 'owner', 'principal', 'host', 'hostname', 'project', 'dataset', 'table',
    'bucket', 'object', 'file', 'path', 'directory', 'database', 'schema', 'column', 'field', 'topic',
    'subscription', 'queue', 'job', 'task', 'dag', 'workflow', 'execution', 'pipeline', 'node', 'pod',
    'container', 'namespace', 'cluster', 'instance', 'worker', 'region', 'zone', 'location', 'key', 'name',
  ],
  outcomeWords: [
    'fail', 'failed', 'fails', 'failing', 'failure', 'error', 'errors', 'succeed', 'succeeded', 'success', 'successful',
    'successfully', 'ok', 'done', 'complete', 'completed', 'finished', 'start', 'started', 'starting', 'stop',
    'stopped', 'stopping', 'pause', 'paused', 'resume', 'resumed', 'running', 'pending', 'queued', 'scheduled',
    'cancel', 'cancelled', 'canceled', 'cancelling', 'killed', 'terminated', 'terminating', 'aborted', 'timeout',
    'expired', 'retry', 'retrying', 'skipped', 'draining', 'drained', 'updated', 'created', 'deleted', 'removed',
    'enabled', 'disabled', 'up', 'down', 'true', 'false', 'allowed', 'denied', 'accepted', 'rejected', 'opened',
    'closed', 'connected', 'disconnected', 'healthy', 'unhealthy', 'valid', 'invalid', 'found', 'missing',
  ],
};

export class InvalidMinerOptionError extends Error {
  override readonly name = 'InvalidMinerOptionError';
  constructor(
    readonly option: string,
    message: string,
  ) {
    super(`${option}: ${message}`);
  }
}

export function resolveMinerOptions(options: SignatureMinerOptions = {}): ResolvedMinerOptions {
  const resolved: ResolvedMinerOptions = {
    ...DEFAULT_MINER_OPTIONS,
    masks: DEFAULT_GCP_MASKS,
    extraMasks: [],
    ...withoutUndefined(options),
  };
  const { similarityThreshold, prefixDepth, maxChildren, familySize } = resolved;
  if (!(similarityThreshold > 0 && similarityThreshold <= 1)) throw new InvalidMinerOptionError('similarityThreshold', 'must be in (0, 1]');
  if (!Number.isInteger(prefixDepth) || prefixDepth < 0) throw new InvalidMinerOptionError('prefixDepth', 'must be a non-negative integer');
  if (!Number.isInteger(maxChildren) || maxChildren < 1) throw new InvalidMinerOptionError('maxChildren', 'must be a positive integer');
  if (!Number.isInteger(familySize) || familySize < 2) throw new InvalidMinerOptionError('familySize', 'must be an integer >= 2');
  return resolved;
}

function withoutUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, inner]) => inner !== undefined)) as Partial<T>;
}
