import { createCutoutHandler, DEFAULT_MAX_CONCURRENT, type RateLimitOptions } from '@cutout/proxy';
import { startCutoutServer } from '@cutout/proxy/node';
import { ConfigError, redactor, resolveEngine } from './resolveEngine';

/** `cutout serve`: the proxy on node:http, one JSON log line per request, clean shutdown. */
export async function runServe(env: NodeJS.ProcessEnv): Promise<number> {
  const redact = redactor(env.CODIA_API_KEY?.trim());
  const log = (entry: Record<string, unknown>) =>
    process.stdout.write(
      `${redact(JSON.stringify({ time: new Date().toISOString(), ...entry }))}\n`,
    );
  let engine: Awaited<ReturnType<typeof resolveEngine>>;
  try {
    engine = await resolveEngine(env);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`cutout serve: ${redact(error.message)}\n`);
      return 2;
    }
    throw error;
  }
  const port = env.PORT ? Number(env.PORT) : 8787;
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    process.stderr.write(`cutout serve: PORT must be a port number (got "${env.PORT}").\n`);
    return 2;
  }
  const origins = (env.CUTOUT_ALLOWED_ORIGINS ?? '')
    .split(',')
    .map((o) => o.trim())
    .filter(Boolean);
  // Unset: the proxy's default (on loopback connections, loopback names and IP literals).
  const hostList = (env.CUTOUT_ALLOWED_HOSTS ?? '')
    .split(',')
    .map((h) => h.trim())
    .filter(Boolean);
  const allowedHosts = hostList.includes('*') ? ('any' as const) : hostList;
  let maxConcurrent: number | undefined;
  if (env.CUTOUT_UPSTREAM_CONCURRENCY) {
    maxConcurrent = Number(env.CUTOUT_UPSTREAM_CONCURRENCY);
    if (!Number.isInteger(maxConcurrent) || maxConcurrent < 1 || maxConcurrent > 10_000) {
      process.stderr.write(
        `cutout serve: CUTOUT_UPSTREAM_CONCURRENCY must be an integer from 1 to 10000 (got "${env.CUTOUT_UPSTREAM_CONCURRENCY}").\n`,
      );
      return 2;
    }
  }
  let rateLimit: RateLimitOptions | undefined;
  let closeRedis: (() => Promise<unknown>) | undefined;
  if (env.CUTOUT_RATE_LIMIT) {
    const m = /^(\d+)\/(\d+(?:\.\d+)?)$/.exec(env.CUTOUT_RATE_LIMIT.trim());
    if (!m) {
      process.stderr.write(
        'cutout serve: CUTOUT_RATE_LIMIT must look like "20/5" (burst/refill per second).\n',
      );
      return 2;
    }
    rateLimit = {
      capacity: Number(m[1]),
      refillPerSecond: Number(m[2]),
      // One line when the store goes away and one when it is back, not one per request.
      onStoreEvent: (event) =>
        log(
          event.state === 'down'
            ? {
                msg: 'rate-limit store unavailable: requests pass unlimited until it is back',
                ...event,
              }
            : { msg: 'rate-limit store available again', ...event },
        ),
    };
    if (env.CUTOUT_REDIS_URL) {
      const { Redis } = await import('ioredis');
      const { createRedisRateLimitStore } = await import('@cutout/proxy');
      const redis = new Redis(env.CUTOUT_REDIS_URL, {
        maxRetriesPerRequest: 1,
        enableOfflineQueue: false,
      });
      redis.on('error', () => {});
      rateLimit.store = createRedisRateLimitStore(redis);
      closeRedis = () => redis.quit();
    }
  }
  const handler = createCutoutHandler({
    engine,
    allowedOrigins: origins,
    ...(hostList.length > 0 ? { allowedHosts } : {}),
    ...(maxConcurrent !== undefined ? { maxConcurrent } : {}),
    ...(rateLimit ? { rateLimit } : {}),
    onLog: (entry) =>
      log(
        entry.error?.reason === 'upstream-auth'
          ? // The admin's problem, not the user's: say which setting to look at.
            { ...entry, msg: 'the upstream refused the server key: check CODIA_API_KEY' }
          : { ...entry },
      ),
  });
  const server = await startCutoutServer({ handler, port, host: env.HOST || '127.0.0.1' });
  log({
    msg: 'listening',
    url: server.url,
    engine: engine.name,
    allowedOrigins: origins,
    ...(hostList.length > 0 ? { allowedHosts: hostList } : {}),
    maxConcurrent: maxConcurrent ?? DEFAULT_MAX_CONCURRENT,
  });
  // Load the local model now, not on the first request: /healthz turns ready in about a
  // second instead of the first user waiting for it. Requests that come earlier still queue
  // behind the same load. CUTOUT_WARMUP=0 keeps it lazy (memory-tight hosts).
  if (engine.warmup && env.CUTOUT_WARMUP !== '0') {
    const t0 = performance.now();
    engine.warmup().then(
      () =>
        log({ msg: 'engine ready', engine: engine.name, ms: Math.round(performance.now() - t0) }),
      (error: unknown) =>
        log({
          msg: 'engine warm-up failed',
          engine: engine.name,
          error: error instanceof Error ? error.message : String(error),
        }),
    );
  }

  return new Promise<number>((resolve) => {
    const stop = (signal: string) => {
      log({ msg: 'shutting down', signal, inFlight: handler.inFlight });
      void server
        .close()
        .then(() => engine.close?.())
        .then(() => closeRedis?.())
        .then(
          () => {
            log({ msg: 'stopped' });
            resolve(0);
          },
          () => resolve(1),
        );
    };
    process.once('SIGINT', () => stop('SIGINT'));
    process.once('SIGTERM', () => stop('SIGTERM'));
  });
}
