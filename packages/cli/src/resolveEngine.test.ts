import { describe, expect, it } from 'vitest';
import { ConfigError, redactor, resolveEngine } from './resolveEngine';

describe('resolveEngine', () => {
  it('picks Codia when CODIA_API_KEY is set and CUTOUT_ENGINE is not', async () => {
    const engine = await resolveEngine({ CODIA_API_KEY: 'sk-test-1234' });
    expect(engine.name).toBe('codia');
  });

  it('refuses CUTOUT_ENGINE=codia without a key, saying what to set', async () => {
    const error = await resolveEngine({ CUTOUT_ENGINE: 'codia' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toMatch(/CODIA_API_KEY/);
  });

  it('refuses an unknown CUTOUT_ENGINE', async () => {
    await expect(resolveEngine({ CUTOUT_ENGINE: 'gpu' })).rejects.toThrow(/"codia" or "onnx"/);
  });
});

describe('redactor', () => {
  it('replaces every occurrence of the secret', () => {
    expect(redactor('sk-secret')('a sk-secret b sk-secret')).toBe('a [redacted] b [redacted]');
    expect(redactor('sk-SeCret.1')('x SK-SECRET.1 sk-secret.1 sk-secretx1')).toBe(
      'x [redacted] [redacted] sk-secretx1',
    );
  });
});
