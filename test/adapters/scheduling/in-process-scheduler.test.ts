import { InProcessScheduler } from '../../../shared/src/adapters/scheduling/in-process-scheduler';

const soon = () => new Date(Date.now() + 5);
const tick = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('InProcessScheduler', () => {
  it('runs a deferred action once when its time comes, however often it is scheduled', async () => {
    const runs: string[] = [];
    const scheduler = new InProcessScheduler();
    scheduler.bind(async (actionKey) => runs.push(actionKey));
    const first = await scheduler.schedule({ actionKey: 'k1', notBefore: soon(), payload: { actionKey: 'k1' } });
    const again = await scheduler.schedule({ actionKey: 'k1', notBefore: soon(), payload: { actionKey: 'k1' } });
    expect(again).toEqual(first);
    expect(scheduler.scheduled()).toEqual(['k1']);
    await tick(40);
    expect(runs).toEqual(['k1']);
    expect(scheduler.scheduled()).toEqual([]);
  });

  it('hands a failed run to onError instead of letting it escape as an unhandled rejection', async () => {
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    try {
      const failures: Array<[string, string]> = [];
      const scheduler = new InProcessScheduler((actionKey, error) => failures.push([actionKey, (error as Error).message]));
      scheduler.bind(async () => {
        throw new Error('coordination store unavailable');
      });
      await scheduler.schedule({ actionKey: 'k2', notBefore: soon(), payload: {} });
      await tick(40);
      expect(failures).toEqual([['k2', 'coordination store unavailable']]);
      expect(unhandled).toEqual([]);
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
  });

  it('cancels what is still waiting', async () => {
    const runs: string[] = [];
    const scheduler = new InProcessScheduler();
    scheduler.bind(async (actionKey) => runs.push(actionKey));
    await scheduler.schedule({ actionKey: 'k3', notBefore: new Date(Date.now() + 20), payload: {} });
    scheduler.cancelAll();
    await tick(50);
    expect(runs).toEqual([]);
    expect(scheduler.scheduled()).toEqual([]);
  });
});
