// Result rows → indicators: per-row overrides, defaults, duplicates and refusals, before any call.
import { expect } from 'chai';
import { planIndicatorRows, type IndicatorParams } from '../../../src/actions/indicator/plan';

const P: IndicatorParams = {
  operation: 'submit', indicatorField: 'indicator', type: 'auto', action: 'Block', title: '', description: '', severity: 'High',
  expiration: '30d', deviceGroups: '', generateAlert: '', recommendedActions: '',
};
const CTX = { nowMs: Date.parse('2026-12-03T12:00:00Z'), searchName: 'IoC feed', user: 'analyst' };
const rows = (list: Array<Record<string, string | string[]>>) => list.map((fields, rowIndex) => ({ rowIndex, fields }));

describe('indicator row planning', () => {
  it('builds import items with defaults, per-row indicator_* overrides and Audit alerts', () => {
    const plans = planIndicatorRows(rows([
      { indicator: 'A'.repeat(64) },
      { indicator: 'evil.example.com', indicator_action: 'audit', indicator_title: 'C2 domain', indicator_expiration: '2027-01-31', indicator_device_groups: 'Servers' },
    ]), P, CTX);
    expect(plans[0]).to.deep.equal({
      row: 0, type: 'FileSha256', value: 'a'.repeat(64), key: `FileSha256|${'a'.repeat(64)}`,
      item: {
        indicatorValue: 'a'.repeat(64), indicatorType: 'FileSha256', action: 'Block', title: 'Splunk: IoC feed',
        description: "Submitted from Splunk search 'IoC feed' by analyst.", severity: 'High', expirationTime: '2027-01-02T12:00:00Z',
      },
    });
    expect(plans[1]?.item).to.deep.equal({
      indicatorValue: 'evil.example.com', indicatorType: 'DomainName', action: 'Audit', title: 'C2 domain',
      description: "Submitted from Splunk search 'IoC feed' by analyst.", severity: 'High', expirationTime: '2027-01-31T23:59:59Z',
      rbacGroupNames: ['Servers'], generateAlert: true,
    });
  });

  it('refuses bad rows with one message each and sends the same indicator once', () => {
    const plans = planIndicatorRows(rows([
      { indicator: '10.0.0.0/8' },
      { indicator: 'x'.repeat(64), indicator_type: 'sha256' },
      { indicator: 'not-a-thing' },
      { indicator: ['1.2.3.4', '5.6.7.8'] },
      { other: 'x' },
      { indicator: '203.0.113.9', indicator_action: 'Audit', indicator_generate_alert: 'false' },
      { indicator: '203.0.113.9', indicator_expiration: 'yesterday' },
      { indicator: 'https://evil.example.com/x' },
      { indicator: 'https://evil.example.com/x' },
    ]), P, CTX);
    expect(plans.map((p) => p.problem ?? (p.duplicateOf !== undefined ? `dup of ${p.duplicateOf}` : 'ok'))).to.deep.equal([
      'cannot tell what kind of indicator "10.0.0.0/8" is: set indicator_type (FileSha1, FileSha256, FileMd5, CertificateThumbprint, IpAddress, DomainName, Url)',
      `"${'x'.repeat(64)}" is not a valid FileSha256: a SHA-256 has 64 hex digits`,
      'cannot tell what kind of indicator "not-a-thing" is: set indicator_type (FileSha1, FileSha256, FileMd5, CertificateThumbprint, IpAddress, DomainName, Url)',
      "field 'indicator' has 2 values; one per row is needed (use mvexpand indicator)",
      'the row has no indicator value: set indicator_field to the column that holds the IoC',
      'indicator action Audit needs generate_alert true (Defender requires it): clear generate_alert or choose another action',
      'expiration "yesterday" is not a date: use ISO 8601 (2027-01-31 or 2027-01-31T12:00:00Z) or a relative 30d, 12h, 2w',
      'ok',
      'dup of 7',
    ]);
  });

  it('plans deletions by value or by Defender indicator id, never sending a non-numeric id', () => {
    const plans = planIndicatorRows(rows([{ indicator: 'evil.example.com' }, { indicator_id: '1042' }, { indicator_id: '../1' }]), { ...P, operation: 'delete' }, CTX);
    expect(plans).to.deep.equal([
      { row: 0, type: 'DomainName', value: 'evil.example.com', key: 'DomainName|evil.example.com' },
      { row: 1, id: '1042', key: 'id|1042' },
      { row: 2, problem: 'indicator_id "../1" is not a Defender indicator id (digits only)' },
    ]);
  });
});
