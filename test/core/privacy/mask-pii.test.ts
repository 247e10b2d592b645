import { maskPii, maskPiiDeep } from '../../../shared/src/core/privacy/mask-pii';

describe('maskPii', () => {
  it('masks a human email address but keeps the rest of the BigQuery error', () => {
    expect(maskPii('Access Denied: Table p:d.t: User does not have permission. Principal: jane.doe@example.com')).toBe(
      'Access Denied: Table p:d.t: User does not have permission. Principal: [REDACTED_EMAIL]',
    );
  });

  it('keeps service-account emails because they are what IAM fixes need', () => {
    const text =
      'serviceAccount:etl@my-proj.iam.gserviceaccount.com and 123456789-compute@developer.gserviceaccount.com lack storage.objects.get';
    expect(maskPii(text)).toBe(text);
  });

  it('masks bearer tokens and Google OAuth access tokens', () => {
    expect(maskPii('Authorization: Bearer ya29.a0AfH6SMBabcdefghijklmnop failed')).toBe(
      'Authorization: Bearer [REDACTED_TOKEN] failed',
    );
    expect(maskPii('token ya29.a0AfH6SMBabcdefghijklmnop expired')).toBe('token [REDACTED_TOKEN] expired');
  });

  it('masks the password in a URL and keeps host and user', () => {
    expect(maskPii('jdbc:postgresql://admin:s3cr3t@10.0.0.1:5432/db connection refused')).toBe(
      'jdbc:postgresql://admin:[REDACTED_PASSWORD]@10.0.0.1:5432/db connection refused',
    );
  });

  it('masks Google API keys and password assignments', () => {
    expect(maskPii('key AIzaSyA1234567890abcdefghijklmnopqrstuv used')).toBe('key [REDACTED_API_KEY] used');
    expect(maskPii('conn password=hunter22; host=db')).toBe('conn password=[REDACTED]; host=db');
  });

  it('leaves resource names and job ids untouched', () => {
    const text = 'Not found: Table my-project:analytics.events_20261121 projects/my-project/jobs/bquxjob_1a2b3c';
    expect(maskPii(text)).toBe(text);
  });

  it('masks strings nested in objects and arrays without touching keys', () => {
    expect(maskPiiDeep({ user: 'bob@corp.com', list: ['x', 'alice@corp.com'], n: 3 })).toEqual({
      user: '[REDACTED_EMAIL]',
      list: ['x', '[REDACTED_EMAIL]'],
      n: 3,
    });
  });
});
