import { tokenize } from '../../../shared/src/core/text/tokenize';

describe('tokenize', () => {
  it('lower-cases words and splits on punctuation and whitespace', () => {
    expect(tokenize('ciod: Error reading message-prefix on CioStream')).toEqual(['ciod', 'error', 'reading', 'message', 'prefix', 'on', 'ciostream']);
  });

  it('keeps masking placeholders whole so that "a value was here" stays one feature', () => {
    expect(tokenize('user [REDACTED_EMAIL] hit <*> in <IP>')).toEqual(['user', '[redacted_email]', 'hit', '<*>', 'in', '<ip>']);
  });

  it('collapses decimal and hex numbers into one token each shape by default, and keeps them on request', () => {
    expect(tokenize('CE sym 20, at 0x0b85eee0, mask 0x05')).toEqual(['ce', 'sym', '<num>', 'at', '<hex>', 'mask', '<hex>']);
    expect(tokenize('CE sym 20, at 0x0b85eee0', { numbers: 'keep' })).toEqual(['ce', 'sym', '20', 'at', '0x0b85eee0']);
  });

  it('keeps underscores and non-ASCII letters inside words', () => {
    expect(tokenize('LOAD_MESSAGE Überlauf')).toEqual(['load_message', 'überlauf']);
  });

  it('drops words shorter than minLength but never placeholders', () => {
    expect(tokenize('a b <*> ok', { minLength: 2 })).toEqual(['<*>', 'ok']);
  });

  it('gives no tokens for text without words', () => {
    expect(tokenize(' ,;: ')).toEqual([]);
  });
});
