import type { Decision, RemediationRequest } from './decision';
import type { RemediationService, SettledAction } from './remediation-service';

export type DispatchResult =
  | { kind: 'decided'; decision: Decision }
  | { kind: 'settled'; settled: SettledAction[] }
  | { kind: 'ignored'; why: string };

/** One message from the remediation-requests topic: failures are decided on, outcomes settle pending actions. */
export async function dispatchRemediation(service: RemediationService, request: RemediationRequest): Promise<DispatchResult> {
  const { status } = request.event;
  // An anomaly on a run that did not fail is decided like a failure; its outcome request travels separately.
  if (status === 'failed' || request.anomaly !== undefined) return { kind: 'decided', decision: await service.handle(request) };
  if (status === 'succeeded' || status === 'cancelled') return { kind: 'settled', settled: await service.settle(request.event) };
  return { kind: 'ignored', why: `a ${status} event neither needs remediation nor settles one` };
}
