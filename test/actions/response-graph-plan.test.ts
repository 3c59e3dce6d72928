// Row planning of the Graph response actions: which identity, which action and provider; which createAlert
// input, with entities mapped from result fields and checked before any call. Pure functions, no I/O.
import { expect } from 'chai';
import { renderAlertForms } from '../../scripts/packaging/alert-form';
import { ALERT_ACTION_DEFINITIONS } from '../../src/actions/definitions';
import { checkIdentityConfig, planIdentityRow } from '../../src/actions/identity/plan';
import { entitiesOf } from '../../src/actions/push-alert/entities';
import { checkPushConfig, planPushRow } from '../../src/actions/push-alert/plan';

const ID = '6a1e2c5e-3f0b-4a7e-9d1c-2b8f4e6a0c11';
const SHA256 = 'b'.repeat(64);

describe('defender_sync_identity_action: planning', () => {
  it('plans an identity account id or a SID, with the provider and action in canonical spelling', () => {
    expect(planIdentityRow({ user: ID }, { action: 'DISABLE', identity_provider: 'activedirectory' })).to.deep.equal({
      targetKey: `id:${ID}`, requestKey: `id:${ID}:activeDirectory:disable`, targetType: 'identity', target: ID, requested: 'disable',
      input: { by: 'id', value: ID, action: 'disable', provider: 'activeDirectory' }, details: { identity_provider: 'activeDirectory' },
    });
    const sid = planIdentityRow({ acct: 'S-1-5-21-1004336348-1177238915-682003330-1105' }, { action: 'revokeAllSessions', identity_field: 'acct' });
    expect(sid).to.deep.include({ targetType: 'identity_sid', requested: 'revokeAllSessions' });
    expect('input' in sid && sid.input.by).to.equal('sid');
  });

  it('refuses UPNs, hostile values, missing fields and unknown actions with a message per row', () => {
    const problem = (fields: Record<string, string | string[]>, config: Record<string, string>) => {
      const p = planIdentityRow(fields, config);
      return 'problem' in p ? p.problem : undefined;
    };
    expect(problem({ user: 'a@b.com' }, { action: 'disable' })).to.match(/looks like a user principal name/);
    expect(problem({ user: "S-1-5-21-1'or'1" }, { action: 'disable' })).to.equal("'S-1-5-21-1'or'1' is not a SID (S-1-5-21-…)");
    expect(problem({ user: 'x/../y' }, { action: 'disable' })).to.equal("'x/../y' is not an identity account id (letters, digits, '_' and '-')");
    expect(problem({}, { action: 'disable' })).to.equal("field 'user' is empty or missing: set identity_field to the field holding the identity");
    expect(problem({ user: [ID, ID] }, { action: 'disable' })).to.equal("field 'user' has 2 values; one per row is needed");
    expect(problem({ user: ID }, { action: 'delete' })).to.equal("action 'delete' is not one of disable, enable, forcePasswordReset, revokeAllSessions, requireUserToSignInAgain, markUserAsCompromised");
    expect(problem({ user: ID }, { action: 'disable', identity_provider: 'google' })).to.equal("identity_provider 'google' is not one of entraID, activeDirectory, okta");
  });

  it('checks fixed parameters once; parameters with tokens are checked per row', () => {
    expect(checkIdentityConfig({ action: '' })).to.deep.equal(['action is required: one of disable, enable, forcePasswordReset, revokeAllSessions, requireUserToSignInAgain, markUserAsCompromised']);
    expect(checkIdentityConfig({ action: '$result.verb$', identity_provider: 'x' })).to.deep.equal(["identity_provider 'x' is not one of entraID, activeDirectory, okta"]);
  });
});

