// Entra tenants and app registrations the simulator knows: ids, secrets, certificates and the
// application roles each app was granted (admin-consented) on Graph and on MDE.
import { Prng } from '../prng';
import { createClientCertificate, thumbprints } from '../tls';

export const GRAPH_ROLES = ['SecurityIncident.Read.All', 'SecurityIncident.ReadWrite.All', 'SecurityAlert.Read.All', 'SecurityAlert.ReadWrite.All', 'ThreatHunting.Read.All'] as const;
/** Graph response roles (defender-response.md §1c, §3): identity lookup and actions, creating alerts. */
export const GRAPH_RESPONSE_ROLES = ['SecurityIdentitiesAccount.Read.All', 'SecurityIdentitiesActions.ReadWrite.All', 'SecurityAlert.Create.All'] as const;
/** Defender for Endpoint (WindowsDefenderATP) application roles: alerts, then machines and indicators (response). */
export const MDE_ROLES = [
  'Alert.Read.All', 'Alert.ReadWrite.All',
  'Machine.Read.All', 'Machine.ReadWrite.All', 'Machine.Isolate', 'Machine.Scan', 'Machine.RestrictExecution',
  'Machine.CollectForensics', 'Machine.StopAndQuarantine', 'Ti.Read.All', 'Ti.ReadWrite.All',
] as const;

/** What a response-capable app is granted on MDE besides alerts. */
export const MDE_RESPONSE_ROLES = [
  'Machine.ReadWrite.All', 'Machine.Isolate', 'Machine.Scan', 'Machine.RestrictExecution', 'Machine.CollectForensics',
  'Machine.StopAndQuarantine', 'Ti.ReadWrite.All',
];

export interface AppRoles {
  graph: string[];
  mde: string[];
}

export interface CertificateInfo {
  certificatePem: string;
  /** Present for certificates the simulator generated (so a client can sign with it). */
  privateKeyPem?: string;
  thumbprintSha1: string;
  thumbprintSha256: string;
}

export interface AppInfo {
  clientId: string;
  displayName: string;
  /** null: the app has no secret (certificate only). */
  clientSecret: string | null;
  certificates: CertificateInfo[];
  roles: AppRoles;
}

export interface TenantInfo {
  tenantId: string;
  displayName: string;
  apps: AppInfo[];
}

export interface AppSpec {
  clientId?: string;
  displayName?: string;
  /** A secret to accept; null for none; default: a generated one. */
  clientSecret?: string | null;
  /** 'generate' (default for a tenant's first app of the first tenant), an uploaded public certificate, or false. */
  certificate?: 'generate' | { certificatePem: string } | false;
  roles?: Partial<AppRoles>;
}

const FULL: AppRoles = { graph: ['SecurityIncident.ReadWrite.All', 'SecurityAlert.ReadWrite.All', 'ThreatHunting.Read.All', 'SecurityIdentitiesAccount.Read.All', 'SecurityIdentitiesActions.ReadWrite.All'], mde: ['Alert.ReadWrite.All', ...MDE_RESPONSE_ROLES] };
const READ_ONLY: AppRoles = { graph: ['SecurityIncident.Read.All', 'SecurityAlert.Read.All', 'ThreatHunting.Read.All'], mde: ['Alert.Read.All'] };

/** The apps a tenant gets when none are given: full access (with a certificate on tenant 0), read-only, and one without roles. */
export function defaultApps(tenantIndex: number): AppSpec[] {
  return [
    { displayName: 'Defender Sync', roles: FULL, certificate: tenantIndex === 0 ? 'generate' : false },
    { displayName: 'Defender Sync (read-only)', roles: READ_ONLY, certificate: false },
    { displayName: 'Defender Sync (no permissions)', roles: { graph: [], mde: [] }, certificate: false },
  ];
}

const SECRET_CHARS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-.~';

/** Shaped like an Entra client secret value (`xxx8Q~…`, 40 characters). */
function secretFrom(r: Prng): string {
  let s = `${r.hex(3)}8Q~`;
  while (s.length < 40) s += SECRET_CHARS[r.int(0, SECRET_CHARS.length - 1)];
  return s;
}

function checkRoles(roles: string[], known: readonly string[], api: string, app: string): string[] {
  for (const role of roles) {
    if (!known.includes(role)) throw new Error(`app '${app}': unknown ${api} role '${role}'; known roles: ${known.join(', ')}`);
  }
  return [...roles];
}

/** Builds one tenant's apps; generated ids and secrets follow the seed. */
export async function buildApps(specs: AppSpec[], r: Prng, nowMs: number): Promise<AppInfo[]> {
  return Promise.all(specs.map(async (spec, k) => {
    const clientId = spec.clientId ?? r.guid();
    const displayName = spec.displayName ?? `App ${k + 1}`;
    const clientSecret = spec.clientSecret === undefined ? secretFrom(r) : spec.clientSecret;
    const certificates: CertificateInfo[] = [];
    if (spec.certificate === 'generate') {
      certificates.push(await createClientCertificate(displayName, nowMs));
    } else if (spec.certificate) {
      const t = thumbprints(spec.certificate.certificatePem);
      certificates.push({ certificatePem: spec.certificate.certificatePem, thumbprintSha1: t.sha1, thumbprintSha256: t.sha256 });
    }
    if (clientSecret === null && certificates.length === 0) throw new Error(`app '${displayName}' has neither a client secret nor a certificate`);
    const roles = {
      graph: checkRoles(spec.roles?.graph ?? [], [...GRAPH_ROLES, ...GRAPH_RESPONSE_ROLES], 'Graph', displayName),
      mde: checkRoles(spec.roles?.mde ?? [], MDE_ROLES, 'MDE', displayName),
    };
    return { clientId, displayName, clientSecret, certificates, roles };
  }));
}
