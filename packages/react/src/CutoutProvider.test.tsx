import { createCodiaMock } from '@cutout/testing/msw';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { act, renderHook } from '@testing-library/react';
import { http } from 'msw';
import { setupServer } from 'msw/node';
import type { ReactNode } from 'react';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CutoutProvider, useCutoutContext } from './CutoutProvider';
import { pngFile } from './test/fixtures';
import { useRemoveBg } from './useRemoveBg';

const mock = createCodiaMock();
const seen: (string | null)[] = [];
const server = setupServer(
  // Records the header, then lets the contract handlers answer.
  http.post('/v1/open/remove_bg', ({ request }) => {
    seen.push(request.headers.get('x-session'));
  }),
  ...mock.handlers,
);
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterAll(() => server.close());

describe('CutoutProvider', () => {
  it('sends the latest headers without rebuilding the client for an inline function', async () => {
    let token = 'a';
    const wrapper = ({ children }: { children: ReactNode }) => (
      <CutoutProvider endpoint="" headers={() => ({ 'x-session': token })}>
        {children}
      </CutoutProvider>
    );
    const { result, rerender } = renderHook(
      () => ({ ctx: useCutoutContext(), run: useRemoveBg() }),
      { wrapper },
    );
    const first = result.current.ctx.client;
    token = 'b';
    rerender();
    expect(result.current.ctx.client).toBe(first);
    const file = await pngFile();
    await act(() => result.current.run.removeBackground(file));
    expect(seen).toEqual(['b']);
  });

  it('uses an enclosing QueryClientProvider when no queryClient is given', () => {
    const queryClient = new QueryClient();
    const { result } = renderHook(() => useCutoutContext(), {
      wrapper: ({ children }) => (
        <QueryClientProvider client={queryClient}>
          <CutoutProvider endpoint="/api">{children}</CutoutProvider>
        </QueryClientProvider>
      ),
    });
    expect(result.current.queryClient).toBe(queryClient);
    expect(result.current.maxAttempts).toBe(4);
    expect(result.current.messages.urlSubmit).toBe('Remove background');
  });

  it('takes a ready-made client and merges message overrides over the defaults', () => {
    const client = { removeBackground: async () => Promise.reject(), runBatch: async () => [] };
    const { result } = renderHook(() => useCutoutContext(), {
      wrapper: ({ children }) => (
        <CutoutProvider
          client={client as never}
          retry={false}
          messages={{ errors: { credits: 'Keine Credits mehr.' } }}
        >
          {children}
        </CutoutProvider>
      ),
    });
    expect(result.current.client).toBe(client);
    expect(result.current.maxAttempts).toBe(1);
    expect(result.current.messages.errors.credits).toBe('Keine Credits mehr.');
    expect(result.current.messages.errors.auth).toMatch(/not allowed/);
  });
});
