import { isVariable, WILDCARD } from './tokens';

/**
 * Drain's fixed-depth routing: token count, then the first few tokens. Tokens that look variable
 * route to the wildcard branch, and so does any token once a node is full, which bounds the fan-out.
 * A leaf is addressed by (length, path) so persisted state can put every cluster back exactly where
 * it was, whatever its template has become since.
 */
export interface Leaf<T> {
  readonly length: number;
  readonly path: readonly string[];
  readonly entries: T[];
}

interface Node<T> {
  children: Map<string, Node<T>>;
  leaf?: Leaf<T>;
}

export class PrefixTree<T> {
  private readonly roots = new Map<number, Node<T>>();

  constructor(
    private readonly depth: number,
    private readonly maxChildren: number,
  ) {}

  /**
   * The path a token sequence takes. `add` and `match` share it, so a lookup never sees a cluster that
   * learning would not have used, and vice versa.
   */
  route(tokens: readonly string[]): string[] {
    const path: string[] = [];
    let node = this.roots.get(tokens.length);
    const steps = Math.min(this.depth, tokens.length);
    for (let i = 0; i < steps; i += 1) {
      const token = tokens[i]!;
      let key = isVariable(token) ? WILDCARD : token;
      if (node !== undefined && !node.children.has(key) && node.children.size >= this.maxChildren) key = WILDCARD;
      path.push(key);
      node = node?.children.get(key);
    }
    return path;
  }

  leaf(length: number, path: readonly string[], create: true): Leaf<T>;
  leaf(length: number, path: readonly string[], create: false): Leaf<T> | undefined;
  leaf(length: number, path: readonly string[], create: boolean): Leaf<T> | undefined {
    let node: Node<T> | undefined = this.roots.get(length);
    if (node === undefined) {
      if (!create) return undefined;
      node = { children: new Map() };
      this.roots.set(length, node);
    }
    for (const key of path) {
      let next: Node<T> | undefined = node.children.get(key);
      if (next === undefined) {
        if (!create) return undefined;
        next = { children: new Map() };
        node.children.set(key, next);
      }
      node = next;
    }
    if (node.leaf === undefined && create) node.leaf = { length, path: [...path], entries: [] };
    return node.leaf;
  }
}
