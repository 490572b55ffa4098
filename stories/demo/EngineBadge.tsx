import { useEffect, useState } from 'react';

type Health =
  | { state: 'checking' }
  | { state: 'ready' | 'loading'; engine: string }
  | { state: 'down' };

/**
 * Which engine the proxy runs and whether it is ready (GET /healthz), so a newcomer sees at
 * once whether `npm start`'s proxy is up. Polls with a growing interval until ready (the
 * local engine loads its model on the first image, so "warming up" can last until then).
 */
export function EngineBadge() {
  const [health, setHealth] = useState<Health>({ state: 'checking' });
  useEffect(() => {
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let delay = 2_000;
    const again = () => {
      timer = setTimeout(check, delay);
      delay = Math.min(delay * 2, 15_000);
    };
    const check = async () => {
      try {
        const res = await fetch('/healthz', { headers: { accept: 'application/json' } });
        const body = (await res.json()) as { engine?: string; data?: { engine?: string } };
        const engine = body.data?.engine ?? body.engine ?? 'unknown';
        if (stopped) return;
        setHealth({ state: res.ok ? 'ready' : 'loading', engine });
        if (!res.ok) again();
      } catch {
        if (stopped) return;
        setHealth({ state: 'down' });
        again();
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
          ? `Engine: ${engineName(health.engine)} · warming up`
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
