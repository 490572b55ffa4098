import { spawn } from 'node:child_process';
import { userEnv } from './packedExamples';

export interface Started {
  /** The first match of `ready` in the output. */
  match: RegExpExecArray;
  output(): string;
  /** Resolves with the first match of `pattern` in the output, seen so far or later. */
  waitFor(pattern: RegExp, timeoutMs: number): Promise<RegExpExecArray>;
  close(): Promise<void>;
}

/**
 * Starts a long-running command (a server) in its own process group and resolves once its
 * output matches `ready`; `close()` ends the whole group (npm scripts spawn children).
 * Fails with the output so far if it exits or is not ready within `timeoutMs`.
 */
export function startProcess(
  cmd: string,
  args: string[],
  opts: { cwd: string; env?: Record<string, string>; ready: RegExp; timeoutMs: number },
): Promise<Started> {
  // Not niced: a server must answer the browser promptly even on a busy machine.
  const child = spawn(cmd, args, { cwd: opts.cwd, env: userEnv(opts.env), detached: true });
  let output = '';
  const exited = new Promise<void>((resolve) => child.once('close', () => resolve()));
  const close = async () => {
    if (child.exitCode === null && child.signalCode === null && child.pid) {
      try {
        process.kill(-child.pid, 'SIGTERM');
      } catch {}
      const t = setTimeout(() => child.pid && process.kill(-child.pid, 'SIGKILL'), 5_000);
      await exited;
      clearTimeout(t);
    }
  };
  const waitFor = async (pattern: RegExp, timeoutMs: number) => {
    const until = Date.now() + timeoutMs;
    for (;;) {
      const m = pattern.exec(plain(output));
      if (m) return m;
      if (Date.now() > until || child.exitCode !== null) {
        throw new Error(`${cmd} ${args.join(' ')}: no ${pattern} in ${timeoutMs} ms:\n${output}`);
      }
      await new Promise((r) => setTimeout(r, 250));
    }
  };
  return new Promise((resolve, reject) => {
    const fail = (why: string) => {
      void close();
      reject(new Error(`${cmd} ${args.join(' ')} ${why}:\n${output}`));
    };
    const timer = setTimeout(() => fail(`not ready in ${opts.timeoutMs} ms`), opts.timeoutMs);
    const onData = (d: Buffer) => {
      output += d;
      const m = opts.ready.exec(plain(output));
      if (m) {
        clearTimeout(timer);
        resolve({ match: m, output: () => output, waitFor, close });
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('close', (code) => {
      clearTimeout(timer);
      fail(`exited (${code}) before it was ready`);
    });
  });
}

/** The output without colour codes (Vite colours the port in its address line). */
function plain(text: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: ANSI escapes start with ESC
  return text.replace(/\x1b\[[0-9;]*m/g, '');
}
