'use client';
import {
  type CutoutClient,
  type CutoutClientOptions,
  createCutoutClient,
  DEFAULT_RETRY,
  type RetryOptions,
} from '@cutout/core';
import { QueryClient, QueryClientContext } from '@tanstack/react-query';
import { createContext, type ReactNode, useContext, useMemo, useRef, useState } from 'react';
import { type CutoutMessages, type CutoutMessagesOverrides, mergeMessages } from './messages';

export interface CutoutProviderProps {
  /** Base URL of your cutout proxy, e.g. `/api/cutout`. Ignored when `client` is given. */
  endpoint?: string;
  /** A client you made yourself with `createCutoutClient` (or a test double of the interface). */
  client?: CutoutClient;
  /** The TanStack Query client; defaults to the one of an enclosing `QueryClientProvider`, else a private one. */
  queryClient?: QueryClient;
  /** Retry policy for the client made from `endpoint`; also tells the UI "attempt n of m". */
  retry?: CutoutClientOptions['retry'];
  /** Preflight limits for the client made from `endpoint`. */
  preflight?: CutoutClientOptions['preflight'];
  /** Extra headers (e.g. a session token) for the client made from `endpoint`. */
  headers?: CutoutClientOptions['headers'];
  /** Overrides for any user-facing string (i18n). */
  messages?: CutoutMessagesOverrides;
  children?: ReactNode;
}

export interface CutoutContextValue {
  client: CutoutClient;
  queryClient: QueryClient;
  messages: CutoutMessages;
  /** Total attempts per image (for "attempt n of m"). */
  maxAttempts: number;
}

const CutoutContext = createContext<CutoutContextValue | null>(null);

/**
 * Supplies the client, the query client and the messages to every hook and component below.
 * The client is created once per endpoint/options; nothing runs at render beyond that.
 */
export function CutoutProvider(props: CutoutProviderProps) {
  const { endpoint, client: given, retry, preflight, headers } = props;
  const outerQueryClient = useContext(QueryClientContext);
  // Created once, only when neither a prop nor an enclosing provider supplies one.
  const [ownQueryClient] = useState(() =>
    props.queryClient || outerQueryClient ? undefined : new QueryClient(),
  );
  const queryClient = props.queryClient ?? outerQueryClient ?? ownQueryClient!;
  // The latest `headers` is read per request, so an inline function does not rebuild the client.
  const headersRef = useRef(headers);
  headersRef.current = headers;
  const hasHeaders = headers !== undefined;
  // Options compared by JSON so inline objects in JSX do not rebuild the client every render.
  const optionsKey = JSON.stringify({ retry, preflight });
  // biome-ignore lint/correctness/useExhaustiveDependencies: rebuilt when the serialised options change
  const client = useMemo(() => {
    if (given) return given;
    if (endpoint === undefined) {
      throw new TypeError('<CutoutProvider> needs an `endpoint` or a `client`.');
    }
    return createCutoutClient({
      endpoint,
      ...(retry !== undefined ? { retry } : {}),
      ...(preflight !== undefined ? { preflight } : {}),
      ...(hasHeaders
        ? {
            headers: () => {
              const h = headersRef.current;
              return (typeof h === 'function' ? h() : h) ?? {};
            },
          }
        : {}),
    });
  }, [given, endpoint, optionsKey, hasHeaders]);
  const messagesKey = JSON.stringify(props.messages ?? null);
  // biome-ignore lint/correctness/useExhaustiveDependencies: keyed by content, not identity
  const messages = useMemo(() => mergeMessages(props.messages), [messagesKey]);
  const maxAttempts = retryAttempts(retry);
  const value = useMemo(
    () => ({ client, queryClient, messages, maxAttempts }),
    [client, queryClient, messages, maxAttempts],
  );
  return <CutoutContext.Provider value={value}>{props.children}</CutoutContext.Provider>;
}

function retryAttempts(retry: Partial<RetryOptions> | false | undefined): number {
  if (retry === false) return 1;
  return Math.max(1, Math.floor(retry?.maxAttempts ?? DEFAULT_RETRY.maxAttempts));
}

/** The provider's value; throws a clear error outside `<CutoutProvider>`. */
export function useCutoutContext(): CutoutContextValue {
  const value = useContext(CutoutContext);
  if (!value) throw new Error('@cutout/react: wrap your component in <CutoutProvider>.');
  return value;
}

/** The provider's messages with a component's own overrides on top. */
export function useMessages(overrides?: CutoutMessagesOverrides): CutoutMessages {
  const { messages } = useCutoutContext();
  const key = JSON.stringify(overrides ?? null);
  // biome-ignore lint/correctness/useExhaustiveDependencies: keyed by content, not identity
  return useMemo(
    () => (overrides ? mergeMessages(messages, overrides) : messages),
    [messages, key],
  );
}
