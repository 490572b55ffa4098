import type { Redis } from 'ioredis';
import type { RateLimitStore, TakeResult } from './RateLimitStore';

/**
 * The same arithmetic as `takeToken`, run inside Redis so the read-refill-take-write of one
 * bucket is atomic across every proxy instance. It reads Redis' own clock (TIME) so
 * instances with skewed clocks still agree.
 */
const TAKE_SCRIPT = `
local capacity = tonumber(ARGV[1])
local per_ms = tonumber(ARGV[2]) / 1000
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local state = redis.call('HMGET', KEYS[1], 'tokens', 'at')
local tokens = tonumber(state[1])
local at = tonumber(state[2])
if tokens == nil or at == nil then
  tokens = capacity
else
  local elapsed = math.max(0, now - at)
  tokens = math.min(capacity, tokens + elapsed * per_ms)
end
local allowed = 0
if tokens >= 1 then
  allowed = 1
  tokens = tokens - 1
end
local retry_after = 0
if allowed == 0 then retry_after = math.ceil((1 - tokens) / per_ms) end
local reset = math.ceil((capacity - tokens) / per_ms)
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'at', tostring(now))
redis.call('PEXPIRE', KEYS[1], reset + 1000)
return { allowed, math.floor(tokens), retry_after, reset }
`;

export interface RedisRateLimitStoreOptions {
  /** Key prefix, so several apps can share one Redis. Default 'cutout:rl:'. */
  prefix?: string;
}

type RedisWithTake = Redis & {
  cutoutTakeToken(key: string, capacity: number, refill: number): Promise<number[]>;
};

/**
 * Token buckets in Redis (ioredis) for several proxy instances sharing one limit. The
 * caller owns the connection (create it with `new Redis(url)`, close it yourself).
 */
export function createRedisRateLimitStore(
  redis: Redis,
  options: RedisRateLimitStoreOptions = {},
): RateLimitStore {
  const prefix = options.prefix ?? 'cutout:rl:';
  // defineCommand sends EVALSHA and falls back to EVAL once per connection.
  if (!('cutoutTakeToken' in redis)) {
    redis.defineCommand('cutoutTakeToken', { numberOfKeys: 1, lua: TAKE_SCRIPT });
  }
  const client = redis as RedisWithTake;
  return {
    async take(key, policy): Promise<TakeResult> {
      const [allowed, remaining, retryAfterMs, resetMs] = await client.cutoutTakeToken(
        prefix + key,
        policy.capacity,
        policy.refillPerSecond,
      );
      return {
        allowed: allowed === 1,
        remaining: remaining ?? 0,
        retryAfterMs: retryAfterMs ?? 0,
        resetMs: resetMs ?? 0,
      };
    },
  };
}
