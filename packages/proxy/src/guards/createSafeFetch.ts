import { lookup as dnsLookup } from 'node:dns/promises';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { LookupFunction } from 'node:net';
import { CutoutError, type FetchImage, UpstreamCode } from '@cutout/core';
import ipaddr from 'ipaddr.js';
import { deadlineSignal } from '../deadlineSignal';
import { isBlockedAddress, METADATA_HOSTS } from './isBlockedAddress';

export interface ResolvedAddress {
  address: string;
  family: number;
}

export interface SafeFetchOptions {
  /** Largest image accepted, in bytes. Default 25 MiB. */
  maxBytes?: number;
  /** The whole download, redirects included. Default 15 000 ms. */
  timeoutMs?: number;
  /** Redirects followed at most (each re-checked). Default 3. */
  maxRedirects?: number;
  /** Lets URLs reach loopback addresses. For tests against local servers only: off by default. */
  allowLoopback?: boolean;
  /** DNS resolution (every address it returns is checked). Default: the system resolver. */
  resolve?: (hostname: string) => Promise<ResolvedAddress[]>;
}

export type { FetchImage };

function refused(message: string, reason = 'blocked-url'): CutoutError {
  return new CutoutError('input', message, { reason, code: UpstreamCode.missingUrl, status: 400 });
}

const systemResolve = async (hostname: string): Promise<ResolvedAddress[]> =>
  dnsLookup(hostname, { all: true, verbatim: true });

/**
 * Downloads an image URL for engines that fetch URLs themselves, guarded against SSRF:
 * http/https only; the host resolved and every address checked (one private answer blocks
 * the URL: an attacker's DNS can mix them); the connection pinned to the checked address
 * (no second lookup, so DNS rebinding cannot swap it); each redirect re-checked the same
 * way; caps on redirects, time and size. Odd spellings (`0x7f.1`, `2130706433`,
 * `[::ffff:127.0.0.1]`) are normalised by the WHATWG URL parser before the check.
 *
 * Node's http client is used rather than fetch: only it lets us pin the resolved address.
 */
export function createSafeFetch(options: SafeFetchOptions = {}): FetchImage {
  const maxBytes = options.maxBytes ?? 25 * 1024 * 1024;
  const timeoutMs = options.timeoutMs ?? 15_000;
  const maxRedirects = options.maxRedirects ?? 3;
  const resolve = options.resolve ?? systemResolve;
  const policy = { allowLoopback: options.allowLoopback ?? false };

  const check = async (url: URL): Promise<ResolvedAddress> => {
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      throw refused(`Only http and https image URLs are fetched (got ${url.protocol}).`);
    }
    if (url.username || url.password) throw refused('Image URLs with credentials are refused.');
    const host = url.hostname
      .replace(/^\[|\]$/g, '')
      .toLowerCase()
      .replace(/\.$/, '');
    if (METADATA_HOSTS.has(host)) throw refused('The image URL points at a metadata service.');
    let addresses: ResolvedAddress[];
    if (ipaddr.isValid(host)) {
      addresses = [{ address: host, family: host.includes(':') ? 6 : 4 }];
    } else {
      try {
        addresses = await resolve(host);
      } catch {
        throw refused(`The image URL's host "${host}" does not resolve.`, 'unreachable');
      }
    }
    if (addresses.length === 0)
      throw refused(`The image URL's host "${host}" does not resolve.`, 'unreachable');
    for (const a of addresses) {
      if (isBlockedAddress(a.address, policy)) {
        throw refused('The image URL points at a private, loopback or reserved address.');
      }
    }
    return addresses[0]!;
  };

  return async (rawUrl, signal) => {
    const deadline = deadlineSignal([signal], timeoutMs);
    const combined = deadline.signal;
    let url: URL;
    try {
      url = new URL(rawUrl);
    } catch {
      throw refused('image_url is not a valid URL.', 'missing-url');
    }
    try {
      for (let hop = 0; ; hop++) {
        const pinned = await check(url);
        combined.throwIfAborted();
        const response = await get(url, pinned, combined);
        const status = response.statusCode ?? 0;
        if (status >= 300 && status < 400 && response.headers.location) {
          response.destroy();
          if (hop >= maxRedirects)
            throw refused(`Too many redirects (over ${maxRedirects}).`, 'unreachable');
          url = new URL(response.headers.location, url);
          continue;
        }
        if (status < 200 || status >= 300) {
          response.destroy();
          throw refused(`The image URL answered HTTP ${status}.`, 'unreachable');
        }
        return await readCapped(response, maxBytes);
      }
    } catch (error) {
      if (signal.aborted) throw signal.reason ?? error;
      if (deadline.timedOut)
        throw refused(`The image URL took over ${timeoutMs} ms.`, 'unreachable');
      if ((error as { isCutoutError?: boolean }).isCutoutError) throw error;
      throw refused('The image URL could not be downloaded.', 'unreachable');
    } finally {
      deadline.clear();
    }
  };
}

function get(url: URL, pinned: ResolvedAddress, signal: AbortSignal): Promise<IncomingMessage> {
  // Hands the connection the address we checked instead of resolving again.
  const lookup: LookupFunction = (_host, opts, callback) => {
    if ((opts as { all?: boolean }).all) {
      (callback as unknown as (e: null, a: ResolvedAddress[]) => void)(null, [pinned]);
    } else callback(null, pinned.address, pinned.family);
  };
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = send(url, {
      method: 'GET',
      lookup,
      signal,
      headers: {
        accept: 'image/png, image/jpeg, image/webp, */*;q=0.5',
        'user-agent': 'cutout-proxy',
      },
    });
    req.once('response', resolve);
    req.once('error', reject);
    req.end();
  });
}

async function readCapped(response: IncomingMessage, maxBytes: number): Promise<Uint8Array> {
  const declared = Number(response.headers['content-length']);
  const tooLarge = () =>
    new CutoutError('input', `The image at the URL is over the size limit (${maxBytes} bytes).`, {
      reason: 'too-large',
      code: UpstreamCode.tooLarge,
      status: 413,
    });
  if (Number.isFinite(declared) && declared > maxBytes) {
    response.destroy();
    throw tooLarge();
  }
  const chunks: Buffer[] = [];
  let length = 0;
  for await (const chunk of response as AsyncIterable<Buffer>) {
    length += chunk.length;
    if (length > maxBytes) {
      response.destroy();
      throw tooLarge();
    }
    chunks.push(chunk);
  }
  const out = Buffer.concat(chunks, length);
  return new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
}
