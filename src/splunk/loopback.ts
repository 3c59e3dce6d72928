// Whether a server_uri host is this machine's loopback: splunkd's default certificate is self-signed,
// and only there do we accept it (as Splunk's own SDKs do for the local splunkd).
import { isIPv4, isIPv6 } from 'node:net';

export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (host === 'localhost') return true;
  if (isIPv4(host)) return host.startsWith('127.');
  if (isIPv6(host)) {
    if (host === '::1' || /^(0{0,4}:){7}0{0,3}1$/.test(host)) return true;
    // IPv4-mapped 127.0.0.0/8, dotted or as WHATWG URL normalises it (::ffff:7f00:1).
    const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(host);
    if (mapped) return mapped[1]!.startsWith('127.');
    return /^::ffff:7f[0-9a-f]{2}:[0-9a-f]{1,4}$/.test(host);
  }
  return false;
}
