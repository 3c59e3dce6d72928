// Result rows → indicators: per-row overrides, defaults, duplicates and refusals, before any call.
import { expect } from 'chai';
import { planRows } from '../../../src/actions/common/plan';
import { planIndicatorRow } from '../../../src/actions/indicator/plan';

const CONFIG = { account: 'prod', operation: 'submit', indicator_field: 'indicator', indicator_type: 'auto', indicator_action: 'Block', indicator_severity: 'High', indicator_expiration: '30d', indicator_generate_alert: '0' };
const CTX = { nowMs: Date.parse('2026-12-03T12:00:00Z'), searchName: 'IoC feed', user: 'analyst' };
const plan = (list: Array<Record<string, string | string[]>>, config: Record<string, string> = CONFIG) =>
  planRows(list.map((fields, rowIndex) => ({ rowIndex, fields })), config, planIndicatorRow, CTX);

describe('indicator row planning', () => {
  it('builds import items with defaults, per-row indicator_* columns overriding the parameters, and Audit alerts', () => {
    const [a, b] = plan([
      { indicator: 'A'.repeat(64) },
      { indicator: 'evil.example.com', indicator_action: 'audit', indicator_title: 'C2 domain', indicator_expiration: '2027-01-31', indicator_device_groups: 'Servers' },
    ]);
    expect(a?.planned).to.deep.include({ targetKey: `FileSha256|${'a'.repeat(64)}`, targetType: 'FileSha256', target: 'a'.repeat(64), requested: 'submit:Block' });
    expect(a?.planned?.input).to.deep.equal({
      operation: 'submit', key: `FileSha256|${'a'.repeat(64)}`,
      item: {
        indicatorValue: 'a'.repeat(64), indicatorType: 'FileSha256', action: 'Block', title: 'Splunk: IoC feed',
        description: "Submitted from Splunk search 'IoC feed' by analyst.", severity: 'High', expirationTime: '2027-01-02T12:00:00Z', generateAlert: false,
      },
    });
    expect(b?.planned?.input).to.deep.equal({
      operation: 'submit', key: 'DomainName|evil.example.com',
      item: {
        indicatorValue: 'evil.example.com', indicatorType: 'DomainName', action: 'Audit', title: 'C2 domain',
        description: "Submitted from Splunk search 'IoC feed' by analyst.", severity: 'High', expirationTime: '2027-01-31T23:59:59Z',
        rbacGroupNames: ['Servers'], generateAlert: true,
      },
    });
  });

  it('refuses bad rows with one message each and sends the same indicator once', () => {
    const plans = plan([
      { indicator: '10.0.0.0/8', indicator_type: 'ip' },
      { indicator: 'x'.repeat(64), indicator_type: 'sha256' },
      { indicator: 'not-a-thing' },
      { indicator: ['1.2.3.4', '5.6.7.8'] },
      { other: 'x' },
      { indicator: '203.0.113.9', indicator_action: 'BlockAndRemediate' },
      { indicator: '203.0.113.9', indicator_expiration: 'yesterday' },
      { indicator: 'https://evil.example.com/x' },
      { indicator: 'https://evil.example.com/x', indicator_action: 'Warn' },
    ]);
    expect(plans.map((p) => p.invalid?.problem ?? (p.duplicateOf !== undefined ? `dup of ${p.duplicateOf}` : 'ok'))).to.deep.equal([
      '"10.0.0.0/8" is not a valid IpAddress: an IP is one IPv4 or IPv6 address (Defender takes no CIDR ranges)',
      `"${'x'.repeat(64)}" is not a valid FileSha256: a SHA-256 has 64 hex digits`,
      'cannot tell what kind of indicator "not-a-thing" is: set indicator_type (FileSha1, FileSha256, FileMd5, CertificateThumbprint, IpAddress, DomainName, Url)',
      "field 'indicator' has 2 values; one per row is needed",
      'the row has no indicator value: set indicator_field to the column that holds the IoC',
      'BlockAndRemediate applies to file hashes only, not to IpAddress: use Block',
      'expiration "yesterday" is not a date: use ISO 8601 (2027-01-31 or 2027-01-31T12:00:00Z) or a relative 30d, 12h, 2w',
      'ok',
      'dup of 7',
    ]);
    expect(plans[0]?.invalid).to.deep.include({ targetType: 'indicator', target: '10.0.0.0/8', requested: 'submit' });
  });

  it('plans deletions by value or by Defender indicator id (never a non-numeric id), and one list for the tenant', () => {
    const del = plan([{ indicator: 'evil.example.com' }, { indicator_id: '1042' }, { indicator_id: '../1' }], { ...CONFIG, operation: 'delete' });
    expect(del[0]?.planned).to.deep.include({ requestKey: 'delete|DomainName|evil.example.com', input: { operation: 'delete', key: 'DomainName|evil.example.com' } });
    expect(del[1]?.planned).to.deep.include({ targetType: 'indicator_id', target: '1042', input: { operation: 'delete', key: 'id|1042', id: '1042' } });
    expect(del[2]?.invalid?.problem).to.equal('indicator_id "../1" is not a Defender indicator id (digits only)');
    const list = plan([{ x: '1' }, { x: '2' }], { ...CONFIG, operation: 'list' });
    expect(list.map((p) => [p.planned?.requestKey, p.duplicateOf])).to.deep.equal([['list', undefined], ['list', 0]]);
    expect(plan([{ indicator: 'a.example' }], { ...CONFIG, operation: 'purge' })[0]?.invalid?.problem).to.equal('operation "purge" is not one of submit, delete, list');
  });
});
