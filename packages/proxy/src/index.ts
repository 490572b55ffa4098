export { contractJson, errorResponse } from './contractResponse';
export { type AllowedOrigins, type CorsPolicy, createCorsPolicy } from './cors';
export { type CutoutHandler, createCutoutHandler } from './createCutoutHandler';
export { type CodiaEngineOptions, codiaEngine } from './engines/codiaEngine';
export {
  createSafeFetch,
  type FetchImage,
  type ResolvedAddress,
  type SafeFetchOptions,
} from './guards/createSafeFetch';
export { type AddressPolicy, isBlockedAddress } from './guards/isBlockedAddress';
export {
  type CutoutHandlerOptions,
  DEFAULT_LIMITS,
  type ProxyLimits,
  type RateLimitOptions,
  type RequestInfo,
  type RequestLogEntry,
} from './handlerOptions';
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
export {
  type CutoutServer,
  type CutoutServerOptions,
  startCutoutServer,
} from './server/startCutoutServer';
export { type NodeListener, toNodeListener } from './server/toNodeListener';
