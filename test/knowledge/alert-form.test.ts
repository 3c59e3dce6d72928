// default/data/ui/alerts/defender_sync_update.html, parsed as the alert UI reads it: one control per
// parameter named action.defender_sync_update.param.<name>, the Defender enums as choices, and determination
// choices grouped so that each one fits the classification its group names.
import { expect } from 'chai';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { ALERT_ACTION } from '../../src/config/names';
import { ACTION_PARAMS, TARGETS, type ActionParam } from '../../src/actions/update/definition';
import { ALERT_STATUSES, CLASSIFICATIONS, DETERMINATIONS, DETERMINATIONS_BY_CLASSIFICATION, INCIDENT_STATUSES, pairingProblem } from '../../src/defender/enums';
import { FORM_LAYOUT, renderAlertForm, UNCHANGED_LABEL } from '../../scripts/packaging/alert-form';
import { renderGeneratedAppFiles } from '../../scripts/packaging/app-files';

type El = Record<string, unknown>;

interface Control {
  tag: 'input' | 'select' | 'textarea';
  name: string;
  id: string;
  el: El;
  label?: string;
  help?: string;
}

const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@', preserveOrder: true, trimValues: true });

/** preserveOrder nodes: [{ tag: [children], ':@': { '@attr': v } }, { '#text': '…' }]. */
const tagOf = (n: El) => Object.keys(n).find((k) => k !== ':@');
const childrenOf = (n: El) => (n[tagOf(n) ?? ''] as El[] | undefined) ?? [];
const attr = (n: El, a: string) => (n[':@'] as Record<string, string> | undefined)?.[`@${a}`];
const textOf = (n: El): string => childrenOf(n).map((c) => (typeof c['#text'] !== 'undefined' ? String(c['#text']) : textOf(c))).join('');

function walk(nodes: El[], visit: (n: El, parents: El[]) => void, parents: El[] = []) {
  for (const n of nodes) {
    if (!tagOf(n) || tagOf(n) === '#text') continue;
    visit(n, parents);
    walk(childrenOf(n), visit, [...parents, n]);
  }
}

function controlsOf(html: string): { root: El[]; controls: Control[] } {
  expect(XMLValidator.validate(html), 'the form is well-formed (it is XHTML-compatible HTML)').to.equal(true);
  const root = parser.parse(html) as El[];
  const controls: Control[] = [];
  const labels = new Map<string, string>();
  walk(root, (n, parents) => {
    const tag = tagOf(n);
    if (tag === 'label') labels.set(attr(n, 'for') ?? '', textOf(n));
    if (tag === 'input' || tag === 'select' || tag === 'textarea') {
      const group = parents.findLast((p) => attr(p, 'class') === 'controls');
      const help = group && childrenOf(group).find((c) => tagOf(c) === 'span' && attr(c, 'class') === 'help-block');
      controls.push({ tag, name: attr(n, 'name') ?? '', id: attr(n, 'id') ?? '', el: n, help: help ? textOf(help) : undefined });
    }
  });
  for (const c of controls) c.label = labels.get(c.id);
  return { root, controls };
}

/** Options of a select, with the optgroup label each sits in ('' outside groups). */
function optionsOf(select: El): Array<{ value: string; text: string; group: string }> {
  const out: Array<{ value: string; text: string; group: string }> = [];
  for (const c of childrenOf(select)) {
    if (tagOf(c) === 'option') out.push({ value: attr(c, 'value') ?? '', text: textOf(c), group: '' });
    if (tagOf(c) === 'optgroup')
      for (const o of childrenOf(c).filter((x) => tagOf(x) === 'option'))
        out.push({ value: attr(o, 'value') ?? '', text: textOf(o), group: attr(c, 'label') ?? '' });
  }
  return out;
}

const html = renderGeneratedAppFiles()[`default/data/ui/alerts/${ALERT_ACTION}.html`] ?? '';
const { root, controls } = controlsOf(html);
const control = (param: string): Control => {
  const found = controls.filter((c) => c.name === `action.${ALERT_ACTION}.param.${param}`);
  expect(found, `controls for ${param}`).to.have.length(1);
  return found[0] as Control;
};
const values = (param: string) => optionsOf(control(param).el).map((o) => o.value);

