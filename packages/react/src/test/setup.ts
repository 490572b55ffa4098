import { cleanup } from '@testing-library/react';
import { afterEach } from 'vitest';

// React's act() warnings are real signals in these tests.
(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

// jsdom has no canvas backend: getContext logs "not implemented" and returns null. Return
// null quietly, which is what the components handle (they draw nothing, analysis reports
// 'unavailable'). Absent altogether in the node-environment SSR test.
if (typeof HTMLCanvasElement !== 'undefined') {
  HTMLCanvasElement.prototype.getContext = (() =>
    null) as typeof HTMLCanvasElement.prototype.getContext;
}

afterEach(() => cleanup());
