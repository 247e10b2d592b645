import type { ActionExecutor } from '../../../shared/src/core/remediation/actions';
import { registryOf } from '../../../shared/src/core/remediation/executor-registry';

const executor = (kinds: ActionExecutor['kinds']): ActionExecutor => ({ kinds, execute: async () => ({ status: 'submitted', detail: 'ok', retryable: false }) });

describe('registryOf', () => {
  it('finds each executor by the kinds it declares and nothing for undeclared kinds', () => {
    const composer = executor(['composer.clear_failed_tasks', 'composer.pause_dag']);
    const registry = registryOf([composer, executor(['notify.pubsub'])]);
    expect(registry.executorFor('composer.pause_dag')).toBe(composer);
    expect(registry.executorFor('dataflow.update_workers')).toBeUndefined();
  });

  it('refuses two executors for one kind', () => {
    expect(() => registryOf([executor(['notify.pubsub']), executor(['notify.pubsub'])])).toThrow('two executors are registered for notify.pubsub');
  });
});
