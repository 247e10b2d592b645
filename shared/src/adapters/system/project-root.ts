import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** Finds the package root from both the TypeScript sources and the compiled dist/ tree. */
export function projectRoot(start = __dirname): string {
  let directory = start;
  for (;;) {
    const manifest = join(directory, 'package.json');
    if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === 'flexiroaster') return directory;
    const parent = dirname(directory);
    if (parent === directory) throw new Error('cannot find the flexiroaster package root');
    directory = parent;
  }
}
