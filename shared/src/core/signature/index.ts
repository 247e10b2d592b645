export { SignatureMiner, type SignatureMatch, type SignatureSummary } from './miner';
export {
  DEFAULT_MINER_OPTIONS,
  InvalidMinerOptionError,
  resolveMinerOptions,
  type ResolvedMinerOptions,
  type SignatureMinerOptions,
} from './options';
export {
  compileMasks,
  DEFAULT_GCP_MASKS,
  InvalidMaskError,
  maskMessage,
  userMasks,
  type CompiledMask,
  type MaskRule,
} from './masks';
export { InvalidLogFormatError, parseLogFormat, splitHeader, type HeaderSplit, type LogFormat } from './log-format';
export {
  InvalidStateError,
  parseSignatureState,
  SIGNATURE_STATE_SCHEMA_VERSION,
  SignatureStateError,
  UnsupportedStateVersionError,
  type SignatureState,
} from './state';
export { signatureIdOf } from './signature-id';
export { WILDCARD } from './tokens';
export {
  ledgerOfMiner,
  ledgerOfRows,
  SignatureConsolidation,
  type CanonicalSignature,
  type LearnedSignatureRow,
  type SignatureLedger,
} from './consolidate';
