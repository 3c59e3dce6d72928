import { expect } from 'chai';
import { parseAccount } from '../../src/config/account';
import {
  type AccountForm,
  accountFormErrors,
  accountRecordFrom,
  accountStanzaKeys,
  emptyAccountForm,
  expiryState,
  formFromRecord,
  secretToStore,
} from '../../src/setup/model/account-form';

const T = '11111111-2222-3333-4444-555555555555';
const C = 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee';
const form = (o: Partial<AccountForm>): AccountForm => ({ ...emptyAccountForm(), name: 'prod', tenantId: T, clientId: C, clientSecret: 's3cret', ...o });
const CERT = { sha256: 'ab'.repeat(32), notAfter: new Date('2027-03-01T12:00:00.000Z') };

describe('setup/model/account-form: the form ↔ the account stanza (DESIGN §3)', () => {
  it('writes only the contract keys that apply on create, which the runtime parses back', () => {
    const keys = accountStanzaKeys(form({}), 'create');
    expect(keys).to.deep.equal({ tenant_id: T, client_id: C, auth_type: 'client_secret', cloud: 'commercial' });
    expect(parseAccount('prod', keys)).to.deep.equal({ name: 'prod', tenantId: T, clientId: C, authType: 'client_secret', cloud: 'commercial' });
    const custom = accountStanzaKeys(
      form({ cloud: 'custom', loginUrl: ' https://login.example ', graphUrl: 'https://graph.example', mdeUrl: 'https://mde.example', authType: 'certificate' }),
      'create',
      CERT,
    );
    expect(custom).to.deep.equal({
      tenant_id: T,
      client_id: C,
      auth_type: 'certificate',
      cloud: 'custom',
      login_url: 'https://login.example',
      graph_url: 'https://graph.example',
      mde_url: 'https://mde.example',
      certificate_thumbprint: 'ab'.repeat(32),
      certificate_not_after: '2027-03-01T12:00:00Z',
    });
    expect(parseAccount('prod', custom).certificateThumbprint).to.equal('ab'.repeat(32));
  });

  it('on edit empties the keys that no longer apply and keeps the stored thumbprint when no new certificate is given', () => {
    const previous = accountRecordFrom('prod', {
      tenant_id: T,
      client_id: C,
      auth_type: 'certificate',
      cloud: 'custom',
      login_url: 'https://l',
      graph_url: 'https://g',
      mde_url: 'https://m',
      certificate_thumbprint: 'cd'.repeat(32),
      certificate_not_after: '2027-01-01T00:00:00Z',
    });
    expect(accountStanzaKeys(form({ authType: 'certificate', cloud: 'gcc' }), 'edit', undefined, previous)).to.deep.equal({
      tenant_id: T,
      client_id: C,
      auth_type: 'certificate',
      cloud: 'gcc',
      login_url: '',
      graph_url: '',
      mde_url: '',
      certificate_thumbprint: 'cd'.repeat(32),
      certificate_not_after: '2027-01-01T00:00:00Z',
    });
    expect(accountStanzaKeys(form({ authType: 'client_secret', cloud: 'custom', loginUrl: 'https://l', graphUrl: 'https://g', mdeUrl: 'https://m' }), 'edit', undefined, previous)).to.deep.equal({
      tenant_id: T,
      client_id: C,
      auth_type: 'client_secret',
      cloud: 'custom',
      login_url: 'https://l',
      graph_url: 'https://g',
      mde_url: 'https://m',
      certificate_thumbprint: '',
      certificate_not_after: '',
    });
  });

  it('edit keeps the name; clone copies everything but the name and the secrets', () => {
    const record = accountRecordFrom('prod', { tenant_id: T, client_id: C, auth_type: 'client_secret', cloud: 'dod' });
    expect(formFromRecord(record, 'edit')).to.include({ name: 'prod', tenantId: T, clientId: C, cloud: 'dod', clientSecret: '', privateKeyPem: '' });
    expect(formFromRecord(record, 'clone')).to.include({ name: '', tenantId: T, clientId: C, cloud: 'dod', clientSecret: '' });
  });

  it('puts the runtime’s messages next to the fields: GUIDs, https URLs, the name', () => {
    const errors = accountFormErrors(
      form({ name: 'bad name', tenantId: 'not-a-guid', clientId: '', cloud: 'custom', loginUrl: 'http://login.example', graphUrl: 'https://g', mdeUrl: '' }),
      'create',
      [],
    );
    expect(errors).to.deep.equal({
      name: "Account name 'bad name' is invalid: use 1-64 letters, digits, '_' or '-'.",
      tenantId: "tenant_id 'not-a-guid' is not a GUID (xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx).",
      clientId: 'client_id is missing.',
      loginUrl: "login_url: 'http://login.example' must use https://.",
      mdeUrl: 'mde_url is missing (the custom cloud needs login_url, graph_url and mde_url).',
    });
  });

  it('refuses a duplicate name on create and clone, and requires the secret unless an edit keeps it', () => {
    expect(accountFormErrors(form({ name: 'Prod' }), 'create', ['prod']).name).to.equal("An account named 'Prod' already exists: choose another name, or edit that account.");
    expect(accountFormErrors(form({ clientSecret: '  ' }), 'create', []).clientSecret).to.equal('Enter the client secret (its Value, not its Secret ID).');
    expect(accountFormErrors(form({ name: 'p2', clientSecret: '' }), 'clone', []).clientSecret).to.equal('Type the client secret again: a clone never copies secrets.');
    const previous = accountRecordFrom('prod', { tenant_id: T, client_id: C, auth_type: 'client_secret' });
    expect(accountFormErrors(form({ clientSecret: '' }), 'edit', ['prod'], previous)).to.deep.equal({});
    const toCert = accountFormErrors(form({ authType: 'certificate', clientSecret: '' }), 'edit', ['prod'], previous);
    expect(toCert).to.have.keys('certificatePem', 'privateKeyPem');
    const certPrev = accountRecordFrom('prod', { tenant_id: T, client_id: C, auth_type: 'certificate', certificate_thumbprint: 'ab'.repeat(32) });
    expect(accountFormErrors(form({ authType: 'certificate', certificatePem: '-----BEGIN CERTIFICATE-----' }), 'edit', [], certPrev)).to.deep.equal({
      privateKeyPem: 'A new certificate needs its private key: paste or upload it too.',
    });
  });

  it('stores the trimmed client secret or the key PEM, and nothing when an edit leaves them empty', () => {
    expect(secretToStore(form({ clientSecret: ' abc~8Q \n' }))).to.equal('abc~8Q');
    expect(secretToStore(form({ clientSecret: '' }))).to.equal(undefined);
    expect(secretToStore(form({ authType: 'certificate', privateKeyPem: '\n-----BEGIN PRIVATE KEY-----\nx\n-----END PRIVATE KEY-----\n\n' }))).to.equal(
      '-----BEGIN PRIVATE KEY-----\nx\n-----END PRIVATE KEY-----\n',
    );
  });

  it('rates the stored certificate expiry for the table', () => {
    const now = new Date('2026-06-01T00:00:00Z');
    expect(expiryState('', now)).to.equal('none');
    expect(expiryState('2026-05-31T00:00:00Z', now)).to.equal('expired');
    expect(expiryState('2026-06-20T00:00:00Z', now)).to.equal('soon');
    expect(expiryState('2026-09-01T00:00:00Z', now)).to.equal('ok');
  });
});
