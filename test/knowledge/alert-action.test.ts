// The defender_sync_update alert action's Splunk-side conf files, generated from ACTION_PARAMS: what splunkd,
// the alert UI, `| sendalert` and Enterprise Security read from them.
import { expect } from 'chai';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ALERT_ACTION, INDEX_MACRO, SOURCETYPE } from '../../src/config/names';
import { ACTION_PARAMS, type ActionParam } from '../../src/actions/update/definition';
import { DEFAULT_MAXTIME_MS, parseSpan } from '../../src/actions/update/run';
import { confToObject, parseConf } from '../../src/splunk/conf-file';
import { ALERT_ACTION_META, renderAlertActionsConf, renderAlertActionsSpec, renderSavedSearchesSpec } from '../../scripts/packaging/alert-action';
import { renderGeneratedAppFiles } from '../../scripts/packaging/app-files';
import { ALERT_ACTION_DEFINITIONS } from '../../src/actions/definitions';
import { isKeyAllowed, parseSpec } from '../package/checks/spec';
import { repoRoot, sharedPath } from '../helpers/shared';

const files = renderGeneratedAppFiles();
const alertActions = confToObject(parseConf(files['default/alert_actions.conf'] ?? ''));
const stanza = alertActions[ALERT_ACTION] ?? {};
const ownAlertSpec = parseSpec(files['README/alert_actions.conf.spec'] ?? '');
const ownSavedSearchSpec = parseSpec(files['README/savedsearches.conf.spec'] ?? '');
const splunkSpec = (name: string) => parseSpec(readFileSync(sharedPath('splunk', 'spec', '9.2', `${name}.conf.spec`), 'utf8'));

describe('default/alert_actions.conf [defender_sync_update]', () => {
  it('is one custom action with a JSON payload, its label, description and an icon that exists', () => {
    expect(Object.keys(alertActions)).to.deep.equal(ALERT_ACTION_DEFINITIONS.map((d) => d.meta.name));
    expect(Object.keys(alertActions)[0]).to.equal(ALERT_ACTION);
    for (const [name, s] of Object.entries(alertActions)) {
      expect(s, name).to.include({ is_custom: '1', payload_format: 'json' });
      expect(existsSync(join(repoRoot, 'appserver/static', s.icon_path ?? '-')), `${name} icon`).to.equal(true);
    }
    expect(stanza).to.include({ is_custom: '1', payload_format: 'json', label: ALERT_ACTION_META.label, description: ALERT_ACTION_META.description });
    expect(existsSync(join(repoRoot, 'appserver/static', stanza.icon_path ?? '-'))).to.equal(true);
  });

  it('gives the action the maxtime it paces itself against (90% of it)', () => {
    expect(stanza.maxtime).to.equal('20m');
    expect(parseSpan(stanza.maxtime)).to.equal(DEFAULT_MAXTIME_MS);
  });

  it('declares param.<name> = <default> for every ACTION_PARAMS entry, in order, and nothing else', () => {
    const params = Object.entries(stanza).filter(([k]) => k.startsWith('param.') && k !== 'param._cam');
    expect(params).to.deep.equal(ACTION_PARAMS.map((p) => [`param.${p.name}`, p.default]));
    expect(stanza['param.target']).to.equal('auto');
    expect(stanza['param.id_field']).to.equal('id');
    expect(stanza['param.status']).to.equal('');
  });

  it('declares the ES adaptive-response metadata (param._cam) as JSON', () => {
    const cam = JSON.parse(stanza['param._cam'] ?? 'null') as Record<string, unknown>;
    expect(cam).to.deep.include({
      category: ['Information Conveyance'],
      task: ['update'],
      subject: ['incident', 'alert'],
      supports_adhoc: true,
      supports_cloud: true,
    });
    expect(cam.technology).to.deep.include({ vendor: 'Microsoft', product: 'Defender XDR', version: ['Graph v1.0'] });
    // The drilldown keeps ES's $sid$ and $rid$ tokens literal and finds this invocation's outcome events.
    const uri = String(cam.drilldown_uri);
    expect(uri).to.match(/^search\?q=/);
    const search = decodeURIComponent(/q=([^&]*)/.exec(uri)?.[1] ?? '');
    expect(search).to.equal(`search \`${INDEX_MACRO}\` sourcetype="${SOURCETYPE.action}" sid="$sid$" rid="$rid$"`);
  });

  it('every key is a setting of alert_actions.conf (Splunk 9.2) or of README/alert_actions.conf.spec', () => {
    const specs = [splunkSpec('alert_actions'), ownAlertSpec];
    const invalid = Object.keys(stanza).filter((k) => !specs.some((s) => isKeyAllowed(s, ALERT_ACTION, k)));
    expect(invalid).to.deep.equal([]);
    // Our spec is what makes param.* valid: Splunk's own does not declare them.
    expect(isKeyAllowed(splunkSpec('alert_actions'), ALERT_ACTION, 'param.status')).to.equal(false);
  });

  it('writes values on one line even when a help text or default spans lines', () => {
    const odd: ActionParam[] = [{ name: 'comment', label: 'Comment', help: 'two\nlines', default: 'a\nb' }];
    expect(renderAlertActionsConf(odd)).to.contain('\nparam.comment = a b\n');
    expect(renderAlertActionsSpec(odd)).to.contain('* Comment (form field): two lines\n');
  });
});

