import { describe, expect, test } from 'vitest';
import { createHostPolicy, hostnameOf } from './hostPolicy';

const req = (host: string) =>
  new Request('http://localhost:3000/v1/open/remove_bg', { headers: { host } });

describe('createHostPolicy', () => {
  test('by default, on a loopback connection: loopback names and IP literals only', () => {
    const policy = createHostPolicy(undefined);
    for (const host of [
      'localhost:8787',
      'app.localhost',
      '127.0.0.1:8787',
      '[::1]:8787',
      '10.0.0.5',
    ])
      expect([host, policy.accepts(req(host), '127.0.0.1')]).toEqual([host, true]);
    for (const host of ['evil.example:8787', 'localhost.evil.example', 'EVIL.example'])
      expect([host, policy.accepts(req(host), '::ffff:127.0.0.1')]).toEqual([host, false]);
  });

  test('by default, off loopback (or where the adapter does not tell): any host', () => {
    const policy = createHostPolicy(undefined);
    expect(policy.accepts(req('shop.example'), '10.1.2.3')).toBe(true);
    expect(policy.accepts(req('shop.example'), undefined)).toBe(true);
  });

  test('a list is enforced everywhere: exact names, .domain for subdomains, * for any', () => {
    const policy = createHostPolicy(['shop.example:443', '.cdn.example']);
    expect(policy.accepts(req('shop.example'), undefined)).toBe(true);
    expect(policy.accepts(req('SHOP.example:8080'), '10.0.0.1')).toBe(true);
    expect(policy.accepts(req('img.cdn.example'), undefined)).toBe(true);
    expect(policy.accepts(req('cdn.example'), undefined)).toBe(true);
    expect(policy.accepts(req('evilcdn.example'), undefined)).toBe(false);
    expect(policy.accepts(req('other.example'), '127.0.0.1')).toBe(false);
    expect(policy.accepts(req('localhost'), undefined)).toBe(true);
    expect(createHostPolicy(['*']).accepts(req('anything.example'), '127.0.0.1')).toBe(true);
    expect(createHostPolicy('any').accepts(req('anything.example'), '127.0.0.1')).toBe(true);
    const fn = createHostPolicy((name) => name.endsWith('.internal'));
    expect(fn.accepts(req('a.internal:1'), undefined)).toBe(true);
    expect(fn.accepts(req('a.external'), undefined)).toBe(false);
  });

  test('hostnameOf strips ports and brackets', () => {
    expect(hostnameOf('Example.COM:8787')).toBe('example.com');
    expect(hostnameOf('[::1]:80')).toBe('::1');
    expect(hostnameOf('::1')).toBe('::1');
    expect(hostnameOf('example.com.')).toBe('example.com');
  });
});
