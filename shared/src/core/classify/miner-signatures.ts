import { compileMasks, DEFAULT_GCP_MASKS, maskMessage, type CompiledMask } from '../signature/masks';
import type { LearnedSignatureRow } from '../signature/consolidate';
import { SignatureMiner } from '../signature/miner';
import { signatureIdOf } from '../signature/signature-id';
import type { SignatureSource } from './model-classifier';

/** Enough distinct failure templates for any fleet of pipelines; past it, a flood of one-off messages stops growing memory. */
export const DEFAULT_MAX_LEARNED_SIGNATURES = 20_000;

/**
 * Signatures and masking for the classifier from one set of GCP masks, so the text the forest sees and
 * the template an engineer sees hide the same ids, paths and numbers. The miner learns online: ids are
 * hashes of templates, so a fresh instance gives a known failure the same id as a warm one. A long-lived
 * instance stops learning new templates after `maxLearned` of them and then names an unknown message
 * by its masked text, so memory stays bounded.
 */
export class MinerSignatures implements SignatureSource {
  private readonly masks: CompiledMask[] = compileMasks(DEFAULT_GCP_MASKS);
  private learned = 0;

  constructor(
    private readonly miner: SignatureMiner = new SignatureMiner(),
    private readonly maxLearned = DEFAULT_MAX_LEARNED_SIGNATURES,
  ) {
    // Bounded like the miner: at most a few rows per learned template, drained by the ingest path.
    miner.journalLearning();
  }

  signatureOf(message: string): { signatureId: string; template: string } {
    if (this.learned >= this.maxLearned) {
      const known = this.miner.match(message);
      if (known) return { signatureId: known.signatureId, template: known.template };
      const template = this.miner.tokensOf(message).join(' ');
      return { signatureId: signatureIdOf(template), template };
    }
    const { signatureId, template, isNew } = this.miner.add(message);
    if (isNew) this.learned += 1;
    return { signatureId, template };
  }

  /** Ids handed out and generalisations since the last call, when the miner journals (see SignatureMiner). */
  drainLearned(): LearnedSignatureRow[] {
    return this.miner.drainLearned();
  }

  mask(message: string): string {
    return maskMessage(message, this.masks);
  }
}
