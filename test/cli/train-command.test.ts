import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTrainCommand } from '../../cli/commands/train';
import { readKnowledgeBase } from '../../cli/training-data';
import { verifyArtifact } from '../../shared/src/core/classify/artifact';
import { commandIo } from '../helpers/command-io';

describe('flexiroaster train --from-store', () => {
  it('trains from the stored knowledge base and records the span its entries were written in', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'flexiroaster-train-'));
    try {
      const perCategory = new Map<string, number>();
      const entries = readKnowledgeBase(join(__dirname, '../../data/knowledge-base/seed.csv')).filter((entry) => {
        const seen = perCategory.get(entry.category) ?? 0;
        perCategory.set(entry.category, seen + 1);
        return seen < 6;
      });
      const window = { from: '2026-11-01T00:00:00.000Z', to: '2026-11-21T12:00:00.000Z' };
      const out = join(directory, 'model.json');
      const io = commandIo();
      expect(await createTrainCommand(async () => ({ entries, window }))(['--from-store', '--out', out], io)).toBe(0);
      const artifact = verifyArtifact(JSON.parse(readFileSync(out, 'utf8')));
      expect(artifact.trainingWindow).toEqual(window);
      expect(artifact.knowledgeEntries).toBe(entries.length);
      expect(io.output()).toMatch(/out-of-fold \(10-fold\): macro-F1 [\d.]+, accuracy [\d.]+, ECE [\d.]+/);
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  });

  it('refuses to train on an empty store and says how to fill it', async () => {
    await expect(createTrainCommand(async () => ({ entries: [], window: { from: null, to: null } }))(['--from-store'], commandIo())).rejects.toThrow(/kb upload/);
  });
});
