// Result rows → the devices to act on. Pure. A row names a device by its MDE device id (40 hex digits,
// the only thing that ever goes into a URL path) or by its computer name (resolved through a $filter
// first; a name two devices share is refused later). Anything else is refused before any call.
import { singleValue, type Fields } from '../../splunk/alert/fields';
import { odataString } from '../../defender/odata';
import type { DeviceAction } from './catalog';

export type DeviceRef = { kind: 'id'; id: string } | { kind: 'name'; name: string };

export const DEVICE_ID = /^[0-9a-f]{40}$/;
/** Host or DNS names: letters (any script), digits, '-' and '_', dot-separated; no spaces, slashes or quotes. */
export const DEVICE_NAME = /^(?=.{1,255}$)[\p{L}\p{N}][\p{L}\p{N}_-]*(?:\.[\p{L}\p{N}_-]+)*\.?$/u;
const SHA1 = /^[0-9a-fA-F]{40}$/;

/** Fields tried, in order, when device_field is empty: MDE, Graph evidence, advanced hunting, CIM. */
export const AUTO_DEVICE_FIELDS = [
  'device_id', 'machineId', 'mdeDeviceId', 'DeviceId', 'deviceId',
  'computerDnsName', 'deviceDnsName', 'DeviceName', 'device_name', 'device', 'dest', 'host',
];
export const AUTO_SHA1_FIELDS = ['sha1', 'SHA1', 'fileSha1', 'file_hash'];

export interface DeviceRowPlan {
  row: number;
  ref?: DeviceRef;
  /** What makes two rows the same request (device, plus the file for stop-and-quarantine). */
  key?: string;
  sha1?: string;
  problem?: string;
  duplicateOf?: number;
}

const shown = (v: string): string => JSON.stringify(v.length > 80 ? `${v.slice(0, 80)}…` : v);

export function parseDeviceRef(raw: string): DeviceRef | { problem: string } {
  const v = raw.trim();
  if (/^[0-9a-fA-F]{40}$/.test(v)) return { kind: 'id', id: v.toLowerCase() };
  if (DEVICE_NAME.test(v)) return { kind: 'name', name: v.replace(/\.$/, '') };
  return { problem: `${shown(v)} is neither an MDE device id (40 hex digits) nor a device name (letters, digits, '-', '_' and dots)` };
}

function firstPresent(fields: Fields, names: readonly string[]): { field: string; value: string } | { problem: string } | undefined {
  for (const name of names) {
    const v = singleValue(fields, name);
    if ('problem' in v) return v;
    if (v.value) return { field: name, value: v.value };
  }
  return undefined;
}

export function planDeviceRows(
  rows: ReadonlyArray<{ rowIndex: number; fields: Fields }>,
  o: { action: DeviceAction; deviceField: string; sha1Field: string },
): DeviceRowPlan[] {
  const deviceFields = o.deviceField ? [o.deviceField] : AUTO_DEVICE_FIELDS;
  const sha1Fields = o.sha1Field ? [o.sha1Field] : AUTO_SHA1_FIELDS;
  const first = new Map<string, number>();
  return rows.map(({ rowIndex, fields }): DeviceRowPlan => {
    const found = firstPresent(fields, deviceFields);
    if (!found) {
      return {
        row: rowIndex,
        problem: o.deviceField
          ? `the row has no ${o.deviceField} value`
          : `the row names no device: add one of ${AUTO_DEVICE_FIELDS.join(', ')} to the results, or set device_field`,
      };
    }
    if ('problem' in found) return { row: rowIndex, problem: found.problem };
    const ref = parseDeviceRef(found.value);
    if ('problem' in ref) return { row: rowIndex, problem: `${found.field}: ${ref.problem}` };
    let sha1: string | undefined;
    if (o.action === 'stop_and_quarantine_file') {
      const s = firstPresent(fields, sha1Fields);
      if (!s) return { row: rowIndex, ref, problem: `stop_and_quarantine_file needs the file's SHA-1: add one of ${sha1Fields.join(', ')} to the results, or set sha1_field` };
      if ('problem' in s) return { row: rowIndex, ref, problem: s.problem };
      if (!SHA1.test(s.value)) return { row: rowIndex, ref, problem: `${s.field} ${shown(s.value)} is not a SHA-1 (40 hex digits); Defender stops and quarantines files by SHA-1 only` };
      sha1 = s.value.toLowerCase();
    }
    const key = `${ref.kind === 'id' ? `id:${ref.id}` : `name:${ref.name.toLowerCase()}`}${sha1 ? `|${sha1}` : ''}`;
    const dup = first.get(key);
    if (dup !== undefined) return { row: rowIndex, ref, key, ...(sha1 ? { sha1 } : {}), duplicateOf: dup };
    first.set(key, rowIndex);
    return { row: rowIndex, ref, key, ...(sha1 ? { sha1 } : {}) };
  });
}

/** One $filter resolving several names: computerDnsName eq 'a' or computerDnsName eq 'b'. */
export function nameFilter(names: readonly string[]): string {
  return names.map((n) => `computerDnsName eq ${odataString(n)}`).join(' or ');
}
