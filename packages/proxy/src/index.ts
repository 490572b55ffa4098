// The web-standard part of the proxy: it loads no Node built-in (index.neutral.test.ts bundles
// it for a neutral platform), so it runs in edge runtimes and workers. Node-only pieces (the
// node:http adapter, the SSRF-guarded fetch) are at '@cutout/proxy/node'.
export { contractJson, errorResponse } from './contractResponse';
export { type AllowedOrigins, type CorsPolicy, createCorsPolicy } from './cors';
export { type CutoutHandler, createCutoutHandler } from './createCutoutHandler';
export { type CodiaEngineOptions, codiaEngine } from './engines/codiaEngine';
// Types only: the SSRF-guarded fetch itself needs Node and lives at '@cutout/proxy/node'.
export type { FetchImage, ResolvedAddress, SafeFetchOptions } from './guards/createSafeFetch';
export {
  type CutoutHandlerOptions,
  DEFAULT_LIMITS,
  DEFAULT_MAX_CONCURRENT,
  type ProxyLimits,
  type RateLimitOptions,
  type RateLimitStoreEvent,
  type RequestInfo,
  type RequestLogEntry,
} from './handlerOptions';
export { type AllowedHosts, createHostPolicy, type HostPolicy } from './hostPolicy';
export {
  createMemoryRateLimitStore,
  type MemoryRateLimitStoreOptions,
} from './rateLimit/createMemoryRateLimitStore';
export {
  createRedisRateLimitStore,
  type RedisRateLimitStoreOptions,
} from './rateLimit/createRedisRateLimitStore';
export type { RateLimitStore, TakeResult, TokenBucketPolicy } from './rateLimit/RateLimitStore';
export {
  createMemoryResultStore,
  type MemoryResultStore,
  type MemoryResultStoreOptions,
  type ResultStore,
  type StoredEntry,
  type StoredResult,
} from './resultStore';