describe('defender_sync_push_alert: planning and entity mapping', () => {
  const config = { title: 'Splunk: beacon', description: 'C2 beacon', category: 'commandandcontrol', severity: 'critical', techniques: 't1071, T1071.001' };

  it('maps device, user, IP, file hash, URL and mailbox fields to entities with the identifiers Microsoft allows', () => {
    const fields = {
      dest: ['ws-1.contoso.com', 'f'.repeat(40)], user: ['kai@contoso.com', ID, 'S-1-5-21-1-2-3-500'], src_ip: '2001:db8::1',
      file_hash: ['c'.repeat(40), SHA256], url: 'http://x.example/a?b=1', recipient: 'ceo@contoso.com',
    };
    const r = entitiesOf(fields, {});
    expect('entities' in r && r.entities.map((e) => `${e.entityType}/${e.entityIdentifier}/${e.role}`)).to.deep.equal([
      'device/deviceName/impacted', 'device/deviceId/impacted', 'user/userPrincipalName/impacted', 'user/aadUserId/impacted', 'user/sid/impacted',
      'ip/address/related', 'file/sha1/related', 'file/sha256/related', 'url/url/related', 'mailbox/mailboxPrimaryAddress/related',
    ]);
    expect(entitiesOf({ host: 'srv' }, { device_field: 'host', user_field: '' })).to.deep.equal({ entities: [{ entityType: 'device', entityIdentifier: 'deviceName', identifierValue: 'srv', role: 'impacted' }] });
  });

  it('refuses values that are not what their field should hold, and rows without any entity', () => {
    const problem = (fields: Record<string, string>) => {
      const r = entitiesOf(fields, {});
      return 'problem' in r ? r.problem : undefined;
    };
    expect(problem({ src_ip: '10.0.0.300' })).to.equal("field 'src_ip' ('10.0.0.300') is not an IP address");
    expect(problem({ url: 'javascript:alert(1)' })).to.equal("field 'url' ('javascript:alert(1)') is not an http(s) URL");
    expect(problem({ file_hash: 'xyz' })).to.equal("field 'file_hash' ('xyz') is not a SHA-256 (64 hex digits) or SHA-1 (40 hex digits)");
    expect(problem({ user: 'CONTOSO\\kai' })).to.equal("field 'user' ('CONTOSO\\\\kai') is not a UPN, an Entra object id or a SID");
    expect(problem({ url: `https://x.example/${'a'.repeat(1000)}` })).to.match(/holds a value of 1018 characters; Defender takes at most 1000/);
    expect(problem({ other: 'x' })).to.match(/^no entity in this row: Defender alerts need at least one/);
  });

  it('builds the createAlertInput: CIM severities mapped, tactic spelled as Defender does, techniques checked, incident link', () => {
    const p = planPushRow({ dest: 'ws-1', incident: '42' }, { ...config, link_to_incident: '42' });
    expect('input' in p && p.input).to.deep.equal({
      title: 'Splunk: beacon', severity: 'high', description: 'C2 beacon', category: 'CommandAndControl', mitreTechniques: ['T1071', 'T1071.001'],
      linkToIncident: 42, entityDefinitions: [{ entityType: 'device', entityIdentifier: 'deviceName', identifierValue: 'ws-1', role: 'impacted' }],
    });
    const same = planPushRow({ dest: 'ws-1' }, { ...config, link_to_incident: '42' });
    expect('requestKey' in p && 'requestKey' in same && p.requestKey === same.requestKey).to.equal(true);
    const bad = planPushRow({ dest: 'ws-1' }, { ...config, link_to_incident: '1 or 1=1' });
    expect('problem' in bad && bad.problem).to.equal("link_to_incident '1 or 1=1' is not an incident id (incident ids are numbers)");
    expect(checkPushConfig({ title: '$result.t$', description: 'd', category: 'Execution', severity: 'bad' })).to.deep.equal(["severity 'bad' is not one of unknown, informational, low, medium, high"]);
  });
});

describe('response action forms', () => {
  const forms = renderAlertForms(ALERT_ACTION_DEFINITIONS);
  it('label the preview action "Graph beta", name the capability, and give every common safety field', () => {
    const push = forms['default/data/ui/alerts/defender_sync_push_alert.html'] ?? '';
    expect(push).to.contain('Preview (Graph beta)');
    const identity = forms['default/data/ui/alerts/defender_sync_identity_action.html'] ?? '';
    expect(identity).not.to.contain('Preview (Graph beta)');
    // Nothing preselected: the analyst picks the action.
    expect(identity).to.match(/<select name="action\.defender_sync_identity_action\.param\.action" [^>]*>\s*<option value="">\(choose\)<\/option>\s*<option value="disable">/);
    for (const form of [push, identity]) {
      expect(form).to.contain('defender_sync_respond');
      for (const p of ['account', 'max_targets', 'dry_run', 'index']) expect(form).to.contain(`.param.${p}"`);
      expect(form).to.match(/<input type="checkbox" name="action\.defender_sync_\w+\.param\.dry_run" id="[^"]+" value="1" \/>/);
    }
  });
});
