import net from 'node:net';

export interface NetworkGuard {
  /** host:port of every outbound TCP connection refused because it was not to loopback. */
  readonly blocked: string[];
  restore(): void;
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1', '::ffff:127.0.0.1']);

/**
 * Fails every TCP connection that is not to loopback, whichever HTTP stack opens it (node:http agents
 * and the fetch built into Node both end in net.Socket#connect). A test that needs credentials or the
 * internet therefore fails instead of passing by luck, and `blocked` says where it tried to go.
 */
export function guardNetwork(): NetworkGuard {
  const blocked: string[] = [];
  const original = net.Socket.prototype.connect;
  function guarded(this: net.Socket, ...args: unknown[]): net.Socket {
    const target = connectTarget(args);
    if (target && !LOOPBACK.has(target.host)) {
      blocked.push(`${target.host}:${target.port}`);
      process.nextTick(() => this.destroy(new Error(`test network guard: connection to ${target.host}:${target.port} refused`)));
      return this;
    }
    return (original as (...a: unknown[]) => net.Socket).apply(this, args);
  }
  net.Socket.prototype.connect = guarded as typeof net.Socket.prototype.connect;
  return {
    blocked,
    restore: () => {
      net.Socket.prototype.connect = original;
    },
  };
}

function connectTarget(args: unknown[]): { host: string; port: string } | undefined {
  let first = args[0];
  // net.connect passes its normalized [options, callback] pair as the first argument.
  if (Array.isArray(first)) first = first[0];
  if (first && typeof first === 'object') {
    const options = first as { host?: unknown; port?: unknown; path?: unknown };
    if (typeof options.path === 'string') return undefined;
    return { host: typeof options.host === 'string' ? options.host : 'localhost', port: String(options.port ?? '') };
  }
  if (typeof first === 'number' || (typeof first === 'string' && /^\d+$/.test(first))) {
    return { host: typeof args[1] === 'string' ? args[1] : 'localhost', port: String(first) };
  }
  return undefined;
}
