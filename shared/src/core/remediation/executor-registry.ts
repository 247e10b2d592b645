import type { ActionExecutor, ActionKind } from './actions';
import type { ExecutorRegistry } from './ports';

/** Indexes executors by the kinds they declare; two executors for one kind is a wiring mistake. */
export function registryOf(executors: readonly ActionExecutor[]): ExecutorRegistry {
  const byKind = new Map<ActionKind, ActionExecutor>();
  for (const executor of executors) {
    for (const kind of executor.kinds) {
      if (byKind.has(kind)) throw new RangeError(`two executors are registered for ${kind}`);
      byKind.set(kind, executor);
    }
  }
  return {
    executorFor<K extends ActionKind>(kind: K): ActionExecutor<K> | undefined {
      // Safe: the executor declared this kind, so it accepts ActionOf<K>.
      return byKind.get(kind) as ActionExecutor<K> | undefined;
    },
  };
}
