import { SignatureMiner, signatureIdOf } from '../../../shared/src/core/signature';

const ids = (miner: SignatureMiner, lines: readonly string[]) => lines.map((line) => miner.add(line).signatureId);

describe('signature ids', () => {
  it('are the hash of the template, so two fresh miners agree on them', () => {
    const line = 'Not found: Table my-proj:ds.tbl was not found in location US';
    const first = new SignatureMiner().add(line);
    const second = new SignatureMiner().add(line);
    expect(first.signatureId).toBe(second.signatureId);
    expect(first.signatureId).toBe(signatureIdOf(first.template));
    expect(first.signatureId).toMatch(/^sig_[0-9a-f]{16}$/);
  });

  it('give the same failure with other tables, job ids, paths and numbers the same id from its first line', () => {
    const miner = new SignatureMiner();
    const bigQuery = ids(miner, [
      'Not found: Table my-proj:ds.tbl was not found in location US',
      'Not found: Table other-project-42:sales.orders_2024 was not found in location EU',
      'Not found: Table analytics-prod.raw_events.clicks was not found in location us-central1',
    ]);
    const dataflow = ids(miner, [
      'Job 2024-01-01_00_00_00-1234567890123456789 failed in projects/my-proj/locations/us-central1/jobs/2024-01-01_00_00_00-1234567890123456789',
      'Job 2024-03-05_10_11_12-987654321 failed in projects/other/locations/europe-west1/jobs/2024-03-05_10_11_12-987654321',
    ]);
    const loads = ids(miner, [
      'Error while reading data, error message: JSON table encountered too many errors, giving up. Rows: 1; errors: 1. File: gs://landing/2024/01/01/part-0001.json',
      'Error while reading data, error message: JSON table encountered too many errors, giving up. Rows: 37; errors: 1. File: gs://landing/2024/01/02/part-0007.json',
    ]);
    for (const group of [bigQuery, dataflow, loads]) expect(new Set(group).size).toBe(1);
    expect(new Set([bigQuery[0], dataflow[0], loads[0]]).size).toBe(3);
  });

  it('keep lines that differ in one state word apart, however many lines arrive', () => {
    const miner = new SignatureMiner();
    const states = ['Started', 'Paused', 'Resumed', 'Stopped'];
    const seen = new Map<string, Set<string>>();
    for (let i = 0; i < 40; i += 1) {
      const state = states[i % states.length]!;
      const id = miner.add(`[instance: 3edec1e4-9678-4a3a-a21b-a145a4ee${String(1000 + i)}] VM ${state} (Lifecycle Event)`).signatureId;
      seen.set(state, (seen.get(state) ?? new Set()).add(id));
    }
    expect([...seen.values()].map((set) => set.size)).toEqual([1, 1, 1, 1]);
    expect(new Set([...seen.values()].flatMap((set) => [...set])).size).toBe(4);
  });

  it('never turn outcome words into a wildcard, even with more distinct values than a family needs', () => {
    const miner = new SignatureMiner();
    const states = ['JOB_STATE_RUNNING', 'JOB_STATE_DONE', 'JOB_STATE_FAILED', 'JOB_STATE_CANCELLED', 'JOB_STATE_DRAINED', 'JOB_STATE_PENDING', 'JOB_STATE_QUEUED'];
    const byState = states.map((state, i) => miner.add(`Dataflow job 2024-01-0${i + 1}_00_00_00-12345 is now in state ${state}`));
    expect(new Set(byState.map((match) => match.signatureId)).size).toBe(states.length);
    expect(byState[2]!.template).toBe('Dataflow job <JOB_ID> is now in state JOB_STATE_FAILED');
  });

  it('keep HTTP methods apart but merge names once enough distinct ones differ in the same place', () => {
    const miner = new SignatureMiner();
    const get = miner.add('10.11.10.1 "GET /v2/54fadb412c4e40cdbaed9335e4c35a9e/servers/detail HTTP/1.1" status: 200 len: 1893 time: 0.2477829');
    const post = miner.add('10.11.10.1 "POST /v2/54fadb412c4e40cdbaed9335e4c35a9e/os-server-external-events HTTP/1.1" status: 200 len: 380 time: 0.09');
    expect(get.signatureId).not.toBe(post.signatureId);

    const names = ['alice', 'bob', 'carol', 'dave', 'erin'];
    const matches = names.map((name) => miner.add(`Accepted publickey for ${name} from 10.0.0.7 port 51514 ssh2`));
    expect(new Set(matches.slice(0, 4).map((match) => match.signatureId)).size).toBe(4);
    const merged = matches[4]!;
    expect(merged.template).toBe('Accepted publickey for <*> from <IP> port <NUM> ssh2');
    for (const match of matches) expect(miner.resolve(match.signatureId)?.signatureId).toBe(merged.signatureId);
    expect(miner.add('Accepted publickey for mallory from 10.0.0.8 port 2 ssh2').signatureId).toBe(merged.signatureId);
  });

  it('leave an alias when a template generalises, so the first id still resolves', () => {
    const miner = new SignatureMiner();
    const first = miner.add('PacketResponder 1 for block blk_38865049064139660 terminating');
    const second = miner.add('PacketResponder 0 for block blk_-6952295868487656571 terminating');
    expect(second.signatureId).not.toBe(first.signatureId);
    expect(miner.resolve(first.signatureId)).toEqual({ signatureId: second.signatureId, template: second.template, count: 2 });
    expect(miner.resolve('sig_0000000000000000')).toBeUndefined();
  });

  it('match without learning: the state is unchanged and unseen messages have no signature', () => {
    const miner = new SignatureMiner();
    const added = miner.add('Task exited with return code 1');
    const before = JSON.stringify(miner.toJSON());
    expect(miner.match('Task exited with return code 137')).toEqual({ ...added, isNew: false });
    expect(miner.match('Scheduler heartbeat missed')).toBeUndefined();
    expect(JSON.stringify(miner.toJSON())).toBe(before);
    expect(added.isNew).toBe(true);
    expect(miner.add('Task exited with return code 9').isNew).toBe(false);
  });
});
