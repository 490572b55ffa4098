/// <reference types="vite/client" />
import type { RequestHandler } from 'msw';
import type { SetupWorker } from 'msw/browser';

/** `parameters.msw` of a story: the handlers that answer its requests. */
export interface MswParameters {
  handlers: RequestHandler[];
}

let worker: Promise<SetupWorker> | undefined;
let running = false;

/**
 * Starts MSW's service worker for stories that declare `parameters.msw.handlers`, and stops it
 * for stories that don't. We don't use msw-storybook-addon because its loader starts the
 * worker for every story: the live "Product image manager" must talk to the real proxy with
 * nothing in between, so its XHR upload progress is the browser's own, not a service
 * worker's replay of a buffered body.
 */
export async function mswLoader(context: { parameters: { msw?: MswParameters } }) {
  const handlers = context.parameters.msw?.handlers;
  if (!handlers) {
    if (worker && running) {
      (await worker).stop();
      running = false;
    }
    return {};
  }
  worker ??= import('msw/browser').then(({ setupWorker }) => setupWorker());
  const active = await worker;
  // Handlers from the previous story must never answer this one.
  active.resetHandlers(...handlers);
  if (!running) {
    await active.start({
      quiet: true,
      serviceWorker: { url: `${import.meta.env.BASE_URL}mockServiceWorker.js` },
      onUnhandledRequest(request, print) {
        // An API call a mocked story forgot to mock must fail loudly, never reach a real server.
        const { pathname } = new URL(request.url);
        if (pathname.startsWith('/v1/') || pathname === '/healthz') print.error();
      },
    });
    running = true;
  }
  return {};
}
