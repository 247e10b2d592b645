import { compileMasks, DEFAULT_GCP_MASKS, maskMessage, type CompiledMask } from '../signature/masks';
import { SignatureMiner } from '../signature/miner';
import type { SignatureSource } from './model-classifier';

/**
 * Signatures and masking for the classifier from one set of GCP masks, so the text the forest sees and
 * the template an engineer sees hide the same ids, paths and numbers. The miner learns online: ids are
 * hashes of templates, so a fresh instance gives a known failure the same id as a warm one.
 */
export class MinerSignatures implements SignatureSource {
  private readonly masks: CompiledMask[] = compileMasks(DEFAULT_GCP_MASKS);

  constructor(private readonly miner: SignatureMiner = new SignatureMiner()) {}

  signatureOf(message: string): { signatureId: string; template: string } {
    const { signatureId, template } = this.miner.add(message);
    return { signatureId, template };
  }

  mask(message: string): string {
    return maskMessage(message, this.masks);
  }
}