describe('README/alert_actions.conf.spec and README/savedsearches.conf.spec', () => {
  it('alert_actions.conf.spec declares param.<name> for each parameter and param._cam, with the help text', () => {
    expect(ownAlertSpec.stanzas.map((s) => s.name)).to.deep.equal(ALERT_ACTION_DEFINITIONS.map((d) => d.meta.name));
    const declared = ownAlertSpec.stanzas.find((s) => s.name === ALERT_ACTION)?.keys;
    expect(declared).to.deep.equal(['param._cam', ...ACTION_PARAMS.map((p) => `param.${p.name}`)]);
    for (const p of ACTION_PARAMS) expect(files['README/alert_actions.conf.spec']).to.contain(`param.${p.name} = <string>\n* ${p.label} (form field): ${p.help}\n`);
  });

  it('savedsearches.conf.spec declares action.defender_sync_update = [0|1] and each action.defender_sync_update.param.<name>', () => {
    expect(ownSavedSearchSpec.stanzas).to.deep.equal([]);
    expect(ownSavedSearchSpec.global).to.deep.equal(
      ALERT_ACTION_DEFINITIONS.flatMap((d) => [`action.${d.meta.name}`, ...d.params.map((p) => `action.${d.meta.name}.param.${p.name}`)]),
    );
    expect(files['README/savedsearches.conf.spec']).to.contain(`action.${ALERT_ACTION} = [0|1]\n`);
    for (const p of ACTION_PARAMS) expect(files['README/savedsearches.conf.spec']).to.contain(`* ${p.label} (form field): ${p.help}\n`);
  });

  it('our spec names each saved-search key exactly (Splunk\'s own accepts any action.<name>.<parameter>)', () => {
    const saved = [`action.${ALERT_ACTION}`, ...ACTION_PARAMS.map((p) => `action.${ALERT_ACTION}.param.${p.name}`)];
    const ours = (k: string) => isKeyAllowed(ownSavedSearchSpec, 'Resolve test incidents', k);
    expect(saved.filter((k) => !ours(k))).to.deep.equal([]);
    expect(ours(`action.${ALERT_ACTION}.param.stauts`)).to.equal(false);
    expect(saved.every((k) => isKeyAllowed(splunkSpec('savedsearches'), 'Resolve test incidents', k))).to.equal(true);
  });

  it('the build writes exactly these generated files', () => {
    expect(Object.keys(files).sort()).to.deep.equal(
      ['README/inputs.conf.spec', 'default/inputs.conf', 'default/alert_actions.conf', 'README/alert_actions.conf.spec', 'README/savedsearches.conf.spec', ...ALERT_ACTION_DEFINITIONS.map((d) => `default/data/ui/alerts/${d.meta.name}.html`)].sort(),
    );
    expect(files['README/savedsearches.conf.spec']).to.contain(renderSavedSearchesSpec().split('\n').slice(1).join('\n'));
    // Hand-written copies would shadow the generated ones in the app tree.
    for (const f of Object.keys(files)) expect(existsSync(join(repoRoot, f)), `${f} must not exist in the repo`).to.equal(false);
  });
});
