// Indicator values, types, actions, expiries and flags are checked before any call, with one message each.
import { expect } from 'chai';
import { checkActionFor, checkBoolean, checkDeviceGroups, checkExpiration, checkType, checkValue, inferType } from '../../../src/actions/indicator/validate';

const NOW = Date.parse('2026-12-03T12:00:00Z');

describe('indicator validators', () => {
  it('accepts each type only in its own shape and normalises hashes and domains', () => {
    expect(checkValue('FileSha256', 'A'.repeat(64))).to.deep.equal({ value: 'a'.repeat(64) });
    expect(checkValue('FileSha1', 'b'.repeat(40))).to.deep.equal({ value: 'b'.repeat(40) });
    expect(checkValue('FileMd5', 'c'.repeat(32))).to.deep.equal({ value: 'c'.repeat(32) });
    expect(checkValue('CertificateThumbprint', 'D'.repeat(40))).to.deep.equal({ value: 'd'.repeat(40) });
    expect(checkValue('IpAddress', '203.0.113.7')).to.deep.equal({ value: '203.0.113.7' });
    expect(checkValue('IpAddress', '2001:db8::1')).to.deep.equal({ value: '2001:db8::1' });
    expect(checkValue('DomainName', 'Evil.Example.COM.')).to.deep.equal({ value: 'evil.example.com' });
    expect(checkValue('Url', 'https://evil.example.com/a?b=c')).to.deep.equal({ value: 'https://evil.example.com/a?b=c' });
    expect(checkValue('FileSha256', 'a'.repeat(63))).to.deep.equal({ error: `"${'a'.repeat(63)}" is not a valid FileSha256: a SHA-256 has 64 hex digits` });
    expect(checkValue('FileSha1', 'g'.repeat(40))).to.have.property('error');
    expect(checkValue('IpAddress', '10.0.0.0/8')).to.deep.equal({ error: '"10.0.0.0/8" is not a valid IpAddress: an IP is one IPv4 or IPv6 address (Defender takes no CIDR ranges)' });
    expect(checkValue('IpAddress', '999.1.1.1')).to.have.property('error');
    expect(checkValue('DomainName', 'https://evil.example.com')).to.have.property('error');
    expect(checkValue('DomainName', 'evil example.com')).to.have.property('error');
    expect(checkValue('Url', 'ftp://evil.example.com')).to.have.property('error');
    expect(checkValue('Url', 'https://user:pw@evil.example.com/')).to.deep.equal({ error: '"https://user:pw@evil.example.com/" carries credentials (user:password@); remove them before submitting' });
    expect(checkValue('Url', '  ')).to.deep.equal({ error: 'the indicator value is empty' });
  });

  it('infers the type of an untyped value, and takes short type names', () => {
    expect(['a'.repeat(64), 'a'.repeat(40), 'a'.repeat(32), '198.51.100.1', 'https://x.example/', 'x.example.org', 'hello', 'a'.repeat(33)].map(inferType))
      .to.deep.equal(['FileSha256', 'FileSha1', 'FileMd5', 'IpAddress', 'Url', 'DomainName', undefined, undefined]);
    expect(checkType('sha256')).to.deep.equal({ value: 'FileSha256' });
    expect(checkType('domainname')).to.deep.equal({ value: 'DomainName' });
    expect(checkType('hash')).to.deep.equal({ error: 'indicator type "hash" is not one of FileSha1, FileSha256, FileMd5, CertificateThumbprint, IpAddress, DomainName, Url' });
  });

  it('accepts the five current actions, BlockAndRemediate on files only', () => {
    expect(checkActionFor('Url', 'warn')).to.deep.equal({ value: 'Warn' });
    expect(checkActionFor('FileSha1', 'BlockAndRemediate')).to.deep.equal({ value: 'BlockAndRemediate' });
    expect(checkActionFor('IpAddress', 'BlockAndRemediate')).to.deep.equal({ error: 'BlockAndRemediate applies to file hashes only, not to IpAddress: use Block' });
    expect(checkActionFor('IpAddress', 'AlertAndBlock')).to.have.property('error').that.match(/not one of Block, Warn, Audit, Allowed, BlockAndRemediate/);
  });

  it('reads expiries as ISO dates, date-times or relative spans, in the future only', () => {
    expect(checkExpiration('', NOW)).to.deep.equal({ value: undefined });
    expect(checkExpiration('30d', NOW)).to.deep.equal({ value: '2027-01-02T12:00:00Z' });
    expect(checkExpiration('+12h', NOW)).to.deep.equal({ value: '2026-12-04T00:00:00Z' });
    expect(checkExpiration('2w', NOW)).to.deep.equal({ value: '2026-12-17T12:00:00Z' });
    expect(checkExpiration('2027-01-31', NOW)).to.deep.equal({ value: '2027-01-31T23:59:59Z' });
    expect(checkExpiration('2027-01-31T08:00:00+02:00', NOW)).to.deep.equal({ value: '2027-01-31T06:00:00Z' });
    expect(checkExpiration('2027-01-31 08:00', NOW)).to.deep.equal({ value: '2027-01-31T08:00:00Z' });
    expect(checkExpiration('2026-01-01', NOW)).to.deep.equal({ error: 'expiration 2026-01-01T23:59:59.000Z is in the past' });
    expect(checkExpiration('next week', NOW)).to.have.property('error').that.match(/use ISO 8601/);
  });

  it('reads booleans and device groups the ways Splunk users write them', () => {
    expect(['1', 'true', 'Yes', '0', 'false', 'no', ''].map((v) => checkBoolean('generate_alert', v))).to.deep.equal([
      { value: true }, { value: true }, { value: true }, { value: false }, { value: false }, { value: false }, { value: undefined },
    ]);
    expect(checkBoolean('generate_alert', 'maybe')).to.deep.equal({ error: 'generate_alert "maybe" is not true or false' });
    expect(checkDeviceGroups(' Servers, Workstations ,Servers,')).to.deep.equal({ value: ['Servers', 'Workstations'] });
  });
});
