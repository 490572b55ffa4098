/**
 * Which `Host` names the proxy answers to, against DNS rebinding: a page on
 * `evil.example`, whose DNS then points at 127.0.0.1, is same-origin with a proxy on loopback
 * as far as the browser knows (Origin and Host both say `evil.example`), so CORS cannot stop
 * it; only refusing the unknown Host name does. (Issue 14, item 4.)
 *
 * - a list: `'example.com'` (exactly), `'.example.com'` (it and its subdomains), `'*'` (any);
 *   ports are ignored.
 * - a function of the host name (lower-cased, no port, IPv6 without brackets).
 * - `'any'`: no check.
 *
 * Always allowed: `localhost`, `*.localhost` and IP literals (a page whose URL is an IP
 * address has that IP as its origin: nothing to rebind).
 *
 * Default (no option): the check is on only for requests that reached the server on a
 * loopback address (the adapter tells, see `RequestInfo.localAddress`), so a proxy on
 * 127.0.0.1 answers to loopback names and IP literals only. Mounted where the adapter does
 * not tell (a Next.js route handler), pass `allowedHosts` to get the check.
 */
export type AllowedHosts = readonly string[] | ((hostname: string) => boolean) | 'any';

export interface HostPolicy {
  /** True when the request's Host may be served. */
  accepts(req: Request, localAddress: string | undefined): boolean;
}

export function createHostPolicy(allowed: AllowedHosts | undefined): HostPolicy {
  const list =
    allowed === undefined || allowed === 'any' || typeof allowed === 'function'
      ? undefined
      : allowed.map((entry) => hostnameOf(entry.trim())).filter(Boolean);
  const listed = (name: string) =>
    list!.some(
      (entry) =>
        entry === '*' ||
        entry === name ||
        (entry.startsWith('.') && (name === entry.slice(1) || name.endsWith(entry))),
    );
  return {
    accepts(req, localAddress) {
      if (allowed === 'any') return true;
      if (allowed === undefined && !(localAddress !== undefined && isLoopback(localAddress))) {
        return true;
      }
      const name = hostnameOf(requestHost(req));
      if (name === '') return false;
      if (isAlwaysAllowed(name)) return true;
      if (typeof allowed === 'function') return allowed(name);
      return list !== undefined && listed(name);
    },
  };
}

/**
 * The host the client asked for: the `Host` header, not `req.url`'s host. They differ
 * behind Next.js route handlers (`req.url` says `localhost` under `next start -H 127.0.0.1`,
 * where the browser sent `Host: 127.0.0.1:3000`). Falls back to `req.url` without a Host.
 */
export function requestHost(req: Request): string {
  const header = req.headers.get('host')?.trim();
  if (header) return header.toLowerCase();
  try {
    return new URL(req.url).host.toLowerCase();
  } catch {
    return '';
  }
}

/** `Example.COM:8787` → `example.com`; `[::1]:8787` → `::1`; '' when unparseable. */
export function hostnameOf(host: string): string {
  const value = host.toLowerCase();
  if (value === '*' || value.startsWith('.')) return value;
  if (value.startsWith('[')) {
    const end = value.indexOf(']');
    return end > 0 ? value.slice(1, end) : '';
  }
  // A bare IPv6 address has several colons; host:port has one.
  if (value.split(':').length > 2) return value;
  return value.split(':')[0]!.replace(/\.$/, '');
}

function isAlwaysAllowed(name: string): boolean {
  return name === 'localhost' || name.endsWith('.localhost') || isIpLiteral(name);
}

function isIpLiteral(name: string): boolean {
  if (/^\d{1,3}(\.\d{1,3}){3}$/.test(name)) return true;
  return name.includes(':') && /^[0-9a-f:.]+(%.+)?$/.test(name);
}

/** 127.0.0.0/8, ::1 and IPv4-mapped 127.x (a socket's local address). */
export function isLoopback(address: string): boolean {
  const a = address.toLowerCase();
  return a === '::1' || /^(::ffff:)?127\./.test(a);
}
