// The values analysts and CIM searches get from default/props.conf, computed from real Defender records
// (and variations of them) with the test helper's eval interpreter.
import { expect } from 'chai';
import { SOURCETYPE } from '../../src/config/names';
import type { DefenderRecord } from '../../src/inputs/common/records';
import { eventRecords } from './helpers/events';
import { kvJson } from './helpers/kv-json';
import { mappingOf, readProps, searchTimeFields, valueOf } from './helpers/props';
import { evalText } from './helpers/spl-eval';

const props = readProps();
const records = eventRecords();

function cim(sourcetype: string, record: DefenderRecord): (field: string) => string | string[] | null {
  const fields = searchTimeFields(mappingOf(props[sourcetype] ?? {}), kvJson(record));
  return (field) => valueOf(fields, field);
}

const first = (sourcetype: string): DefenderRecord => {
  const r = records[sourcetype]?.[0];
  if (!r) throw new Error(`no fixture record for ${sourcetype}`);
  return r;
};

describe('CIM values from default/props.conf on real Defender records', () => {
  it('Graph alert (alerts_v2): CIM Alerts fields', () => {
    const alert = first(SOURCETYPE.alert);
    const f = cim(SOURCETYPE.alert, alert);
    expect(f('type')).to.equal('alert');
    expect(f('app')).to.equal('ms:defender');
    expect(f('severity')).to.equal('low');
    expect(f('severity_id')).to.equal('low');
    expect(f('id')).to.equal('da637551227677560813_-961444813');
    expect(f('vendor_account')).to.equal(alert.tenantId).and.to.equal('b3c1b5fc-828c-45fa-a1e1-10d74f6d6e9c');
    expect(f('vendor_region')).to.equal('security.microsoft.com');
    expect(f('vendor_product')).to.equal('Microsoft Defender for Endpoint');
    expect(f('signature')).to.equal('Suspicious execution of hidden file');
    expect(f('signature_id')).to.equal('e0da400f-affd-43ef-b1d5-afc2eb6f2756');
    expect(f('mitre_technique_id')).to.equal('T1564.001');
    expect(f('dest')).to.equal('tempDns');
    expect(f('dest_type')).to.equal('host');
    expect(f('src')).to.equal('microsoftDefenderForEndpoint');
    expect(f('src_type')).to.equal('antivirus');
    // The device evidence's account; its userPrincipalName is null, which must not become "null".
    expect(f('user')).to.equal('SYSTEM');
    expect(f('user_name')).to.equal('SYSTEM');
    expect(f('alert_url')).to.equal(alert.alertWebUrl);
    expect(f('incident_url')).to.equal(alert.incidentWebUrl);
    expect(f('description')).to.equal(alert.description);
    expect(f('body')).to.equal(alert.description);
  });

  it('Graph alert: a user evidence UPN wins over the account name; unknown service sources are "Microsoft Defender XDR"', () => {
    const alert = {
      ...first(SOURCETYPE.alert),
      serviceSource: 'microsoftFutureProduct',
      evidence: [
        { '@odata.type': '#microsoft.graph.security.userEvidence', userAccount: { accountName: 'kaic', userPrincipalName: 'KaiC@contoso.com' } },
        { '@odata.type': '#microsoft.graph.security.userEvidence', userAccount: { accountName: 'kaic', userPrincipalName: 'KaiC@contoso.com' } },
        { '@odata.type': '#microsoft.graph.security.userEvidence', userAccount: { accountName: 'bob', userPrincipalName: null } },
      ],
    };
    const f = cim(SOURCETYPE.alert, alert);
    expect(f('user')).to.equal('KaiC@contoso.com');
    expect(f('user_name')).to.deep.equal(['kaic', 'bob']);
    expect(f('dest')).to.equal(null);
    expect(f('dest_type')).to.equal(null);
    expect(f('vendor_product')).to.equal('Microsoft Defender XDR');
  });

  it('normalises severities to informational/low/medium/high/critical and everything else to unknown', () => {
    const cases: Array<[string, unknown, string]> = [
      [SOURCETYPE.alert, 'informational', 'informational'],
      [SOURCETYPE.alert, 'high', 'high'],
      [SOURCETYPE.alert, 'unknownFutureValue', 'unknown'],
      [SOURCETYPE.incidentAlert, 'medium', 'medium'],
      [SOURCETYPE.endpointAlert, 'Informational', 'informational'],
      [SOURCETYPE.endpointAlert, 'High', 'high'],
      [SOURCETYPE.endpointAlert, 'UnSpecified', 'unknown'],
      [SOURCETYPE.incident, 'unknownFutureValue', 'unknown'],
      [SOURCETYPE.incident, null, 'unknown'],
    ];
    for (const [sourcetype, severity, expected] of cases) {
      const f = cim(sourcetype, { ...first(sourcetype), severity });
      expect(f('severity'), `${sourcetype} severity ${String(severity)}`).to.equal(expected);
    }
    // The vendor's own spelling stays available as severity_id.
    expect(cim(SOURCETYPE.endpointAlert, first(SOURCETYPE.endpointAlert))('severity_id')).to.equal('Low');
  });

  it('Graph incident alert: the same mapping as alerts_v2', () => {
    const alert = first(SOURCETYPE.incidentAlert);
    const f = cim(SOURCETYPE.incidentAlert, alert);
    expect(f('severity')).to.equal('low');
    expect(f('vendor_account')).to.equal(alert.tenantId);
    expect(f('dest')).to.equal('tempDns');
    expect(f('user')).to.equal('SYSTEM');
    expect(f('incident_url')).to.equal('https://security.microsoft.com/incidents/28282?tid=b3c1b5fc-828c-45fa-a1e1-10d74f6d6e9c');
  });

  it('legacy Defender for Endpoint alert: CIM Alerts fields', () => {
    const alert = first(SOURCETYPE.endpointAlert);
    const f = cim(SOURCETYPE.endpointAlert, alert);
    expect(f('type')).to.equal('alert');
    expect(f('severity')).to.equal('low');
    expect(f('vendor_account')).to.equal('a839b112-1253-6432-9bf6-94542403f21c');
    expect(f('dest')).to.equal('temp123.middleeast.corp.microsoft.com');
    expect(f('dest_type')).to.equal('host');
    expect(f('src')).to.equal('microsoftDefenderForEndpoint');
    expect(f('src_type')).to.equal('WindowsDefenderAtp');
    expect(f('user')).to.equal('temp123@microsoft.com');
    expect(f('user_name')).to.equal('temp123');
    expect(f('signature')).to.equal('Low-reputation arbitrary code executed by signed executable');
    expect(f('signature_id')).to.equal('17e10bbc-3a68-474a-8aad-faef14d43952');
    expect(f('mitre_technique_id')).to.deep.equal(['T1064', 'T1085', 'T1220']);
    expect(f('vendor_product')).to.equal('Microsoft Defender for Endpoint');
    // Without a DNS name the machine id still names the host.
    const bare = cim(SOURCETYPE.endpointAlert, { ...alert, computerDnsName: null });
    expect(bare('dest')).to.equal('111e6dd8c833c8a052ea231ec1b19adaf497b625');
  });

  it('Graph incident: CIM Ticket Management and Incident fields', () => {
    const incident = first(SOURCETYPE.incident);
    const f = cim(SOURCETYPE.incident, incident);
    expect(f('ticket_id')).to.equal('2972395');
    expect(f('incident')).to.equal(incident.displayName);
    expect(f('description')).to.equal(incident.description);
    expect(f('comments')).to.equal('Demo incident');
    expect(f('status')).to.equal('active');
    expect(f('severity')).to.equal('medium');
    expect(f('priority')).to.equal('medium');
    expect(f('severity_id')).to.equal('medium');
    expect(f('user')).to.equal('KaiC@contoso.onmicrosoft.com');
    expect(f('src_user')).to.equal('Microsoft Defender XDR');
    expect(f('time_submitted')).to.equal('2021-08-13T08:43:35.5533333Z');
    expect(f('vendor_account')).to.equal(incident.tenantId);
    expect(f('incident_url')).to.equal(incident.incidentWebUrl);
    expect(f('alert_count')).to.equal('1');
  });

  it('Graph incident: unassigned, without description, without alerts', () => {
    const incident: DefenderRecord = { ...first(SOURCETYPE.incident), assignedTo: null, description: null, alertIds: [] };
    const f = cim(SOURCETYPE.incident, incident);
    expect(f('user')).to.equal(null);
    expect(f('description')).to.equal(incident.displayName);
    expect(f('alert_count')).to.equal('0');
    expect(cim(SOURCETYPE.incident, { ...incident, description: '' })('description')).to.equal(incident.displayName);
    const two = cim(SOURCETYPE.incident, { ...incident, alertIds: ['a1', 'a2'] });
    expect(two('alert_count')).to.equal('2');
  });

  it('action outcomes: CIM Modular Actions fields and a readable signature per result', () => {
    const [success, failure, invalid] = (records[SOURCETYPE.action] ?? []).map((r) => cim(SOURCETYPE.action, r));
    expect(success?.('signature')).to.equal('Updated incident 2972395');
    expect(success?.('action_name')).to.equal('defender_sync_update');
    expect(success?.('action_status')).to.equal('success');
    expect(success?.('action_mode')).to.equal('saved');
    expect(success?.('rid')).to.equal('0');
    expect(failure?.('signature')).to.equal('Update failed: Graph returned 403: missing application role SecurityAlert.ReadWrite.All');
    expect(failure?.('action_status')).to.equal('failure');
    expect(invalid?.('signature')).to.equal("Refused row: row 2: field 'id' is empty");
    expect(invalid?.('vendor_product')).to.equal('Defender Sync');
  });
});