describe('the alert form (default/data/ui/alerts/defender_sync_update.html)', () => {
  it('is a Splunk form-horizontal form-complex of control-group blocks', () => {
    expect(tagOf(root[0] ?? {})).to.equal('form');
    expect(attr(root[0] ?? {}, 'class')).to.equal('form-horizontal form-complex');
    expect(childrenOf(root[0] ?? {}).every((c) => tagOf(c) === 'div' && attr(c, 'class') === 'control-group')).to.equal(true);
  });

  it('has exactly one control per parameter, named action.defender_sync_update.param.<name>, with its label and help', () => {
    expect(controls.map((c) => c.name)).to.deep.equal(ACTION_PARAMS.map((p) => `action.${ALERT_ACTION}.param.${p.name}`));
    for (const p of ACTION_PARAMS) {
      const c = control(p.name);
      expect(c.label, p.name).to.equal(p.label);
      expect(c.help, p.name).to.equal(p.help);
      expect(c.id).to.equal(`${ALERT_ACTION}_${p.name}`);
    }
    expect(new Set(controls.map((c) => c.id)).size).to.equal(controls.length);
  });

  it('offers target, status and classification as selects of the enum values', () => {
    expect(control('target').tag).to.equal('select');
    expect(values('target')).to.deep.equal([...TARGETS]);
    expect(values('classification')).to.deep.equal(['', ...CLASSIFICATIONS]);
    const status = optionsOf(control('status').el);
    expect(status.filter((o) => o.group === 'Incidents').map((o) => o.value)).to.deep.equal([...INCIDENT_STATUSES]);
    expect(status.filter((o) => o.group === 'Alerts').map((o) => o.value)).to.deep.equal([...ALERT_STATUSES]);
  });

  it('lets every optional choice stay unchanged: the empty option "(unchanged)" comes first', () => {
    for (const name of ['status', 'classification', 'determination']) {
      expect(optionsOf(control(name).el)[0], name).to.deep.equal({ value: '', text: UNCHANGED_LABEL, group: '' });
    }
    // target always has a value (default auto), so it offers no empty choice.
    expect(values('target')).not.to.include('');
  });

  it('groups determinations by the classification they fit, and every offered pair is one the action accepts', () => {
    const options = optionsOf(control('determination').el).filter((o) => o.value !== '');
    const groups = [...new Set(options.map((o) => o.group))];
    expect(groups).to.have.members([...CLASSIFICATIONS]);
    for (const cls of CLASSIFICATIONS) {
      const inGroup = options.filter((o) => o.group === cls).map((o) => o.value);
      expect(inGroup, cls).to.deep.equal([...DETERMINATIONS_BY_CLASSIFICATION[cls]]);
      for (const det of inGroup) expect(pairingProblem(cls, det), `${cls}/${det}`).to.equal(undefined);
    }
    // Determinations no classification accepts (apt, securityPersonnel) are not offered: the action refuses them.
    const offered = new Set(options.map((o) => o.value));
    const refused = (DETERMINATIONS as readonly string[]).filter((d) => !offered.has(d));
    for (const det of refused) for (const cls of CLASSIFICATIONS) expect(pairingProblem(cls, det), `${cls}/${det}`).to.be.a('string');
  });

  it('uses text inputs for account, id_field, assigned_to, index and tags, and a textarea for the comment', () => {
    for (const name of ['account', 'id_field', 'assigned_to', 'index', 'add_tags', 'remove_tags']) {
      expect(control(name).tag, name).to.equal('input');
      expect(attr(control(name).el, 'type')).to.equal('text');
    }
    expect(control('comment').tag).to.equal('textarea');
    expect(FORM_LAYOUT.textareas).to.deep.equal(['comment']);
  });

  it('says that empty means unchanged and that $result.field$ tokens work', () => {
    const note = textOf(childrenOf(root[0] ?? {})[0] ?? {});
    expect(note).to.contain('Empty fields leave that property unchanged');
    expect(note).to.contain('$result.field$');
    expect(note).to.contain(`| sendalert ${ALERT_ACTION}`);
  });

  it('escapes labels, help and choices, so any text in ACTION_PARAMS yields a well-formed form', () => {
    const hostile: ActionParam[] = [
      { name: 'x', label: 'A <b> & "c"', help: "it's <script>alert(1)</script>", default: '', choices: ['a"b', '<c>'] },
    ];
    const { controls: parsed } = controlsOf(renderAlertForm(hostile, { groups: {}, textareas: [] }));
    expect(parsed).to.have.length(1);
    expect(parsed[0]?.label).to.equal('A <b> & "c"');
    expect(parsed[0]?.help).to.equal("it's <script>alert(1)</script>");
    expect(optionsOf(parsed[0]?.el ?? {}).map((o) => o.value)).to.deep.equal(['', 'a"b', '<c>']);
  });
});
