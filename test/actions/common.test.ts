// The shared alert-action framework (src/actions/common/): per-row tokens, the common response parameters,
// hostile ids, planning with duplicates and the per-run cap, and the interface-5 outcome event.
import { expect } from 'chai';
import { checkId, pathSegment, singleValue } from '../../src/actions/common/ids';
import { responseOutcome, type ResponseContext } from '../../src/actions/common/outcome';
import { parseCommon } from '../../src/actions/common/params';
import { distinctTargets, overCapMessage, planRows, type Fields } from '../../src/actions/common/plan';
import { resolveTokens, rowConfiguration } from '../../src/actions/common/tokens';

const CAP = { default: 10, noun: 'identities', ceiling: 1000 };
const ID = { pattern: /^[A-Za-z0-9][A-Za-z0-9_-]{0,127}$/, expected: "an id (letters, digits, '_' and '-')" };
const ctx: ResponseContext = {
  action: 'defender_sync_identity_action', api: 'graph-v1.0', account: 'prod', tenant: 't1', user: 'alice',
  sid: 'scheduler__alice__search__RMD5abc_at_1_2', searchName: 'Disable risky users', app: 'search', time: '2026-12-03T20:00:00.000Z',
};

describe('alert actions: shared framework', () => {
  it('resolves $result.field$ tokens against each row (multi-value joined, absent empty)', () => {
    const fields: Fields = { user: 'bob', groups: ['a', 'b'] };
    expect(resolveTokens('$result.user$ in $result.groups$ / $result.nope$.', fields)).to.equal('bob in a,b / .');
    expect(rowConfiguration({ action: '$result.verb$', account: 'prod' }, { verb: 'disable' })).to.deep.equal({ action: 'disable', account: 'prod' });
  });

  it('parses account, max_targets, dry_run and index, listing every problem', () => {
    expect(parseCommon({ account: 'prod' }, CAP)).to.deep.equal({ request: { account: 'prod', maxTargets: 10, dryRun: false, index: 'main' } });
    expect(parseCommon({ account: 'prod', max_targets: '50', dry_run: 'true', index: 'defender' }, CAP)).to.deep.equal({
      request: { account: 'prod', maxTargets: 50, dryRun: true, index: 'defender' },
    });
    const bad = parseCommon({ account: 'a:b', max_targets: '0', dry_run: 'maybe', index: 'Bad Index' }, CAP);
    expect(bad).to.deep.equal({
      problems: [
        "account 'a:b' is not a valid account name",
        "max_targets '0' must be a whole number from 1 to 1000",
        "dry_run 'maybe' must be 1 or 0",
        "index 'Bad Index' is not a valid index name",
      ],
    });
  });

  it('lets only ids matching their pattern reach a URL path, and shows hostile ones escaped', () => {
    for (const hostile of ['../x', '%2F', 'a?b=1', '１２', 'a\nb', '..', 'a/b'])
      expect(checkId(hostile, ID, 'id'), hostile).to.have.property('problem');
    expect(checkId('a\nb', ID, 'id')).to.deep.equal({ problem: "'a\\nb' is not an id (letters, digits, '_' and '-')" });
    expect(checkId('', ID, 'the identity')).to.deep.equal({ problem: 'the identity is missing' });
    const ok = checkId('abc-1', ID, 'id');
    expect('id' in ok && pathSegment(ok.id)).to.equal('abc-1');
    expect(singleValue(['a', 'b'], 'user')).to.deep.equal({ problem: "field 'user' has 2 values; one per row is needed" });
    expect(singleValue([' a '], 'user')).to.deep.equal({ value: 'a' });
  });

  it('plans each row with its own configuration, marks repeated requests, counts distinct targets', () => {
    const rows = [
      { rowIndex: 0, fields: { user: 'u1', verb: 'disable' } },
      { rowIndex: 1, fields: { user: 'u1', verb: 'disable' } },
      { rowIndex: 2, fields: { user: 'u1', verb: 'enable' } },
      { rowIndex: 3, fields: { user: 'u2', verb: 'disable' } },
      { rowIndex: 4, fields: { user: '../u3', verb: 'disable' } },
    ];
    const plans = planRows(rows, { action: '$result.verb$' }, (fields, config) => {
      const id = checkId(String(fields.user), ID, 'user');
      if ('problem' in id) return { problem: id.problem, requested: config.action };
      return { targetKey: id.id, requestKey: `${id.id}:${config.action}`, targetType: 'user', target: id.id, requested: config.action as string, input: null };
    });
    expect(plans.map((p) => [p.row, p.planned?.requested ?? p.invalid?.problem, p.duplicateOf])).to.deep.equal([
      [0, 'disable', undefined],
      [1, 'disable', 0],
      [2, 'enable', undefined],
      [3, 'disable', undefined],
      [4, "'../u3' is not an id (letters, digits, '_' and '-')", undefined],
    ]);
    expect(distinctTargets(plans)).to.equal(2);
    expect(overCapMessage(12, 10, 'identities')).to.match(/^the results name 12 distinct identities, more than max_targets=10: nothing was sent\./);
  });

  it('writes the interface-5 outcome fields with ES adaptive-response fields', () => {
    const planned = { targetKey: 'x', requestKey: 'x:disable', targetType: 'identity', target: 'x', requested: 'disable', input: null, details: { identity_provider: 'entraID' } };
    const ok = responseOutcome({ row: 3, planned }, { ok: true, httpStatus: 200, defenderActionId: 'corr-1' }, ctx);
    expect(ok).to.deep.equal({
      time: ctx.time, action: ctx.action, action_name: ctx.action, action_mode: 'saved', action_status: 'success', result: 'succeeded',
      rid: '3', row: 3, requested: 'disable', target_type: 'identity', target: 'x', http_status: 200, error: null, defender_action_id: 'corr-1',
      api: 'graph-v1.0', account: 'prod', tenant: 't1', identity_provider: 'entraID', user: 'alice', search_name: ctx.searchName,
      sid: ctx.sid, orig_sid: ctx.sid, orig_rid: '3', app: 'search',
    });
    const failed = responseOutcome({ row: 4, planned, duplicateOf: 3 }, { ok: false, httpStatus: 403, error: 'no role' }, ctx);
    expect([failed.result, failed.action_status, failed.error, failed.duplicate_of]).to.deep.equal(['failed', 'failure', 'no role', 3]);
    const dry = responseOutcome({ row: 0, planned }, undefined, ctx, { result: 'dry_run' });
    expect([dry.result, dry.action_status, dry.error, dry.http_status]).to.deep.equal(['dry_run', 'success', null, null]);
    const refused = responseOutcome({ row: 0, invalid: { problem: 'bad id' } }, undefined, ctx, { result: 'refused', error: 'no capability' });
    expect([refused.result, refused.error]).to.deep.equal(['refused', 'no capability']);
    const invalid = responseOutcome({ row: 0, invalid: { problem: 'bad id' } }, undefined, ctx, { result: 'dry_run' });
    expect([invalid.result, invalid.error]).to.deep.equal(['invalid', 'bad id']);
  });
});
