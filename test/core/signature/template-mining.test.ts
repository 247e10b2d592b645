import { SignatureMiner, userMasks } from '../../../shared/src/core/signature';

function mine(lines: readonly string[], miner = new SignatureMiner()): { templates: string[]; miner: SignatureMiner } {
  const templates = lines.map((line) => miner.add(line).template);
  return { templates, miner };
}

describe('templates for real log lines', () => {
  it('BigQuery "table not found" keeps the message and masks the table and location', () => {
    const { templates } = mine(['Not found: Table my-proj:ds.tbl was not found in location US']);
    expect(templates).toEqual(['Not found: Table <BQ_TABLE> was not found in location <REGION>']);
  });

  it('Dataflow "Workflow failed" masks counts, the docs URL, the worker and the GCS spec', () => {
    const line =
      'Workflow failed. Causes: S05:Read input+Parse failed., The job failed because a work item has failed 4 times. ' +
      'Look in previous log entries for the cause of each one of the 4 failures. For more information, see ' +
      'https://cloud.google.com/dataflow/docs/guides/common-errors. The work item was attempted on these workers: ' +
      'etl-daily-01011200-a1b2-harness-x7k2 Root cause: java.io.FileNotFoundException: No files matched spec: ' +
      'gs://raw-bucket/events/2024-01-01/*.json';
    expect(mine([line]).templates).toEqual([
      'Workflow failed. Causes: S05:Read input+Parse failed., The job failed because a work item has failed <NUM> times. ' +
        'Look in previous log entries for the cause of each one of the <NUM> failures. For more information, see <URL>. ' +
        'The work item was attempted on these workers: <INSTANCE> Root cause: java.io.FileNotFoundException: ' +
        'No files matched spec: <GCS_PATH>',
    ]);
  });

  it('Airflow task state lines keep the state and mask the dates', () => {
    const { templates } = mine([
      'Marking task as FAILED. dag_id=etl_daily, task_id=load_bq, execution_date=20240101T000000, start_date=20240102T010203, end_date=20240102T010509',
    ]);
    expect(templates).toEqual([
      'Marking task as FAILED. dag_id=etl_daily, task_id=load_bq, execution_date=<TS>, start_date=<TS>, end_date=<TS>',
    ]);
  });

  it('HDFS: a value the masks miss is generalised inside its token once a second line differs there', () => {
    const { templates } = mine([
      'PacketResponder 1 for block blk_38865049064139660 terminating',
      'PacketResponder 0 for block blk_-6952295868487656571 terminating',
    ]);
    expect(templates).toEqual([
      'PacketResponder <NUM> for block blk_38865049064139660 terminating',
      'PacketResponder <NUM> for block blk_<*> terminating',
    ]);
  });

  it('Hadoop: generated ids keep their constant prefix, not their digits', () => {
    const { templates, miner } = mine([
      'attempt_1445144423722_0020_m_000001_0 TaskAttempt Transitioned from NEW to UNASSIGNED',
      'attempt_1445144423722_0020_m_000002_0 TaskAttempt Transitioned from NEW to UNASSIGNED',
      'attempt_1445144423722_0020_r_000000_0 TaskAttempt Transitioned from NEW to UNASSIGNED',
    ]);
    expect(templates[2]).toBe('attempt_<*> TaskAttempt Transitioned from NEW to UNASSIGNED');
    expect(miner.signatures()).toHaveLength(1);
  });

  it('OpenStack: request lines mask the path, status, size and duration', () => {
    const { templates } = mine([
      '10.11.10.1 "GET /v2/54fadb412c4e40cdbaed9335e4c35a9e/servers/detail HTTP/1.1" status: 200 len: 1893 time: 0.2477829',
    ]);
    expect(templates).toEqual(['<IP> "GET <PATH> HTTP/<NUM>" status: <NUM> len: <NUM> time: <NUM>']);
  });

  it('Linux: a name after a name key ("for user") is a variable from the second user on', () => {
    const { templates } = mine(['session opened for user cyrus by (uid=0)', 'session opened for user news by (uid=0)']);
    expect(templates).toEqual(['session opened for user cyrus by (uid=<NUM>)', 'session opened for user <*> by (uid=<NUM>)']);
  });

  it('HDFS: a list of values is one variable, whatever its length', () => {
    const miner = new SignatureMiner({ extraMasks: userMasks(['blk_-?\\d+', '(\\d+\\.){3}\\d+(:\\d+)?']) });
    const { templates } = mine(
      [
        'BLOCK* ask 10.251.126.5:50010 to delete  blk_-5140072410813878235',
        'BLOCK* ask 10.250.14.224:50010 to delete  blk_7641590744342585367 blk_-2356187380467063451 blk_3218335380236958380',
      ],
      miner,
    );
    expect(templates).toEqual(['BLOCK* ask <*> to delete <*>', 'BLOCK* ask <*> to delete <*>']);
    expect(miner.signatures()).toHaveLength(1);
  });

  it('Proxifier: optional "(n KB)" fields do not split one message into one template per length', () => {
    const miner = new SignatureMiner({ extraMasks: userMasks(['<\\d+\\ssec', '([\\w-]+\\.)+[\\w-]+(:\\d+)?', '\\d{2}:\\d{2}(:\\d{2})*', '[KGTM]B']) });
    const { templates } = mine(
      [
        'proxy.cse.cuhk.edu.hk:5070 close, 0 bytes sent, 0 bytes received, lifetime 00:01',
        'proxy.cse.cuhk.edu.hk:5070 close, 451 bytes sent, 18846 bytes (18.4 KB) received, lifetime <1 sec',
        'proxy.cse.cuhk.edu.hk:5070 close, 1190 bytes (1.16 KB) sent, 1671 bytes (1.63 KB) received, lifetime 00:02',
      ],
      miner,
    );
    expect(templates[2]).toBe('<*> close, <NUM> bytes <*> sent, <NUM> bytes <*> received, lifetime <*>');
    expect(miner.signatures()).toHaveLength(1);
  });
});
