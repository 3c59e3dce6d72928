// The SOC dashboards and the Health column in headless Chromium, with the demo's story as data: the built
// app in the splunkd stand-in, inputs run through their launchers against the Defender simulator (twice, with
// changes in between), the write-back action resolving incidents, and one input whose runs Defender refuses
// (403). The Splunk Web stand-in draws each Dashboard Studio view from its JSON definition with results from
// its SPL-free evaluation (sandbox/splunkweb/studio/). One page load per dashboard per theme; screenshots go
// to test-output/screenshots/ (npm run screenshots copies them to docs/screenshots/).
import { expect } from 'chai';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { startSimulator, type Simulator } from '../../sandbox/simulator';
import { addSimulatorAccount } from '../../sandbox/simulator-account';
import { startSplunkd, type Splunkd } from '../../sandbox/splunkd/index';
import { buildApp } from '../../sandbox/splunkweb/build-app';
import { startSplunkWeb, type SplunkWeb } from '../../sandbox/splunkweb/index';
import { SplunkdClient } from '../../src/splunk/rest';
import { launchChromium } from './helpers/chromium';
import { Recorder } from './helpers/recorder';
import { screenshot } from './helpers/ui';

export const DASHBOARDS = ['defender_sync_soc_overview', 'defender_sync_sla', 'defender_sync_workload', 'defender_sync_response_audit', 'defender_sync_health'] as const;

