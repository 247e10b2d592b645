/**
 * Two small word lists that steer generalisation, both data so an operator can extend them:
 * name keys ("user", "table") announce that the next word is a name, so two lines differing only
 * there are one message; outcome words ("FAILED", "SUCCEEDED", "Paused") are what a signature exists
 * to tell apart, so no rule ever turns them into a wildcard.
 */
export interface Vocabulary {
  readonly nameKeys: ReadonlySet<string>;
  readonly outcomeWords: ReadonlySet<string>;
}

export function vocabularyOf(nameKeys: readonly string[], outcomeWords: readonly string[]): Vocabulary {
  return {
    nameKeys: new Set(nameKeys.map((word) => word.toLowerCase())),
    outcomeWords: new Set(outcomeWords.map((word) => word.toLowerCase())),
  };
}

/**
 * The key a token names, if it can name one: `user`, `User:`, `table=`. A capitalised bare word is
 * left out because it usually starts a sentence as its subject ("Instance spawned", "Instance
 * destroyed"), where the next word is the message, not a name.
 */
export function namesFollow(vocabulary: Vocabulary, token: string): boolean {
  const bare = token.replace(/[:=]+$/, '');
  if (bare === token && bare !== bare.toLowerCase()) return false;
  return vocabulary.nameKeys.has(bare.toLowerCase());
}

/** `FAILED`, `JOB_STATE_FAILED`, `state=failed,`, `upstream_failed` all read as the outcome "failed". */
export function isOutcome(vocabulary: Vocabulary, token: string): boolean {
  const value = token.slice(Math.max(token.lastIndexOf('='), token.lastIndexOf(':')) + 1);
  const word = value.split(/[_\-.]/).pop()!.replace(/[^A-Za-z]/g, '').toLowerCase();
  return word !== '' && vocabulary.outcomeWords.has(word);
}
