'use client';
import { useEffect, useState } from 'react';

/**
 * Whole seconds left until `deadline` (epoch ms), ticking while it is in the future; 0 after.
 * Ticks 4× a second so the number changes close to the real second boundary.
 */
export function useCountdown(deadline: number | undefined): number {
  const left = () =>
    deadline === undefined ? 0 : Math.max(0, Math.ceil((deadline - Date.now()) / 1000));
  const [seconds, setSeconds] = useState(left);
  // biome-ignore lint/correctness/useExhaustiveDependencies: `left` only reads `deadline`
  useEffect(() => {
    setSeconds(left());
    if (deadline === undefined) return;
    const id = setInterval(() => {
      const s = left();
      setSeconds(s);
      if (s === 0) clearInterval(id);
    }, 250);
    return () => clearInterval(id);
  }, [deadline]);
  return deadline === undefined ? 0 : seconds;
}
