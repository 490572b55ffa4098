// Child processes of the proxy benches (proxy.mjs, overload.mjs): each server under test runs
// in its own process so the load generator in the bench process does not share its event loop.
import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = join(dirname(fileURLToPath(import.meta.url)), '../..');

/**
 * Starts `node ...args` and resolves once it prints `{"url":"http://…"}`. Its later stdout is
 * always drained (a full pipe would block it); with `keepLogs` every later JSON line is parsed
 * into `logs` (the proxy's request log: its own time per request, `ms`).
 */
export function startChild(args, env, { keepLogs = false } = {}) {
  const child = spawn(process.execPath, args, {
    env: { PATH: process.env.PATH, ...env },
    cwd: root,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`child did not start: ${out}`)), 20_000);
    const onData = (d) => {
      out += d;
      const m = /"url":"(http:[^"]+)"/.exec(out);
      if (!m) return;
      clearTimeout(timer);
      child.stdout.off('data', onData);
      const logs = [];
      if (keepLogs) {
        let rest = out.slice(out.indexOf('\n') + 1);
        child.stdout.on('data', (chunk) => {
          rest += chunk;
          const lines = rest.split('\n');
          rest = lines.pop();
          for (const line of lines) {
            try {
              logs.push(JSON.parse(line));
            } catch {}
          }
        });
      } else child.stdout.resume();
      resolve({ child, url: m[1], logs });
    };
    child.stdout.on('data', onData);
    child.once('exit', (code) => reject(new Error(`child exited ${code}: ${out}`)));
  });
}

/** SIGTERM, then SIGKILL after 10 s; resolves when the child has exited. */
export function stop(child) {
  return new Promise((resolve) => {
    if (child.exitCode !== null) return resolve();
    child.once('exit', resolve);
    child.kill('SIGTERM');
    setTimeout(() => child.kill('SIGKILL'), 10_000).unref();
  });
}
