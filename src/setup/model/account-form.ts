// The account form: what the admin types ↔ the ta_defender_sync_account.conf stanza (DESIGN §3), checked
// with the add-on's own rules (accountProblems) so the page and the runtime agree. Pure.
// Secrets (client secret, private key) are form fields only: they go to storage/passwords, never to the
// stanza, and an empty secret field on edit means "keep the stored one".
import { accountProblems, AUTH_TYPES, type AuthType, CLOUDS, type Cloud } from '../../config/account';
import { assignMessages, type FieldErrors } from './field-errors';

export type AccountMode = 'create' | 'edit' | 'clone';

export interface AccountForm {
  name: string;
  tenantId: string;
  clientId: string;
  cloud: Cloud;
  loginUrl: string;
  graphUrl: string;
  mdeUrl: string;
  authType: AuthType;
  clientSecret: string;
  certificatePem: string;
  privateKeyPem: string;
}

export type AccountField = keyof AccountForm;

/** What the conf holds for an account, as the table and the edit form read it. */
export interface AccountRecord {
  name: string;
  tenantId: string;
  clientId: string;
  cloud: string;
  authType: string;
  loginUrl: string;
  graphUrl: string;
  mdeUrl: string;
  certificateThumbprint: string;
  /** ISO 8601 UTC, written by this page with the thumbprint (informational; the runtime ignores it). */
  certificateNotAfter: string;
}

/** Informational key next to certificate_thumbprint: the table's expiry column needs it without reading any secret. */
export const CERTIFICATE_NOT_AFTER_KEY = 'certificate_not_after';

export const CLOUD_LABELS: Record<Cloud, string> = {
  commercial: 'Commercial (global)',
  gcc: 'US Government (GCC)',
  gcc_high: 'US Government (GCC High)',
  dod: 'US Government (DoD)',
  custom: 'Custom endpoints',
};

export const AUTH_TYPE_LABELS: Record<AuthType, string> = {
  client_secret: 'Client secret',
  certificate: 'Certificate',
};

export const emptyAccountForm = (): AccountForm => ({
  name: '',
  tenantId: '',
  clientId: '',
  cloud: 'commercial',
  loginUrl: '',
  graphUrl: '',
  mdeUrl: '',
  authType: 'client_secret',
  clientSecret: '',
  certificatePem: '',
  privateKeyPem: '',
});

const str = (v: unknown): string => (typeof v === 'string' ? v : v === undefined || v === null ? '' : String(v));

export function accountRecordFrom(name: string, content: Record<string, unknown>): AccountRecord {
  return {
    name,
    tenantId: str(content.tenant_id),
    clientId: str(content.client_id),
    cloud: str(content.cloud) || 'commercial',
    authType: str(content.auth_type) || 'client_secret',
    loginUrl: str(content.login_url),
    graphUrl: str(content.graph_url),
    mdeUrl: str(content.mde_url),
    certificateThumbprint: str(content.certificate_thumbprint),
    certificateNotAfter: str(content[CERTIFICATE_NOT_AFTER_KEY]),
  };
}

const known = <T extends string>(list: readonly T[], v: string, fallback: T): T => ((list as readonly string[]).includes(v) ? (v as T) : fallback);

/** The form for editing (name kept) or cloning (name and secrets cleared) an account. Secrets never come back. */
export function formFromRecord(record: AccountRecord, mode: 'edit' | 'clone'): AccountForm {
  return {
    ...emptyAccountForm(),
    name: mode === 'edit' ? record.name : '',
    tenantId: record.tenantId,
    clientId: record.clientId,
    cloud: known(CLOUDS, record.cloud, 'commercial'),
    loginUrl: record.loginUrl,
    graphUrl: record.graphUrl,
    mdeUrl: record.mdeUrl,
    authType: known(AUTH_TYPES, record.authType, 'client_secret'),
  };
}

export interface CertificateFacts {
  sha256: string;
  notAfter: Date;
}

/**
 * The stanza keys to write. On create only the keys that apply; on edit also the ones that no longer
 * apply, emptied, so a switch from custom to commercial (or certificate to secret) leaves nothing stale.
 * `certificate`: facts of a newly entered certificate; absent on edit means "keep the stored thumbprint".
 */
