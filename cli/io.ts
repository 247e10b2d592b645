import type { Readable, Writable } from 'node:stream';

/** Streams a command reads and writes; injected so tests drive commands without a child process. */
export interface CommandIo {
  stdin: Readable;
  stdout: Writable;
  stderr: Writable;
}

/** A subcommand of `flexiroaster`: returns the process exit code. */
export type Command = (args: string[], io: CommandIo) => Promise<number>;