describe('browser: SOC dashboards and input health (Chromium)', function () {
  this.timeout(180_000);
  this.bail(true);
  let work: string;
  let sim: Simulator;
  let splunkd: Splunkd;
  let web: SplunkWeb;
  let browser: Browser;
  const recorder = new Recorder();

  before(async () => {
    work = mkdtempSync(join(tmpdir(), 'defender-sync-soc-'));
    let appDir: string;
    [appDir, sim, browser] = await Promise.all([buildApp(join(work, 'build')), startSimulator({ rateLimits: false, incidents: 40, mdeAlerts: 5 }), launchChromium()]);
    splunkd = await startSplunkd({ splunkHome: join(work, 'splunk'), env: { NODE_EXTRA_CA_CERTS: sim.caFile } });
    await splunkd.installApp(appDir);
    const admin = new SplunkdClient({ serverUri: splunkd.uri, sessionKey: splunkd.sessionKeyFor('admin') });
    const tenant = sim.tenants[0]!;
    const app = tenant.apps[0]!;
    await addSimulatorAccount(admin, sim, 'demo', { tenantId: tenant.tenantId, clientId: app.clientId, secret: app.clientSecret! });
    const inputs = [['defender_sync_incidents', 'demo_incidents'], ['defender_sync_alerts', 'demo_alerts'], ['defender_sync_alerts', 'secops_alerts']] as const;
    for (const [scheme, name] of inputs) await admin.post(`data/inputs/${scheme}`, { name, account: 'demo', interval: '300' });
    await admin.post('services/apps/local/TA_defender_sync', { configured: '1' });
    admin.close();
    const run = async (scheme: string, stanza: string) => expect((await splunkd.runInput({ scheme, stanza }).result).exitCode, `${scheme}://${stanza}`).to.be.a('number');
    await run('defender_sync_incidents', 'demo_incidents');
    await run('defender_sync_alerts', 'demo_alerts');
    sim.data.mutate({ kind: 'incident', count: 10 });
    await run('defender_sync_incidents', 'demo_incidents');
    const active = splunkd.events.search({ sourcetype: 'ms365:defender:incident' }).map((e) => JSON.parse(e._raw) as { id: string; status: string }).filter((i) => i.status === 'active');
    await splunkd.runAlertAction({
      action: 'defender_sync_update',
      user: 'admin',
      searchName: 'Resolve Defender incidents closed in Splunk',
      rows: [...new Map(active.map((i) => [i.id, i])).values()].slice(0, 8).map((i) => ({ sourcetype: 'ms365:defender:incident', id: i.id })).concat([{ sourcetype: 'ms365:defender:incident', id: '999999999' }]),
      configuration: { account: 'demo', status: 'resolved', classification: 'truePositive', determination: 'malware', comment: 'Closed from Splunk', index: 'main' },
    }).catch(() => undefined);
    await run('defender_sync_incidents', 'demo_incidents');
    // Defender refuses the third input: its Health is Unhealthy with the error and its fix.
    sim.faults.add({ kind: 'status', status: 403, api: 'graph', path: '/security/alerts_v2', count: 20 });
    await run('defender_sync_alerts', 'secops_alerts');
    web = await startSplunkWeb({ splunkd });
  });
  after(async () => {
    await browser?.close();
    await web?.stop();
    await splunkd?.stop();
    await sim?.stop();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  async function open(view: string, theme: 'light' | 'dark'): Promise<Page> {
    const context = await browser.newContext({ viewport: { width: 1360, height: 900 } });
    await context.addCookies(web.login('admin', { theme }).cookies);
    const page = await context.newPage();
    recorder.attach(page);
    await page.goto(web.viewUrl(view));
    return page;
  }

  for (const theme of ['light', 'dark'] as const) {
    for (const view of DASHBOARDS) {
      it(`${view} (${theme}): every panel drawn with the demo's data`, async () => {
        const page = await open(view, theme);
        await page.locator('[data-test="studio-dashboard"]').waitFor({ timeout: 15_000 });
        const panels = await page.locator('[data-test="studio-viz"]').evaluateAll((els) => els.map((e) => ({ viz: e.getAttribute('data-viz'), rows: Number(e.getAttribute('data-rows')), text: e.textContent ?? '' })));
        expect(panels.length).to.be.at.least(3);
        for (const p of panels) expect(p.text, `${p.viz}`).not.to.match(/has no evaluation|No data source/);
        const rows = Object.fromEntries(panels.map((p) => [p.viz, p.rows]));
        if (view === 'defender_sync_soc_overview') {
          expect(rows.viz_alerts_by_source).to.be.above(0);
          expect(Number(panels.find((p) => p.viz === 'viz_open_total')?.text.replace(/\D+/g, ''))).to.be.above(0);
        }
        if (view === 'defender_sync_response_audit') expect(rows.viz_audit_trail).to.be.at.least(9);
        if (view === 'defender_sync_health') {
          expect(rows.viz_input_health).to.equal(3);
          const health = await page.locator('[data-viz="viz_input_health"] tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent)));
          expect(health.map((r) => `${r[2]}: ${r[0]}`).sort()).to.deep.equal(['demo_alerts: Healthy', 'demo_incidents: Healthy', 'secops_alerts: Unhealthy']);
          expect(health.find((r) => r[2] === 'secops_alerts')?.[8]).to.match(/403/);
        }
        await screenshot(page, `dashboard-${view.replace(/^defender_sync_/, '').replace(/_/g, '-')}-${theme}`);
        await page.context().close();
      });
    }

    it(`the Inputs table's Health column (${theme}): each input's state, details with the error and its fix`, async () => {
      const page = await open('inputs', theme);
      await page.locator('[data-test="input-health-state"]').nth(2).waitFor({ timeout: 15_000 });
      const states = await page.locator('[data-test="input-row"]').evaluateAll((rows) => rows.map((r) => `${r.getAttribute('data-name')}: ${r.querySelector('[data-test="input-health-state"]')?.getAttribute('data-state')}`));
      expect(states.sort()).to.deep.equal(['demo_alerts: healthy', 'demo_incidents: healthy', 'secops_alerts: unhealthy']);
      await page.getByRole('button', { name: 'Health details of input secops_alerts' }).click();
      const details = await page.locator('[data-test="input-health-details"]').textContent();
      expect(details).to.match(/The last run failed: .*403.*Last success\s*never.*Last error/s);
      expect(recorder.rest('/search/jobs').every((r) => r.status === 200)).to.equal(true);
      await screenshot(page, `inputs-health-${theme}`);
      await page.context().close();
    });
  }

  it('no page error in any page', () => {
    expect(recorder.pageErrors).to.deep.equal([]);
  });
});
