/** A row or option the forest cannot use; names the row and feature so the caller can record it. */
export class IsolationForestInputError extends Error {
  override readonly name = 'IsolationForestInputError';
  constructor(
    message: string,
    readonly row?: number,
    readonly feature?: number,
  ) {
    super(message);
  }
}

/** A stored model that is not a version-1 isolation forest, or whose arrays do not fit together. */
export class IsolationForestModelError extends Error {
  override readonly name = 'IsolationForestModelError';
}
