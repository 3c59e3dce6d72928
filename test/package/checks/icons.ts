// App icons in the exact pixel sizes Splunk and Splunkbase expect, read from the PNG headers.
import { findEntry } from './model';
import type { Finding, PackageCheck } from './types';

export const ICON_SIZES: ReadonlyArray<[path: string, width: number, height: number, required: boolean]> = [
  ['static/appIcon.png', 36, 36, true],
  ['static/appIcon_2x.png', 72, 72, true],
  ['static/appIconAlt.png', 36, 36, true],
  ['static/appIconAlt_2x.png', 72, 72, true],
  ['static/appLogo.png', 160, 40, false],
  ['static/appLogo_2x.png', 320, 80, false],
];

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** Width and height from the IHDR chunk, or undefined when the bytes are not a PNG. */
export function pngSize(bytes: Buffer): { width: number; height: number } | undefined {
  if (bytes.length < 24 || !bytes.subarray(0, 8).equals(PNG_SIGNATURE) || bytes.toString('latin1', 12, 16) !== 'IHDR')
    return undefined;
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

export const icons: PackageCheck = {
  id: 'icons',
  rule: 'static/appIcon*.png 36x36 and 72x72 (and appLogo*.png 160x40 and 320x80 when present) are PNGs of exactly that size',
  run(tree) {
    const findings: Finding[] = [];
    for (const [path, width, height, required] of ICON_SIZES) {
      const entry = findEntry(tree, path);
      if (!entry) {
        if (required) findings.push({ check: this.id, path, message: `${path} is missing (PNG, ${width}x${height})` });
        continue;
      }
      const size = entry.content && pngSize(entry.content);
      if (!size) findings.push({ check: this.id, path, message: `${path} is not a PNG file` });
      else if (size.width !== width || size.height !== height)
        findings.push({ check: this.id, path, message: `${path} is ${size.width}x${size.height}; it must be ${width}x${height}` });
    }
    return findings;
  },
};
