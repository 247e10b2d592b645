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

  it('keeps a one-line message as it is', () => {
    expect(errorHeadline('Task exited with return code Negsignal.SIGKILL')).toBe('Task exited with return code Negsignal.SIGKILL');
  });

  it('joins a multi-line message that is not a traceback into one line', () => {
    expect(errorHeadline('Workflow failed. Causes:\nS04 failed.')).toBe('Workflow failed. Causes: S04 failed.');
  });
});
