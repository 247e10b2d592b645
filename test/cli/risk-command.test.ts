import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { riskCommand } from '../../cli/commands/risk';
import { verifyRiskArtifact } from '../../shared/src/core/risk/model/risk-artifact';
import { commandIo } from '../helpers/command-io';
import { syntheticRunStream, toJsonLines } from '../helpers/run-stream';

function outputLines(text: string): Array<Record<string, unknown>> {
  return text.trim().split('\n').filter(Boolean).map((line) => JSON.parse(line) as Record<string, unknown>);
}

describe('flexiroaster risk', () => {
  it('prints one line per start, in order, with probability, named factors and the model, and nothing for outcomes', async () => {
    const input = [
      '{"type":"start","pipelineId":"p","runId":"r1","at":"2026-01-01T00:00:00Z","features":{"stageCount":4},"context":{"user":"u1"}}',
      '{"type":"outcome","pipelineId":"p","runId":"r1","at":"2026-01-01T00:10:00Z","status":"failed","durationS":600}',
      '{"type":"start","pipelineId":"p","runId":"r2","at":"2026-01-01T01:00:00Z"}',
    ].join('\n');
    const io = commandIo(input);
    expect(await riskCommand([], io)).toBe(0);
    const lines = outputLines(io.output());
    expect(lines.map((line) => line.runId)).toEqual(['r1', 'r2']);
    for (const line of lines) {
      expect(Object.keys(line)).toEqual(['runId', 'failureProbability', 'factors', 'model']);
      expect(line.failureProbability).toBeGreaterThanOrEqual(0);
      expect(line.failureProbability).toBeLessThanOrEqual(1);
      expect(line.model).toBe('heuristic');
    }
    // The failure before r2 raises r2's risk, and the factors name why.
    expect(lines[1]!.failureProbability as number).toBeGreaterThan(lines[0]!.failureProbability as number);
    const names = (lines[1]!.factors as Array<{ name: string }>).map((factor) => factor.name);
    expect(names).toContain('consecutiveFailures');
  });

  it('answers a bad line with an error line naming the problem and its line number, and goes on', async () => {
    const input = [
      'not json',
      '{"type":"start","pipelineId":"p","runId":"r1"}',
      '{"type":"outcome","pipelineId":"p","runId":"r1","at":"2026-01-01T00:10:00Z","status":"exploded"}',
      '{"type":"begin","pipelineId":"p","runId":"r1","at":"2026-01-01T00:10:00Z"}',
      '{"type":"start","pipelineId":"p","runId":"r1","at":"2026-01-01T00:00:00Z","features":{"workers":"ten"}}',
      '',
      '{"type":"start","pipelineId":"p","runId":"r2","at":"2026-01-01T01:00:00Z"}',
    ].join('\n');
    const io = commandIo(input);
    expect(await riskCommand([], io)).toBe(0);
    const lines = outputLines(io.output());
    const errors = lines.slice(0, 6).map((line) => line.error as { code: string; message: string; line: number });
    expect(errors.map((error) => error.code)).toEqual(['not_json', 'missing_field', 'invalid_field', 'invalid_type', 'invalid_field', 'empty_line']);
    expect(errors.map((error) => error.line)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(errors[1]!.message).toContain('"at"');
    expect(errors[2]!.message).toContain('status');
    expect(errors[4]!.message).toContain('features.workers');
    expect(lines[6]!.runId).toBe('r2');
  });

  it('retrains on the stream in stream time and saves a verifiable artifact of the last model', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'risk-cli-'));
    try {
      const stream = syntheticRunStream({ pipelines: 12, days: 4, runsPerDay: 10, seed: 8 });
      const io = commandIo(toJsonLines(stream));
      const modelPath = join(dir, 'risk.json');
      expect(await riskCommand(['--save-model', modelPath, '--retrain-hours', '24', '--min-training-failures', '30'], io)).toBe(0);
      const lines = outputLines(io.output());
      expect(lines).toHaveLength(stream.filter((event) => event.type === 'start').length);
      expect(lines.some((line) => String(line.model).startsWith('gbdt-v'))).toBe(true);
      const artifact = verifyRiskArtifact(JSON.parse(readFileSync(modelPath, 'utf8')));
      expect(artifact.featureNames).toContain('pipeline.failShareLast5');
      expect(artifact.contextKeys).toEqual(['user']);

      const reloaded = commandIo(toJsonLines(stream.slice(0, 40)));
      expect(await riskCommand(['--model', modelPath, '--retrain-hours', '0'], reloaded)).toBe(0);
      expect(outputLines(reloaded.output()).every((line) => line.model === `gbdt-${artifact.hash.slice(0, 12)}`)).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('rejects an unknown flag with usage and exit code 2', async () => {
    const io = commandIo('');
    expect(await riskCommand(['--frobnicate'], io)).toBe(2);
    expect(io.errors()).toContain('usage: flexiroaster risk');
  });
});
