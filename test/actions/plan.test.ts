import { expect } from 'chai';
import { parseActionRequest, type ActionRequest } from '../../src/actions/update/params';
import { planRow, planRows } from '../../src/actions/update/rows';

function request(config: Record<string, string>): ActionRequest {
  const r = parseActionRequest({ account: 'prod', ...config });
  if ('problems' in r) throw new Error(r.problems.join('; '));
  return r.request;
}

describe('alert action: configuration', () => {
  it('normalises values and keeps empty parameters unchanged', () => {
    const r = request({ status: 'resolved', classification: 'TruePositive', determination: 'Malware', assigned_to: '', add_tags: 'splunk, soc ,splunk', remove_tags: '' });
    expect(r).to.deep.equal({
      account: 'prod',
      target: 'auto',
      idField: 'id',
      index: 'main',
      change: { status: 'resolved', classification: 'truePositive', determination: 'malware', addTags: ['splunk', 'soc'], removeTags: [] },
    });
  });

  it('maps older determination names and the unassign value', () => {
    const r = request({ classification: 'falsePositive', determination: 'clean', assigned_to: '(unassign)' });
    expect(r.change.determination).to.equal('notMalicious');
    expect(r.change.assignedTo).to.equal(null);
  });

  it('lists every problem and sends nothing', () => {
    const r = parseActionRequest({ account: 'a:b', target: 'everything', classification: 'maybe', index: 'Bad Index' });
    expect(r).to.deep.equal({
      problems: [
        "account 'a:b' is not a valid account name",
        "target 'everything' is not one of auto, incident, alert",
        "index 'Bad Index' is not a valid index name",
        "classification 'maybe' is not one of unknown, falsePositive, truePositive, informationalExpectedActivity",
      ],
    });
    expect(parseActionRequest({ account: 'prod', classification: 'falsePositive', determination: 'malware' })).to.deep.equal({
      problems: ["determination 'malware' does not fit classification 'falsePositive': use one of notMalicious, notEnoughDataToValidate, other"],
    });
    expect(parseActionRequest({ account: 'prod' })).to.have.property('problems').that.deep.equals([
      'nothing to change: set at least one of status, classification, determination, assigned_to, comment, add_tags, remove_tags',
    ]);
    expect(parseActionRequest({ account: 'prod', add_tags: 'x', remove_tags: 'x' })).to.deep.equal({ problems: ['tag(s) x are both added and removed'] });
  });
});

describe('alert action: rows', () => {
  const r = request({ status: 'resolved', comment: 'closed from Splunk', add_tags: 'splunk' });

  it('auto picks the record kind from the sourcetype', () => {
    expect(planRow(0, { sourcetype: 'ms365:defender:incident', id: '2972395' }, r)).to.deep.include({ kind: 'incident', id: '2972395' });
    expect(planRow(1, { sourcetype: 'ms365:defender:alert', id: 'da637551227677560813_-961444813' }, r)).to.deep.include({ kind: 'alert' });
    expect(planRow(2, { sourcetype: 'ms365:defender:incident:alerts', id: 'fa1_2' }, r)).to.deep.include({ kind: 'alert' });
    expect(planRow(3, { sourcetype: 'ms:defender:atp:alerts', id: 'da1_2' }, r)).to.deep.include({ kind: 'endpoint_alert' });
    expect(planRow(4, { sourcetype: 'ms365:defender:incident', incidentId: '924521' }, r)).to.deep.include({ kind: 'incident', id: '924521' });
  });

  it('keeps tags for incidents only and says so', () => {
    const alert = planRow(1, { sourcetype: 'ms365:defender:alert', id: 'a1' }, r);
    expect(alert.change).to.deep.equal({ status: 'resolved', comment: 'closed from Splunk', addTags: [], removeTags: [] });
    expect(alert.notes).to.deep.equal(['tags apply to incidents only; not changed on this alert']);
    const incident = planRow(0, { sourcetype: 'ms365:defender:incident', id: '1' }, r);
    expect(incident.change?.addTags).to.deep.equal(['splunk']);
  });

  it('rejects hostile and malformed ids before any call', () => {
    const rows = ['../1', '1%2F2', '1?x=y', '12 ', 'Ω1', '-1', '1/..', ''];
    const problems = rows.map((id, i) => planRow(i, { sourcetype: 'ms365:defender:incident', id }, r).problem);
    expect(problems).to.deep.equal([
      "'../1' is not an incident id (incident ids are numbers)",
      "'1%2F2' is not an incident id (incident ids are numbers)",
      "'1?x=y' is not an incident id (incident ids are numbers)",
      undefined,
      "'Ω1' is not an incident id (incident ids are numbers)",
      "'-1' is not an incident id (incident ids are numbers)",
      "'1/..' is not an incident id (incident ids are numbers)",
      "no incident id: field 'id' is empty or missing",
    ]);
    expect(planRow(0, { sourcetype: 'ms365:defender:alert', id: 'a/../b' }, r).problem).to.equal("'a/../b' is not an alert id (letters, digits, '_' and '-' only)");
    expect(planRow(0, { sourcetype: 'ms365:defender:alert', id: ['a', 'b'] }, r).problem).to.equal("field 'id' has 2 values; one id per row is needed");
  });

  it('checks status per kind and determination against the record classification', () => {
    const active = request({ status: 'active' });
    expect(planRow(0, { sourcetype: 'ms365:defender:alert', id: 'a' }, active).problem).to.equal("alert status 'active' is not one of new, inProgress, resolved");
    const det = request({ determination: 'phishing' });
    expect(planRow(0, { sourcetype: 'ms365:defender:alert', id: 'a', classification: 'falsePositive' }, det).problem).to.equal(
      "determination 'phishing' does not fit classification 'falsePositive': use one of notMalicious, notEnoughDataToValidate, other",
    );
    expect(planRow(0, { sourcetype: 'ms:defender:atp:alerts', id: 'a', classification: 'TruePositive' }, det).problem).to.equal(undefined);
    expect(planRow(0, { sourcetype: 'ms365:defender:alert', id: 'a' }, det).problem).to.equal(
      "determination 'phishing' needs a classification: set classification too (e.g. truePositive)",
    );
  });

  it('needs the sourcetype for auto, and updates a record named twice once', () => {
    expect(planRow(0, { id: '1' }, r).problem).to.contain('target=auto needs the sourcetype field');
    const plans = planRows(
      [
        { rowIndex: 0, fields: { sourcetype: 'ms365:defender:incident', id: '7' } },
        { rowIndex: 1, fields: { sourcetype: 'ms365:defender:incident', id: '7' } },
        { rowIndex: 2, fields: { sourcetype: 'ms365:defender:alert', id: '7' } },
      ],
      r,
    );
    expect(plans.map((p) => p.duplicateOf)).to.deep.equal([undefined, 0, undefined]);
  });
});
