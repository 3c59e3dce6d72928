// One result row → the device to act on and what to do. Pure. A row names a device by its MDE device id
// (40 hex digits, the only thing that ever goes into a URL path) or by its computer name (resolved through a
// $filter first; a name two devices share is refused later). Anything else is refused before any call.
import { odataString } from '../../defender/odata';
import { shown, singleValue } from '../common/ids';
import { oneOf } from '../common/params';
import type { Fields, Planned, Unplannable } from '../common/plan';
import { DEVICE_ACTIONS, ISOLATION_TYPES, SCAN_TYPES, requestedLabel, type DeviceRequest } from './catalog';

export type DeviceRef = { kind: 'id'; id: string } | { kind: 'name'; name: string };

export interface DeviceInput {
  ref: DeviceRef;
  request: DeviceRequest;
  sha1?: string;
  /** How long to follow the machine action (wait_seconds). */
  waitMs: number;
}

export const DEFAULT_WAIT_SECONDS = 300;

export const DEVICE_ID = /^[0-9a-f]{40}$/;
/** Host or DNS names: letters (any script), ASCII digits, '-' and '_', dot-separated; no spaces, slashes, quotes or look-alike digits. */
export const DEVICE_NAME = /^(?=.{1,255}$)[\p{L}0-9][\p{L}0-9_-]*(?:\.[\p{L}0-9_-]+)*\.?$/u;
const SHA1 = /^[0-9a-fA-F]{40}$/;
export const MAX_TAG_LENGTH = 200;
export const MAX_COMMENT_LENGTH = 4000;

/** Fields tried, in order, when device_field is empty: MDE, Graph evidence, advanced hunting, CIM. */
export const AUTO_DEVICE_FIELDS = [
  'device_id', 'machineId', 'mdeDeviceId', 'DeviceId', 'deviceId',
  'computerDnsName', 'deviceDnsName', 'DeviceName', 'device_name', 'device', 'dest', 'host',
];
export const AUTO_SHA1_FIELDS = ['sha1', 'SHA1', 'fileSha1', 'file_hash'];

export function parseDeviceRef(raw: string): DeviceRef | { problem: string } {
  const v = raw.trim();
  if (/^[0-9a-fA-F]{40}$/.test(v)) return { kind: 'id', id: v.toLowerCase() };
  if (DEVICE_NAME.test(v)) return { kind: 'name', name: v.replace(/\.$/, '') };
  return { problem: `'${shown(v)}' is neither an MDE device id (40 hex digits) nor a device name (letters, digits, '-', '_' and dots)` };
}

function firstPresent(fields: Fields, names: readonly string[]): { field: string; value: string } | { problem: string } | undefined {
  for (const name of names) {
    const v = singleValue(fields[name], name);
    if ('problem' in v) return v;
    if (v.value) return { field: name, value: v.value };
  }
  return undefined;
}

/** The request as configured for this row (tokens resolved), or what is wrong with it. */
export function deviceRequest(config: Record<string, string>, user: string, searchName: string): DeviceRequest | { problem: string } {
  const get = (k: string): string => (config[k] ?? '').trim();
  const action = oneOf('device_action', get('device_action'), DEVICE_ACTIONS);
  if ('problem' in action) return { problem: get('device_action') ? action.problem : `device_action is required: one of ${DEVICE_ACTIONS.join(', ')}` };
  const isolation = oneOf('isolation_type', get('isolation_type') || 'full', ISOLATION_TYPES);
  if ('problem' in isolation) return isolation;
  const scan = oneOf('scan_type', get('scan_type') || 'quick', SCAN_TYPES);
  if ('problem' in scan) return scan;
  const comment = get('comment') || `From Splunk by ${user || 'unknown user'}${searchName ? ` (search '${searchName}')` : ''}`;
  if (comment.length > MAX_COMMENT_LENGTH) return { problem: `comment is ${comment.length} characters; at most ${MAX_COMMENT_LENGTH}` };
  const request: DeviceRequest = { action: action.value, isolationType: isolation.value, scanType: scan.value, comment };
  if (action.value === 'add_tag' || action.value === 'remove_tag') {
    const tag = get('tag');
    if (!tag) return { problem: `${action.value} needs the tag: set tag` };
    if (tag.length > MAX_TAG_LENGTH || /[\u0000-\u001f]/.test(tag)) return { problem: `tag '${shown(tag)}' must be 1 to ${MAX_TAG_LENGTH} printable characters` };
    request.tag = tag;
  }
  return request;
}

export function planDeviceRow(fields: Fields, config: Record<string, string>, context: { user: string; searchName: string }): Planned<DeviceInput> | Unplannable {
  const request = deviceRequest(config, context.user, context.searchName);
  const requested = 'problem' in request ? (config.device_action ?? '').trim() : requestedLabel(request);
  const deviceField = (config.device_field ?? '').trim();
  const found = firstPresent(fields, deviceField ? [deviceField] : AUTO_DEVICE_FIELDS);
  const base = { targetType: 'device', requested, ...(found && 'value' in found ? { target: shown(found.value) } : {}) };
  if ('problem' in request) return { ...base, problem: request.problem };
  if (!found) {
    return {
      ...base,
      problem: deviceField
        ? `the row has no ${deviceField} value`
        : `the row names no device: add one of ${AUTO_DEVICE_FIELDS.join(', ')} to the results, or set device_field`,
    };
  }
  if ('problem' in found) return { ...base, problem: found.problem };
  const ref = parseDeviceRef(found.value);
  if ('problem' in ref) return { ...base, problem: `${found.field}: ${ref.problem}` };
  const wait = (config.wait_seconds ?? '').trim();
  if (wait && !/^\d{1,6}$/.test(wait)) return { ...base, problem: `wait_seconds '${shown(wait)}' must be a whole number of seconds` };
  const input: DeviceInput = { ref, request, waitMs: (wait ? Number(wait) : DEFAULT_WAIT_SECONDS) * 1000 };
  if (request.action === 'stop_and_quarantine_file') {
    const sha1Field = (config.sha1_field ?? '').trim();
    const names = sha1Field ? [sha1Field] : AUTO_SHA1_FIELDS;
    const s = firstPresent(fields, names);
    if (!s) return { ...base, problem: `stop_and_quarantine_file needs the file's SHA-1: add one of ${names.join(', ')} to the results, or set sha1_field` };
    if ('problem' in s) return { ...base, problem: s.problem };
    if (!SHA1.test(s.value)) return { ...base, problem: `${s.field} '${shown(s.value)}' is not a SHA-1 (40 hex digits); Defender stops and quarantines files by SHA-1 only` };
    input.sha1 = s.value.toLowerCase();
  }
  const device = ref.kind === 'id' ? `id:${ref.id}` : `name:${ref.name.toLowerCase()}`;
  return {
    targetKey: device,
    requestKey: `${requested}|${device}${input.sha1 ? `|${input.sha1}` : ''}`,
    targetType: ref.kind === 'id' ? 'device_id' : 'device_name',
    target: ref.kind === 'id' ? ref.id : ref.name,
    requested,
    input,
    ...(input.sha1 ? { details: { sha1: input.sha1 } } : {}),
  };
}

/** One $filter resolving several names: computerDnsName eq 'a' or computerDnsName eq 'b'. */
export function nameFilter(names: readonly string[]): string {
  return names.map((n) => `computerDnsName eq ${odataString(n)}`).join(' or ');
}
