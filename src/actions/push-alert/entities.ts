// Result fields → createAlert entity definitions (defender-response.md §3, entityDefinitionInput). Pure. Each
// value is checked for its type before any call (an IP is an IP, a SHA-256 has 64 hex digits…) and given the
// identifier Microsoft allows for that type; MD5 is not one of them.
import { isIP } from 'node:net';
import { shown } from '../common/ids';
import type { Fields } from '../common/plan';
import { ENTITY_FIELDS } from './definition';

export interface EntityDefinition {
  entityType: string;
  entityIdentifier: string;
  identifierValue: string;
  role: 'impacted' | 'related';
}

export const MAX_ENTITIES = 100;
export const MAX_IDENTIFIER = 1000;

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const HOST = /^[A-Za-z0-9](?:[A-Za-z0-9_-]{0,62})(?:\.[A-Za-z0-9_-]{1,63})*\.?$/;
const ADDRESS = /^[^@\s]{1,64}@[^@\s]+\.[^@\s]+$/;

type Identified = { entityIdentifier: string } | { problem: string };

const IDENTIFY: Record<string, (v: string) => Identified> = {
  device: (v) =>
    /^[0-9a-f]{40}$/i.test(v) ? { entityIdentifier: 'deviceId' } : HOST.test(v) && v.length <= 255 ? { entityIdentifier: 'deviceName' } : { problem: 'is not an MDE device id (40 hex digits) or a device name' },
  user: (v) =>
    ADDRESS.test(v) ? { entityIdentifier: 'userPrincipalName' } : GUID.test(v) ? { entityIdentifier: 'aadUserId' } : /^S-1-\d+(-\d+)+$/.test(v) ? { entityIdentifier: 'sid' } : { problem: 'is not a UPN, an Entra object id or a SID' },
  ip: (v) => (isIP(v) ? { entityIdentifier: 'address' } : { problem: 'is not an IP address' }),
  file: (v) =>
    /^[0-9a-f]{64}$/i.test(v)
      ? { entityIdentifier: 'sha256' }
      : /^[0-9a-f]{40}$/i.test(v)
        ? { entityIdentifier: 'sha1' }
        : /^[0-9a-f]{32}$/i.test(v)
          ? { problem: 'is an MD5; Defender alerts take SHA-256 or SHA-1 file hashes' }
          : { problem: 'is not a SHA-256 (64 hex digits) or SHA-1 (40 hex digits)' },
  url: (v) => {
    try {
      const u = new URL(v);
      return u.protocol === 'http:' || u.protocol === 'https:' ? { entityIdentifier: 'url' } : { problem: 'is not an http(s) URL' };
    } catch {
      return { problem: 'is not an http(s) URL' };
    }
  },
  mailbox: (v) => (ADDRESS.test(v) ? { entityIdentifier: 'mailboxPrimaryAddress' } : { problem: 'is not a mailbox address' }),
};

/** Devices and users are what the detection is about; the rest is related evidence. */
const ROLE: Record<string, 'impacted' | 'related'> = { device: 'impacted', user: 'impacted' };

/** The row's entities, or the first problem. `config` is the row's configuration (field names). */
export function entitiesOf(fields: Fields, config: Readonly<Record<string, string>>): { entities: EntityDefinition[] } | { problem: string } {
  const entities: EntityDefinition[] = [];
  const seen = new Set<string>();
  for (const f of ENTITY_FIELDS) {
    const field = (config[f.param] ?? f.default).trim();
    if (!field) continue;
    const raw = fields[field];
    const values = (Array.isArray(raw) ? raw : raw === undefined ? [] : [raw]).map((v) => v.trim()).filter((v) => v !== '');
    for (const value of values) {
      if (value.length > MAX_IDENTIFIER) return { problem: `field '${field}' holds a value of ${value.length} characters; Defender takes at most ${MAX_IDENTIFIER}` };
      const id = (IDENTIFY[f.entity] as (v: string) => Identified)(value);
      if ('problem' in id) return { problem: `field '${field}' ('${shown(value)}') ${id.problem}` };
      const key = `${f.entity}|${id.entityIdentifier}|${value.toLowerCase()}`;
      if (seen.has(key)) continue;
      seen.add(key);
      entities.push({ entityType: f.entity, entityIdentifier: id.entityIdentifier, identifierValue: value, role: ROLE[f.entity] ?? 'related' });
    }
  }
  if (entities.length === 0)
    return { problem: `no entity in this row: Defender alerts need at least one (set the entity fields to result fields holding a device, user, IP, file hash, URL or mailbox)` };
  if (entities.length > MAX_ENTITIES) return { problem: `the row names ${entities.length} entities; a Defender alert takes at most ${MAX_ENTITIES}` };
  return { entities };
}
