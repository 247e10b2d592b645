import { describeApiError, failedResult, redactSecrets } from '../../../shared/src/adapters/executors/api-errors';

describe('describeApiError: one retry policy for every client error shape', () => {
  it('reads a gax GoogleError by its gRPC code', () => {
    expect(describeApiError(Object.assign(new Error('14 UNAVAILABLE: connection reset'), { code: 14 }))).toMatchObject({
      status: 'UNAVAILABLE',
      httpStatus: 503,
      retryable: true,
    });
    expect(describeApiError(Object.assign(new Error('6 ALREADY_EXISTS: exists'), { code: 6 }))).toMatchObject({
      status: 'ALREADY_EXISTS',
      httpStatus: 409,
      retryable: false,
    });
    expect(describeApiError(Object.assign(new Error('4 DEADLINE_EXCEEDED'), { code: 4 }))).toMatchObject({ retryable: true });
  });

  it('lets the canonical status decide between the two meanings of HTTP 409', () => {
    const aborted = { status: 409, message: JSON.stringify({ error: { code: 409, message: 'Concurrent update', status: 'ABORTED' } }) };
    const exists = { status: 409, message: JSON.stringify({ error: { code: 409, message: 'Already exists', status: 'ALREADY_EXISTS' } }) };
    const bare = { status: 409, message: 'Request failed with status code 409' };

    expect(describeApiError(aborted)).toMatchObject({ status: 'ABORTED', retryable: true });
    expect(describeApiError(exists)).toMatchObject({ status: 'ALREADY_EXISTS', retryable: false });
    expect(describeApiError(bare)).toMatchObject({ httpStatus: 409, retryable: false });
  });

  it('takes the reason from google.rpc.ErrorInfo when there is no errors[] list', () => {
    const body = {
      error: {
        code: 403,
        message: 'Cloud Tasks API has not been used in project 418327550115 before or it is disabled.',
        status: 'PERMISSION_DENIED',
        details: [{ '@type': 'type.googleapis.com/google.rpc.ErrorInfo', reason: 'SERVICE_DISABLED', domain: 'googleapis.com' }],
      },
    };

    expect(describeApiError({ status: 403, message: JSON.stringify(body) })).toMatchObject({ reason: 'SERVICE_DISABLED', retryable: false });
  });

  it('treats connection failures as retryable and DNS misconfiguration as permanent', () => {
    const reset = new TypeError('fetch failed', { cause: Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' }) });
    const unknownHost = new TypeError('fetch failed', { cause: Object.assign(new Error('getaddrinfo ENOTFOUND'), { code: 'ENOTFOUND' }) });
    const timeout = new DOMException('The operation was aborted due to timeout', 'TimeoutError');

    expect(describeApiError(reset)).toMatchObject({ networkCode: 'ECONNRESET', retryable: true });
    expect(describeApiError(unknownHost)).toMatchObject({ networkCode: 'ENOTFOUND', retryable: false });
    expect(describeApiError(timeout)).toMatchObject({ status: 'DEADLINE_EXCEEDED', retryable: true });
  });

  it('never copies request config or tokens into the detail', () => {
    const error = Object.assign(new Error('Request failed: Bearer ya29.a0AfB_secretToken access_token=ya29.other&x=1'), {
      status: 401,
      config: { headers: { Authorization: 'Bearer ya29.a0AfB_secretToken' }, url: 'https://example.com/?key=AIzaSecret' },
    });

    const result = failedResult('op', error);

    expect(result.detail).not.toContain('secretToken');
    expect(result.detail).not.toContain('ya29.other');
    expect(result.detail).not.toContain('AIzaSecret');
    expect(result).toMatchObject({ status: 'failed', retryable: false, httpStatus: 401 });
  });

  it('redacts Slack webhook URLs and bounds the length', () => {
    expect(redactSecrets('posting to https://hooks.slack.com/services/T0/B0/abc failed')).toBe('posting to [redacted webhook url] failed');
    expect(redactSecrets('x'.repeat(5000)).length).toBeLessThanOrEqual(601);
  });
});