export function accountStanzaKeys(form: AccountForm, mode: AccountMode, certificate?: CertificateFacts, previous?: AccountRecord): Record<string, string> {
  const keys: Record<string, string> = {
    tenant_id: form.tenantId.trim(),
    client_id: form.clientId.trim(),
    auth_type: form.authType,
    cloud: form.cloud,
  };
  const custom = form.cloud === 'custom';
  const urls: Array<[string, string, string | undefined]> = [
    ['login_url', form.loginUrl, previous?.loginUrl],
    ['graph_url', form.graphUrl, previous?.graphUrl],
    ['mde_url', form.mdeUrl, previous?.mdeUrl],
  ];
  for (const [key, value, before] of urls) {
    if (custom) keys[key] = value.trim();
    else if (mode === 'edit' && before) keys[key] = '';
  }
  if (form.authType === 'certificate') {
    const keep = mode === 'edit' && !certificate && previous?.authType === 'certificate';
    keys.certificate_thumbprint = certificate ? certificate.sha256 : keep ? previous!.certificateThumbprint : '';
    keys[CERTIFICATE_NOT_AFTER_KEY] = certificate ? certificate.notAfter.toISOString().replace(/\.\d{3}Z$/, 'Z') : keep ? previous!.certificateNotAfter : '';
  } else if (mode === 'edit' && previous && (previous.certificateThumbprint || previous.certificateNotAfter)) {
    keys.certificate_thumbprint = '';
    keys[CERTIFICATE_NOT_AFTER_KEY] = '';
  }
  return keys;
}

const KEY_TO_FIELD: Record<string, AccountField> = {
  'account name': 'name',
  tenant_id: 'tenantId',
  client_id: 'clientId',
  auth_type: 'authType',
  certificate_thumbprint: 'certificatePem',
  cloud: 'cloud',
  login_url: 'loginUrl',
  graph_url: 'graphUrl',
  mde_url: 'mdeUrl',
};

/**
 * Field errors of the form, before anything is sent. The stanza is checked with accountProblems (the
 * runtime's rules); secrets with the form's own rules (required on create and clone, or when the auth type
 * changes; certificate and key go together). Certificate contents are checked asynchronously elsewhere.
 */
export function accountFormErrors(form: AccountForm, mode: AccountMode, existingNames: string[], previous?: AccountRecord): FieldErrors<AccountField> {
  const probe = accountStanzaKeys(form, mode, form.authType === 'certificate' ? { sha256: '0'.repeat(64), notAfter: new Date(0) } : undefined, previous);
  const errors = assignMessages(accountProblems(form.name.trim(), probe), KEY_TO_FIELD, 'name');
  delete errors.certificatePem; // the probe thumbprint is a placeholder; the certificate is checked below
  if (mode !== 'edit' && existingNames.some((n) => n.toLowerCase() === form.name.trim().toLowerCase()) && !errors.name)
    errors.name = `An account named '${form.name.trim()}' already exists: choose another name, or edit that account.`;
  const switched = mode === 'edit' && previous?.authType !== form.authType;
  const secretRequired = mode !== 'edit' || switched;
  if (form.authType === 'client_secret') {
    if (secretRequired && form.clientSecret.trim() === '')
      errors.clientSecret = mode === 'clone' ? 'Type the client secret again: a clone never copies secrets.' : 'Enter the client secret (its Value, not its Secret ID).';
  } else {
    const cert = form.certificatePem.trim() !== '';
    const key = form.privateKeyPem.trim() !== '';
    if (secretRequired && !cert) errors.certificatePem = 'Paste or upload the certificate uploaded to the app registration (PEM).';
    if (secretRequired && !key)
      errors.privateKeyPem = mode === 'clone' ? 'Paste the private key again: a clone never copies secrets.' : 'Paste or upload the certificate\'s private key (PEM).';
    if (!secretRequired && cert && !key) errors.privateKeyPem = 'A new certificate needs its private key: paste or upload it too.';
    if (!secretRequired && key && !cert) errors.certificatePem = 'A new private key needs its certificate (to check they match and derive the thumbprint).';
  }
  return errors;
}

/** The secret to store, or undefined to keep the stored one. */
export function secretToStore(form: AccountForm): string | undefined {
  // Entra ID secret values never contain whitespace; pasted ones often end with a newline.
  if (form.authType === 'client_secret') return form.clientSecret.trim() === '' ? undefined : form.clientSecret.trim();
  return form.privateKeyPem.trim() === '' ? undefined : `${form.privateKeyPem.trim()}\n`;
}

export type ExpiryState = 'none' | 'ok' | 'soon' | 'expired';

/** Expiry shown in the accounts table (from the stored certificate_not_after). */
export function expiryState(notAfter: string, now: Date, warningDays = 30): ExpiryState {
  const t = Date.parse(notAfter);
  if (!notAfter || Number.isNaN(t)) return 'none';
  if (t <= now.getTime()) return 'expired';
  return t - now.getTime() <= warningDays * 86_400_000 ? 'soon' : 'ok';
}
