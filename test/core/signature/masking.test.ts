import {
  compileMasks,
  DEFAULT_GCP_MASKS,
  InvalidMaskError,
  maskMessage,
  userMasks,
  type MaskRule,
} from '../../../shared/src/core/signature';

const mask = (text: string) => maskMessage(text, DEFAULT_GCP_MASKS);

describe('default GCP masks', () => {
  it.each([
    ['Not found: Table my-proj:ds.tbl was not found in location US', 'Not found: Table <BQ_TABLE> was not found in location <REGION>'],
    ['Not found: Table analytics-prod.raw_events.clicks was not found in location us-central1', 'Not found: Table <BQ_TABLE> was not found in location <REGION>'],
    ['Access Denied: Table `other-proj.raw.events`: User does not have permission', 'Access Denied: Table <BQ_TABLE>: User does not have permission'],
    ['Job 2024-01-01_00_00_00-1234567890123456789 failed', 'Job <JOB_ID> failed'],
    ['Error in job bquxjob_5e4b2c1d_18c9a7f3e21 and job_AbCdEf123456', 'Error in job <JOB_ID> and <JOB_ID>'],
    ['failed in projects/my-proj/locations/us-central1/jobs/2024-01-01_00_00_00-123', 'failed in <GCP_RESOURCE>'],
    ['No files matched spec: gs://raw-bucket/events/2024-01-01/*.json.', 'No files matched spec: <GCS_PATH>.'],
    ['see https://cloud.google.com/dataflow/docs/guides/common-errors.', 'see <URL>.'],
    ['sent by etl-runner@my-proj.iam.gserviceaccount.com', 'sent by <EMAIL>'],
    ['connect to 10.0.0.5:5432 and [2001:db8::1]:443 and fe80::1', 'connect to <IP> and <IP> and <IP>'],
    ['instance 3edec1e4-9678-4a3a-a21b-a145a4ee5e61 gone', 'instance <UUID> gone'],
    ['at 2024-03-05T12:34:56.789Z and Jun 14 15:16:01 and 20240101T000000', 'at <TS> and <TS> and <TS>'],
    ['worker etl-daily-01011200-a1b2-harness-x7k2 and pod airflow-worker-7d9f8c6b5-x2k4p', 'worker <INSTANCE> and pod <INSTANCE>'],
    ['read /var/log/app/1234.log, not /usr/bin/python', 'read <PATH>, not /usr/bin/python'],
    ['chip FF:F2:9F:16:E2:00:00:0D:60:E9:1D:DC changed, mac 00:1b:44:11:3a:b7', 'chip <HEX> changed, mac <HEX>'],
    ['took 12.5s, 0x1f, 54fadb412c4e40cdbaed9335e4c35a9e, -3 retries, 18.4 KB', 'took <NUM>, <HEX>, <HEX>, <NUM> retries, <NUM>'],
  ])('masks %j', (text, expected) => {
    expect(mask(text)).toBe(expected);
  });

  it('leaves words, Java classes and versioned names alone', () => {
    const text = 'org.apache.beam.sdk.Pipeline failed over SOCKS5 on eth0 for user alice';
    expect(mask(text)).toBe(text);
  });

  it('gives the same result with and without the substring guards, which are only a fast path', () => {
    const unguarded: MaskRule[] = DEFAULT_GCP_MASKS.map(({ requires: _requires, ...rule }) => rule);
    const samples = [
      'Not found: Dataset my-project:staging was not found in location EU at 2024-01-01 00:00:00 UTC',
      'gs://b/x.json projects/p/topics/t 192.168.1.1:80 job_abcdef123 0xdeadbeef /tmp/run-42/out',
      'May 5 01:02:03 host kernel: eth0 link up, 100 Mbps',
    ];
    for (const sample of samples) expect(maskMessage(sample, unguarded)).toBe(maskMessage(sample, DEFAULT_GCP_MASKS));
  });
});

describe('extra masks', () => {
  it('run before the defaults and replace their matches with the plain wildcard', () => {
    const masks = [...userMasks(['blk_-?\\d+']), ...DEFAULT_GCP_MASKS];
    expect(maskMessage('Receiving block blk_-1608999687919862906 src: /10.250.19.102:54106', masks)).toBe(
      'Receiving block <*> src: /<IP>',
    );
  });

  it('are compiled once and reused', () => {
    const compiled = compileMasks(userMasks(['\\bcore\\.\\d+']));
    expect(maskMessage('core.2275 and core.12', compiled)).toBe('<*> and <*>');
    expect(maskMessage('core.1', compiled)).toBe('<*>');
  });

  it('reject an invalid regular expression with a typed error naming it', () => {
    expect(() => compileMasks(userMasks(['('])) ).toThrow(InvalidMaskError);
    expect(() => compileMasks(userMasks(['(']))).toThrow(/user_1.*"\("/);
  });
});
