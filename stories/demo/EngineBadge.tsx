import { useEffect, useState } from 'react';

type Health =
  | { state: 'checking' }
  | { state: 'ready' | 'loading'; engine: string }
  | { state: 'down' };

/**
 * Which engine the proxy runs and whether it is ready (GET /healthz), so a newcomer sees at
 * once whether `npm start`'s proxy is up. Polls until ready, then stops.
 */
export function EngineBadge() {
  const [health, setHealth] = useState<Health>({ state: 'checking' });
  useEffect(() => {
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const check = async () => {
      try {
        const res = await fetch('/healthz', { headers: { accept: 'application/json' } });
        const body = (await res.json()) as { engine?: string; data?: { engine?: string } };
        const engine = body.data?.engine ?? body.engine ?? 'unknown';
        if (stopped) return;
        setHealth({ state: res.ok ? 'ready' : 'loading', engine });
        if (!res.ok) timer = setTimeout(check, 2_000);
      } catch {
        if (stopped) return;
        setHealth({ state: 'down' });
        timer = setTimeout(check, 3_000);
      }
    };
    void check();
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, []);

  const text =
    health.state === 'checking'
      ? 'Checking the proxy…'
      : health.state === 'down'
        ? 'Proxy not reachable: run `npm start`'
        : health.state === 'loading'
          ? `Engine ${engineName(health.engine)} is starting…`
          : `Engine: ${engineName(health.engine)}`;
  return (
    <output className="pim-badge" data-state={health.state} aria-live="polite">
      <span className="pim-badge__dot" aria-hidden="true" />
      {text}
    </output>
  );
}

function engineName(engine: string): string {
  if (engine.startsWith('onnx')) return 'local ONNX';
  if (engine.startsWith('codia')) return 'Codia';
  return engine;
}
