import { cryptoRandom } from '../../shared/src/adapters/system/crypto-random';
import { systemClock } from '../../shared/src/adapters/system/system-clock';
import type { Clock } from '../../shared/src/core/ports/clock';
import type { Logger } from '../../shared/src/core/ports/logger';
import type { DeferredActionScheduler } from '../../shared/src/core/remediation/actions';
import { ApprovalTokens } from '../../shared/src/core/remediation/approval-token';
import type { RemediationConfig } from '../../shared/src/core/remediation/config/remediation-config';
import type { CoordinationStore } from '../../shared/src/core/remediation/coordination-store';
import type { ExecutorRegistry, JobConfigurationSource, StrategyStatistics } from '../../shared/src/core/remediation/ports';
import { RemediationService } from '../../shared/src/core/remediation/remediation-service';
import type { SecretVersionInspector } from '../../shared/src/core/remediation/secret-inspector';

export interface RemediationParts {
  config: RemediationConfig;
  store: CoordinationStore;
  executors: ExecutorRegistry;
  scheduler: DeferredActionScheduler;
  statistics: StrategyStatistics;
  /** HMAC key for approval links; from Secret Manager in production. */
  signingKey: Uint8Array;
  logger: Logger;
  jobConfigurations?: JobConfigurationSource;
  secrets?: SecretVersionInspector;
  /** Wall clock unless replaying history. */
  clock?: Clock;
}

/** The one place a RemediationService is assembled, for the function and the local runtime alike. */
export function buildRemediationService(parts: RemediationParts): RemediationService {
  const { signingKey, jobConfigurations, secrets, clock, ...rest } = parts;
  return new RemediationService({
    ...rest,
    approvals: new ApprovalTokens(signingKey),
    clock: clock ?? systemClock,
    random: cryptoRandom,
    ...(jobConfigurations ? { jobConfigurations } : {}),
    ...(secrets ? { secrets } : {}),
  });
}
