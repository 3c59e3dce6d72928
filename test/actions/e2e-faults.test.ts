// The alert action under Microsoft's limits and refusals, through its packaged launcher.
import { expect } from 'chai';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { addAccount, startWorld, type World } from '../helpers/world';

const CANARY = 'canary-Secret-7f3a9c-do-not-leak';

function events(w: World, sourcetype: string): Array<Record<string, unknown>> {
  return w.splunkd.events.search({ sourcetype }).map((e) => JSON.parse(e._raw) as Record<string, unknown>);
}

function filesUnder(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...filesUnder(p));
    else out.push(p);
  }
  return out;
}

describe('alert action under limits and refusals (packaged)', function () {
  this.timeout(240_000);
  let w: World;

  before(async () => {
    w = await startWorld({
      simulator: {
        incidents: 200,
        mdeAlerts: 400,
        mdeBatchUpdateMax: 120,
        rateLimits: {
          graph: { windows: [{ limit: 40, windowMs: 1000 }], retryAfter: 'fractional' },
          mde: { windows: [{ limit: 100, windowMs: 1000 }], retryAfter: 'integer' },
          mdeBatchUpdate: { windows: [{ limit: 10, windowMs: 1000 }], retryAfter: 'integer' },
        },
      },
    });
    await addAccount(w, 'prod');
    await addAccount(w, 'readonly', { app: { tenant: 0, app: 1 } });
  });
  after(async () => w?.stop());
  beforeEach(() => w.splunkd.events.clear());

  it('waits out per-item 429s in $batch and still updates every incident once', async () => {
    const store = w.sim.data.tenant().incidents;
    const ids = Array.from({ length: 120 }, (_, i) => store.idAt(i));
    const from = w.sim.requestLog.length;
    const r = await w.splunkd.runAlertAction({
      action: 'defender_sync_update',
      user: 'admin',
      rows: ids.map((id) => ({ sourcetype: 'ms365:defender:incident', id })),
      configuration: { account: 'prod', status: 'resolved', comment: 'throttled run' },
    });
    expect(r.exitCode, JSON.stringify(r.stderr.slice(-3))).to.equal(0);
    for (const id of ids) {
      const comments = (w.sim.data.get('incident', id)?.comments as Array<{ comment: string }>).filter((c) => c.comment === 'throttled run');
      expect(comments, id).to.have.length(1);
    }
    expect(w.sim.stats().throttled.graph).to.be.greaterThan(0);
    const summary = r.stderr.find((l) => l.text.startsWith('action=alert_complete'));
    expect(summary?.text).to.match(/ rows=120 succeeded=120 failed=0 invalid=0 duplicates=0 requests=\d+ throttled=[1-9]\d* retries=[1-9]\d* /);
    expect(w.sim.requestLog.length).to.be.greaterThan(from);
  });

  it('re-chunks MDE batchUpdate at the size Microsoft allows, then reads the alerts back', async () => {
    const store = w.sim.data.tenant().mdeAlerts;
    const ids = Array.from({ length: 300 }, (_, i) => store.idAt(i));
    const from = w.sim.requestLog.length;
    const r = await w.splunkd.runAlertAction({
      action: 'defender_sync_update',
      user: 'admin',
      rows: ids.map((id) => ({ sourcetype: 'ms:defender:atp:alerts', id })),
      configuration: { account: 'prod', status: 'inProgress', assigned_to: 'soc@contoso.com', classification: 'falsePositive', determination: 'notEnoughDataToValidate' },
    });
    expect(r.exitCode, JSON.stringify(r.stderr.slice(-3))).to.equal(0);
    for (const id of ids) {
      const alert = w.sim.data.get('mdeAlert', id) as Record<string, unknown>;
      expect([alert.status, alert.assignedTo, alert.classification, alert.determination]).to.deep.equal(['InProgress', 'soc@contoso.com', 'FalsePositive', 'InsufficientData']);
    }
    const updates = w.sim.requestLog.slice(from).filter((q) => q.path.endsWith('/batchUpdate'));
    // 300 in one call → MaximumBatchSizeExceeded (allowed 120) → 120 + 120 + 60.
    expect(updates.map((q) => q.status)).to.deep.equal([400, 200, 200, 200]);
    expect(events(w, 'ms:defender:atp:alerts')).to.have.length(300);
  });

  it('reports Defender refusals per row (403: missing write role) with exit 4', async () => {
    const id = w.sim.data.tenant().incidents.idAt(150);
    const before = JSON.stringify(w.sim.data.get('incident', id));
    const r = await w.splunkd.runAlertAction({
      action: 'defender_sync_update',
      user: 'admin',
      rows: [{ sourcetype: 'ms365:defender:incident', id }],
      configuration: { account: 'readonly', status: 'resolved' },
    });
    expect(r.exitCode).to.equal(4);
    const [outcome] = events(w, 'defender_sync:action');
    expect(outcome?.result).to.equal('failure');
    expect(outcome?.http_status).to.equal(403);
    expect(String(outcome?.error)).to.match(/Missing application roles/);
    expect(JSON.stringify(w.sim.data.get('incident', id))).to.equal(before);
  });

  it('an unknown account: every row reported invalid, nothing sent, exit 2', async () => {
    const from = w.sim.requestLog.length;
    const r = await w.splunkd.runAlertAction({
      action: 'defender_sync_update',
      user: 'admin',
      rows: [{ sourcetype: 'ms365:defender:incident', id: '1' }, { sourcetype: 'ms365:defender:alert', id: 'a1' }],
      configuration: { account: 'nosuch', status: 'resolved' },
    });
    expect(r.exitCode).to.equal(2);
    expect(w.sim.requestLog.length).to.equal(from);
    const outcomes = events(w, 'defender_sync:action');
    expect(outcomes.map((o) => o.result)).to.deep.equal(['invalid', 'invalid']);
    expect(outcomes[0]?.error).to.match(/^account 'nosuch' does not exist in ta_defender_sync_account\.conf: add it on the add-on's Configuration page/);
  });

  it('the account secret never leaves storage/passwords (canary)', async () => {
    await addAccount(w, 'canary', { secret: CANARY });
    const r = await w.splunkd.runAlertAction({
      action: 'defender_sync_update',
      user: 'admin',
      rows: [{ sourcetype: 'ms365:defender:incident', id: '1' }],
      configuration: { account: 'canary', status: 'resolved' },
    });
    expect(r.exitCode).to.equal(4); // Entra refuses the canary secret
    const [outcome] = events(w, 'defender_sync:action');
    expect(String(outcome?.error)).to.contain('AADSTS7000215');
    expect(JSON.stringify(r.stderr) + r.stdout).not.to.contain(CANARY);
    for (const e of w.splunkd.events.search({})) expect(e._raw).not.to.contain(CANARY);
    for (const file of filesUnder(w.splunkd.splunkHome)) {
      if (file.endsWith('.tgz') || file.includes('/runtime/')) continue;
      expect(readFileSync(file).includes(CANARY), file).to.equal(false);
    }
  });
});

describe('alert action invocation errors (packaged)', function () {
  this.timeout(120_000);
  let w: World;
  before(async () => {
    w = await startWorld({ simulator: { incidents: 5 } });
  });
  after(async () => w?.stop());

  it('a payload without results_file: one ERROR line, exit 1', async () => {
    const { spawnSync } = await import('node:child_process');
    const launcher = join(w.splunkd.splunkHome, 'etc/apps/TA_defender_sync/bin/defender_sync_update.sh');
    const bad = spawnSync(launcher, ['--execute'], { input: '{"session_key":"k","server_uri":"https://127.0.0.1:1"}', env: w.splunkd.launchEnv(), encoding: 'utf8' });
    expect(bad.status).to.equal(1);
    expect(bad.stderr.trim().split('\n')).to.have.length(1);
    expect(bad.stderr).to.match(/^ERROR alert action payload: 'results_file' is missing/);
    const usage = spawnSync(launcher, [], { input: '', env: w.splunkd.launchEnv(), encoding: 'utf8' });
    expect(usage.status).to.equal(1);
    expect(usage.stderr).to.match(/^ERROR defender_sync_update: usage: defender_sync_update --execute/);
  });
});
