import ipaddr from 'ipaddr.js';

export interface AddressPolicy {
  /** Allow loopback addresses (127/8, ::1). For tests against local servers only. */
  allowLoopback?: boolean;
}

/**
 * True when the proxy must not connect to this IP: anything but a public unicast address.
 * ipaddr.js names the special ranges (loopback, private, linkLocal — which holds the cloud
 * metadata address 169.254.169.254 —, carrierGradeNat, multicast, unspecified, broadcast,
 * reserved, uniqueLocal, …); IPv6 forms that embed an IPv4 address (mapped, NAT64, 6to4,
 * Teredo) are judged by the address they carry. Unparseable input is blocked.
 */
export function isBlockedAddress(address: string, policy: AddressPolicy = {}): boolean {
  let parsed: ipaddr.IPv4 | ipaddr.IPv6;
  try {
    parsed = ipaddr.parse(address.replace(/^\[|\]$/g, '').replace(/%.*$/, ''));
  } catch {
    return true;
  }
  if (parsed.kind() === 'ipv6') {
    const v6 = parsed as ipaddr.IPv6;
    const embedded = embeddedIPv4(v6);
    if (embedded) return isBlockedAddress(embedded, policy);
  }
  const range = parsed.range();
  if (range === 'unicast') return false;
  if (range === 'loopback' && policy.allowLoopback) return false;
  return true;
}

function embeddedIPv4(v6: ipaddr.IPv6): string | undefined {
  if (v6.isIPv4MappedAddress()) return v6.toIPv4Address().toString();
  const p = v6.parts;
  const tail = () => `${p[6]! >> 8}.${p[6]! & 0xff}.${p[7]! >> 8}.${p[7]! & 0xff}`;
  // ::a.b.c.d (IPv4-compatible, deprecated but still routed by some stacks)
  if (p.slice(0, 6).every((x) => x === 0) && (p[6] !== 0 || p[7]! > 1)) return tail();
  // 64:ff9b::/96 (NAT64) and 64:ff9b:1::/48
  if (p[0] === 0x64 && p[1] === 0xff9b) return tail();
  // 2002::/16 (6to4): the IPv4 address is in parts 1–2
  if (p[0] === 0x2002) return `${p[1]! >> 8}.${p[1]! & 0xff}.${p[2]! >> 8}.${p[2]! & 0xff}`;
  return undefined;
}

/** Host names that always mean the cloud's metadata service, whatever DNS says. */
export const METADATA_HOSTS: ReadonlySet<string> = new Set([
  'metadata.google.internal',
  'metadata.goog',
  'metadata',
  'instance-data',
  'instance-data.ec2.internal',
]);
