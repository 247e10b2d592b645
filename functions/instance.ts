/**
 * Builds a dependency once per function instance and shares it across invocations (clients and the
 * model load are the cold start). A failed build is forgotten, so the invocation that saw it throws
 * (Pub/Sub or Cloud Tasks retries) and the next one builds again; a build that started later is never
 * dropped because an earlier one failed.
 */
export function oncePerInstance<T>(build: () => Promise<T>): () => Promise<T> {
  let current: Promise<T> | undefined;
  return () => {
    if (current === undefined) {
      const attempt = Promise.resolve().then(build);
      current = attempt;
      attempt.catch(() => {
        if (current === attempt) current = undefined;
      });
    }
    return current;
  };
}