describe('the eval test helper models Splunk where props.conf relies on it', () => {
  const fields = new Map([
    ['a', ['x']],
    ['mv', ['1', 'null', '2', '1']],
    ['n', ['null']],
  ]);

  it('concatenation with a null is null; coalesce skips nulls but not ""', () => {
    expect(evalText('"p" . missing', fields)).to.equal(null);
    expect(evalText('coalesce(missing, "", a)', fields)).to.equal('');
  });

  it('mvfilter keeps the values its one-field predicate accepts; mvdedup removes repeats', () => {
    expect(evalText(`mvdedup(mvfilter('mv'!="null"))`, fields)).to.deep.equal(['1', '2']);
    expect(evalText(`mvfilter('n'!="null")`, fields)).to.equal(null);
    expect(() => evalText(`mvfilter(a!=mv)`, fields)).to.throw(/exactly one field/);
  });

  it('refuses what it does not model instead of guessing', () => {
    expect(() => evalText('strftime(a, "%s")', fields)).to.throw(/strftime\(\) is not modelled/);
    expect(() => evalText('mv=="1"', fields)).to.throw(/multivalue/);
    expect(() => evalText('case(a)', fields)).to.throw(/pairs/);
  });

  it('replace() takes Splunk back-references (\\1)', () => {
    expect(evalText('replace("https://security.microsoft.us/alerts/1", "^https?://([^/?#]+).*$", "\\1")', fields)).to.equal('security.microsoft.us');
  });
});
