/**
 * teeny-request, the HTTP layer of @google-cloud/common (BigQuery, Storage), loads the ESM-only
 * node-fetch with a dynamic import(). Jest's CommonJS sandbox refuses dynamic imports unless node
 * runs with --experimental-vm-modules, so every request would fail before leaving the process.
 * Loading teeny-request with Node's own require, outside the sandbox, lets that import run natively;
 * the client library and everything else stay in the sandbox, and requests still go over real HTTP.
 *
 * Use at the top of a test file:
 *   jest.mock('teeny-request', () => require('../helpers/native-teeny-request').loadTeenyRequestNatively());
 */
export function loadTeenyRequestNatively(): unknown {
  // process.getBuiltinModule (Node >= 20.16) bypasses jest's own `module` shim, whose createRequire is jest's require.
  const getBuiltinModule = (process as unknown as { getBuiltinModule?: (id: string) => unknown }).getBuiltinModule;
  if (typeof getBuiltinModule !== 'function') {
    throw new Error('loadTeenyRequestNatively needs process.getBuiltinModule (Node >= 20.16); or run jest with --experimental-vm-modules');
  }
  const { createRequire } = getBuiltinModule('node:module') as { createRequire(path: string): (id: string) => unknown };
  // Resolved from @google-cloud/common so the copy is the one the client library would have loaded.
  return createRequire(require.resolve('@google-cloud/common'))('teeny-request');
}
