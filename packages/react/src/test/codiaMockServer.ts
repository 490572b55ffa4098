import { type CodiaHandlersOptions, createCodiaMock } from '@cutout/testing/msw';
import type { RequestHandler } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, beforeEach, vi } from 'vitest';
import { trackObjectUrls } from './fixtures';

/**
 * The fake Codia behind MSW for a test file, with the object-URL tracker every hook test
 * checks: registers the file's before/after hooks and resets everything between tests
 * (fake timers, spies, handlers added with `server.use`, the mock's scenario and counters).
 */
export function setupCodiaMockServer(
  options: CodiaHandlersOptions = {},
  ...extraHandlers: RequestHandler[]
) {
  const mock = createCodiaMock(options);
  const server = setupServer(...mock.handlers, ...extraHandlers);
  let tracker: ReturnType<typeof trackObjectUrls> | undefined;
  const current = () => {
    if (!tracker) throw new Error('Object URLs are tracked inside a test only.');
    return tracker;
  };
  // The tracker is new for each test; this view always reads the current one.
  const urls = {
    get created() {
      return current().created;
    },
    get revoked() {
      return current().revoked;
    },
    live: () => current().live(),
  };

  beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
  afterAll(() => server.close());
  beforeEach(() => {
    tracker = trackObjectUrls();
  });
  afterEach(() => {
    vi.useRealTimers();
    vi.restoreAllMocks();
    server.resetHandlers();
    tracker?.restore();
    tracker = undefined;
    mock.reset();
    mock.setScenario('success');
  });
  return { mock, server, urls };
}
