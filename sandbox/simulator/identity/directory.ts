// Defender for Identity's identity accounts per tenant (Graph v1.0 security/identities/identityAccounts,
// defender-response.md §1c, §6): seeded and deterministic. Each identity has an Entra ID account, most an
// on-premises Active Directory account (its SID), some an Okta account. invokeAction changes isEnabled for
// disable/enable and records every action, so tests and the demo can see what was asked.
import { hash32, Prng } from '../prng';

export const IDENTITY_ACTIONS = ['disable', 'enable', 'forcePasswordReset', 'revokeAllSessions', 'requireUserToSignInAgain', 'markUserAsCompromised'] as const;
export const IDENTITY_PROVIDERS = ['entraID', 'activeDirectory', 'okta'] as const;

export interface ProviderAccount {
  accountId: string;
  displayName: string;
  domain: string;
  identityProvider: (typeof IDENTITY_PROVIDERS)[number];
  isEnabled: boolean;
}

export interface IdentityAccountRecord {
  id: string;
  displayName: string;
  domain: string;
  cloudSecurityIdentifier: string;
  onPremisesSecurityIdentifier: string | null;
  isEnabled: boolean;
  accounts: ProviderAccount[];
}

export interface InvokedAction {
  tenantId: string;
  identityAccountId: string;
  accountId: string;
  action: string;
  identityProvider: string;
  correlationId: string;
  /** The app that asked. */
  by: string;
}

const NAMES = ['Kai Carter', 'David So', 'Mei Chen', 'Zoë Müller', 'Hassan Ali', 'Priya Nair', 'Tomás Ruiz', 'Ana Lima', 'Olu Ade', 'Sven Berg'];

export const IDENTITIES_PER_TENANT = 40;

function generate(tenantId: string, seed: number): IdentityAccountRecord[] {
  const r = Prng.for(seed, hash32(0x1d7, tenantId.length), 0x1d);
  const domainSid = `S-1-5-21-${r.int(1_000_000, 3_999_999_999)}-${r.int(1_000_000, 3_999_999_999)}-${r.int(1_000_000, 3_999_999_999)}`;
  return Array.from({ length: IDENTITIES_PER_TENANT }, (_, i) => {
    const name = `${NAMES[i % NAMES.length] as string}${i >= NAMES.length ? ` ${Math.floor(i / NAMES.length) + 1}` : ''}`;
    const upn = `${name.toLowerCase().replace(/[^a-z0-9]+/g, '.')}@contoso.com`;
    const objectId = r.guid();
    const sid = i % 3 === 2 ? null : `${domainSid}-${1100 + i}`;
    const accounts: ProviderAccount[] = [{ accountId: objectId, displayName: name, domain: 'contoso.com', identityProvider: 'entraID', isEnabled: true }];
    if (sid) accounts.push({ accountId: sid, displayName: name, domain: 'CONTOSO', identityProvider: 'activeDirectory', isEnabled: true });
    if (i % 5 === 0) accounts.push({ accountId: `00u${r.hex(17)}`, displayName: upn, domain: 'contoso.okta.com', identityProvider: 'okta', isEnabled: true });
    return { id: r.guid(), displayName: name, domain: 'contoso.com', cloudSecurityIdentifier: objectId, onPremisesSecurityIdentifier: sid, isEnabled: true, accounts };
  });
}

export class IdentityDirectory {
  private readonly tenants = new Map<string, IdentityAccountRecord[]>();
  /** Every invokeAction accepted, oldest first. */
  readonly invoked: InvokedAction[] = [];

  constructor(private readonly seed: number) {}

  /** The tenant's identity accounts (live records). */
  accounts(tenantId: string): IdentityAccountRecord[] {
    const key = tenantId.toLowerCase();
    let list = this.tenants.get(key);
    if (!list) {
      list = generate(key, this.seed);
      this.tenants.set(key, list);
    }
    return list;
  }

  get(tenantId: string, id: string): IdentityAccountRecord | undefined {
    return this.accounts(tenantId).find((a) => a.id === id);
  }

  /** Applies an accepted action: disable/enable flip the provider account (and the identity when all agree). */
  apply(tenantId: string, identity: IdentityAccountRecord, account: ProviderAccount, action: string, identityProvider: string, correlationId: string, by: string): void {
    if (action === 'disable' || action === 'enable') {
      account.isEnabled = action === 'enable';
      identity.isEnabled = identity.accounts.some((a) => a.isEnabled);
    }
    this.invoked.push({ tenantId, identityAccountId: identity.id, accountId: account.accountId, action, identityProvider, correlationId, by });
  }

  reset(): void {
    this.tenants.clear();
    this.invoked.length = 0;
  }
}
