import { errorHeadline } from '../../../shared/src/core/domain/error-headline';

describe('errorHeadline', () => {
  it('picks the exception line at the end of a Python traceback', () => {
    const traceback = [
      'Task failed with exception',
      'Traceback (most recent call last):',
      '  File "/opt/python3.11/lib/python3.11/site-packages/airflow/models/taskinstance.py", line 465, in _execute_task',
      '    result = _execute_callable(context=context, **execute_callable_kwargs)',
      'airflow.exceptions.AirflowTaskTimeout: Timeout, PID: 4242',
    ].join('\n');
    expect(errorHeadline(traceback)).toBe('airflow.exceptions.AirflowTaskTimeout: Timeout, PID: 4242');
  });

  it('prefers the exception over context lines a client appends after it', () => {
    const traceback = [
      'Traceback (most recent call last):',
      '  File "/home/airflow/gcs/dags/load.py", line 12, in load',
      'google.api_core.exceptions.BadRequest: 400 Cannot query over table without a filter over column(s) event_date',
      '',
      'Location: EU',
      'Job ID: 6c1a2b3d-4e5f',
    ].join('\n');
    expect(errorHeadline(traceback)).toBe('google.api_core.exceptions.BadRequest: 400 Cannot query over table without a filter over column(s) event_date');
  });

  it('keeps a one-line message as it is', () => {
    expect(errorHeadline('Task exited with return code Negsignal.SIGKILL')).toBe('Task exited with return code Negsignal.SIGKILL');
  });

  it('joins a multi-line message that is not a traceback into one line', () => {
    expect(errorHeadline('Workflow failed. Causes:\nS04 failed.')).toBe('Workflow failed. Causes: S04 failed.');
  });
});
