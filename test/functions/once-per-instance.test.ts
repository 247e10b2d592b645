import { oncePerInstance } from '../../functions/instance';

describe('oncePerInstance', () => {
  it('builds once and hands every invocation the same instance', async () => {
    let builds = 0;
    const get = oncePerInstance(async () => ({ build: (builds += 1) }));
    const [a, b] = await Promise.all([get(), get()]);
    expect(a).toBe(b);
    expect(await get()).toBe(a);
    expect(builds).toBe(1);
  });

  it('forgets a failed build, so the failing invocation throws and the next one builds again', async () => {
    let builds = 0;
    const get = oncePerInstance(async () => {
      builds += 1;
      if (builds === 1) throw new Error('Secret Manager unavailable');
      return 'ready';
    });
    await expect(get()).rejects.toThrow('Secret Manager unavailable');
    await expect(get()).resolves.toBe('ready');
    await expect(get()).resolves.toBe('ready');
    expect(builds).toBe(2);
  });

  it('turns a build that throws synchronously into a rejected invocation, not a crash', async () => {
    const get = oncePerInstance((): Promise<string> => {
      throw new Error('FLEXIROASTER_TASKS_QUEUE is required');
    });
    await expect(get()).rejects.toThrow('FLEXIROASTER_TASKS_QUEUE is required');
  });

  it('keeps a newer build when an older failed one settles late', async () => {
    const pending: Array<{ resolve: (v: string) => void; reject: (e: Error) => void }> = [];
    const get = oncePerInstance(() => new Promise<string>((resolve, reject) => pending.push({ resolve, reject })));
    const first = get();
    await Promise.resolve();
    pending[0]?.reject(new Error('cold start failed'));
    await expect(first).rejects.toThrow('cold start failed');
    const second = get();
    await Promise.resolve();
    expect(pending).toHaveLength(2);
    pending[1]?.resolve('ready');
    await expect(second).resolves.toBe('ready');
    expect(get()).toBe(second);
  });
});
