import { crashBetweenClaimAndRecord } from '../../helpers/crash-scenario';
import { memoryCoordinationStore } from '../../helpers/remediation-fakes';

describe('crash between claim and record (DuckDB coordination store)', () => {
  it('keeps the decision as a claimed record and finishes it under the same key on a redelivery after the lease', async () => {
    await crashBetweenClaimAndRecord(await memoryCoordinationStore(), 'redelivery');
  });

  it('lets the deadline sweep finish an abandoned claim under the same key', async () => {
    await crashBetweenClaimAndRecord(await memoryCoordinationStore(), 'sweep');
  });
});
