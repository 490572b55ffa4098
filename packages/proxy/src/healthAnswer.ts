import type { CutoutEngine, EngineCheck } from '@cutout/core';

/**
 * The body of `GET /healthz`: 200 when the engine is ready (and, with `?deep=1`, its deeper
 * check passes: the upstream, or the model's state, issue 14 item 8), 503 otherwise or while
 * the server drains.
 */
export async function healthAnswer(
  engine: CutoutEngine,
  deepCheck: () => Promise<EngineCheck | undefined>,
  req: Request,
  draining: boolean,
): Promise<{ status: number; body: unknown }> {
  let ready = false;
  try {
    ready = (await engine.ready?.()) ?? true;
  } catch {
    ready = false;
  }
  const deep = new URL(req.url).searchParams.get('deep');
  const check = deep === '1' || deep === 'true' ? await deepCheck() : undefined;
  const ok = ready && !draining && (check?.ok ?? true);
  const message = draining
    ? 'shutting down'
    : ok
      ? 'ok'
      : !ready
        ? 'not ready'
        : (check?.message ?? 'not ready');
  return {
    status: ok ? 200 : 503,
    body: {
      code: 0,
      message,
      data: { engine: engine.name, ready: ok, ...(check ? { check } : {}) },
    },
  };
}
