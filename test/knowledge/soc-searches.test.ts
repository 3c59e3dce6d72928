// Every SOC search (saved searches, dashboard panels, the macros they use) reads only fields that exist: in
// real Defender records and add-on log lines of the sourcetypes it searches, in the fields props.conf creates,
// or created earlier in its own pipeline. And the health macro decides exactly as src/health/states.ts.
import { expect } from 'chai';
import { HEALTH_LABEL, inputHealth } from '../../src/health/states';
import { conf, pipelineContext, socSearches } from './helpers/soc-objects';
import { evalText } from './helpers/spl-eval';
import { checkPipeline, expandMacros, splitTopLevel } from './helpers/spl-fields';

const ctx = pipelineContext();
const searches = socSearches();

describe('SOC searches read only fields that exist', () => {
  it('finds the saved searches and the dashboard panels', () => {
    expect(searches.filter((s) => s.name.startsWith('saved search')).length).to.be.at.least(8);
    expect(searches.length).to.be.at.least(30);
  });

  for (const s of searches) {
    it(`${s.name}`, () => {
      expect(checkPipeline(s.spl, ctx)).to.deep.equal([]);
    });
  }

  it('every search of events goes through `defender_sync_index` (or _internal for the add-on log); none names an index itself', () => {
    for (const s of searches) {
      const expanded = expandMacros(s.spl, ctx.macros);
      for (const m of expanded.matchAll(/\bindex\s*=\s*"?([\w*-]+)/g)) {
        const viaMacro = m[1] === 'main' && expanded.includes(ctx.macros.defender_sync_index ?? '\0');
        expect(m[1] === '_internal' || viaMacro, `${s.name} names index=${m[1]}`).to.equal(true);
      }
      if (/sourcetype\s*(=|IN)\s*\(?\s*"?(ms365|ms:|defender_sync:action)/.test(expanded) || expanded.includes('sourcetype IN ("ms365'))
        expect(expanded.includes(ctx.macros.defender_sync_index ?? '\0'), `${s.name} must search \`defender_sync_index\``).to.equal(true);
    }
  });

  describe('the checker catches what it must (each on a copy of a real search)', () => {
    const reopened = searches.find((s) => s.name.includes('Incident reopened'))?.spl ?? '';
    const rba = searches.find((s) => s.name.includes('Risk from Graph alert evidence'))?.spl ?? '';
    const state = searches.find((s) => s.name.includes('"Defender Sync - Latest state"'))?.spl ?? '';

    it('a misspelt event field', () => {
      expect(checkPipeline(reopened.replace('assignedTo', 'assignedTO'), ctx).map((p) => p.message)).to.deep.equal([
        "field 'assignedTO' does not exist here (neither in the events nor created earlier in the pipeline)",
      ]);
    });
    it('a field that only a later command creates', () => {
      expect(checkPipeline(reopened.replace('| sort 0 _time', '| where previous_status=="x" | sort 0 _time'), ctx).map((p) => p.message)).to.include(
        "field 'previous_status' does not exist here (neither in the events nor created earlier in the pipeline)",
      );
    });
    it('an evidence path no Graph evidence has', () => {
      expect(checkPipeline(rba.replace('path=processCommandLine', 'path=commandLine'), ctx).map((p) => p.message)).to.deep.equal(['spath path=commandLine: no event has evidence{}.commandLine']);
    });
    it('a field written to the KV store lookup that its fields_list lacks', () => {
      expect(checkPipeline(state.replace('| table _key kind', '| table _key state_key kind'), ctx).map((p) => p.message)).to.deep.equal([
        "outputlookup would write 'state_key', which is not in the lookup's fields_list",
      ]);
    });
  });
});

describe('`defender_sync_input_health` decides as src/health/states.ts at every boundary', () => {
  const definition = ctx.macros.defender_sync_input_health ?? '';
  const healthEval = splitTopLevel(definition.split('|').at(-1)?.replace(/^\s*eval\s+/, '') ?? '', ',').find((a) => a.startsWith('health='));
  const expression = healthEval?.slice('health='.length) ?? '';
  const NOW = 1_796_000_000; // seconds
  const I = 300;
  const DAY = 86_400;

  interface Case {
    name: string;
    lastSeen?: number;
    lastSuccess?: number;
    lastError?: number;
    failed?: boolean;
    lastEvent?: number;
    firstSeen?: number;
  }
  const ok = (ago: number): Partial<Case> => ({ lastSeen: NOW - ago, lastSuccess: NOW - ago });
  const CASES: Case[] = [
    { name: 'never ran' },
    { name: 'success just now', ...ok(10), firstSeen: NOW - DAY, lastEvent: NOW - 10 },
    { name: 'success exactly 2 intervals ago', ...ok(2 * I), firstSeen: NOW - DAY, lastEvent: NOW - 10 },
    { name: 'success 2 intervals + 1 s ago', ...ok(2 * I + 1), firstSeen: NOW - DAY, lastEvent: NOW - 10 },
    { name: 'last line exactly 3 intervals ago', ...ok(3 * I), firstSeen: NOW - DAY, lastEvent: NOW - 10 },
    { name: 'last line 3 intervals + 1 s ago', ...ok(3 * I + 1), firstSeen: NOW - DAY, lastEvent: NOW - 10 },
    { name: 'last run failed', lastSeen: NOW - 5, lastSuccess: NOW - 2 * DAY, lastError: NOW - 5, failed: true, firstSeen: NOW - 3 * DAY, lastEvent: NOW - 2 * DAY },
    { name: 'error exactly 2 intervals ago, later success', ...ok(10), lastError: NOW - 2 * I, firstSeen: NOW - DAY, lastEvent: NOW - 10 },
    { name: 'error 2 intervals + 1 s ago, later success', ...ok(10), lastError: NOW - 2 * I - 1, firstSeen: NOW - DAY, lastEvent: NOW - 10 },
    { name: 'last event exactly 14 days ago', ...ok(10), firstSeen: NOW - 20 * DAY, lastEvent: NOW - 14 * DAY },
    { name: 'last event 14 days + 1 s ago', ...ok(10), firstSeen: NOW - 20 * DAY, lastEvent: NOW - 14 * DAY - 1 },
    { name: 'no event ever, running 14 days + 1 s', ...ok(10), firstSeen: NOW - 14 * DAY - 1 },
  ];

  it('is one case() over the status fields', () => expect(expression).to.match(/^case\(/));

  for (const c of CASES) {
    it(c.name, () => {
      const text = (v: number | undefined) => (v === undefined ? [] : [String(v)]);
      const fields = new Map<string, string[]>([
        ['checked_at', [String(NOW)]],
        ['interval', [String(I)]],
        ['last_seen', text(c.lastSeen)],
        ['last_success', text(c.lastSuccess)],
        ['last_error', text(c.lastError)],
        ['last_status_failed', c.lastSeen === undefined ? [] : [c.failed ? '1' : '0']],
        ['last_event', text(c.lastEvent)],
        ['first_seen', text(c.firstSeen)],
      ]);
      const ms = (v: number | undefined) => (v === undefined ? undefined : v * 1000);
      const expected = inputHealth({
        intervalSeconds: I,
        now: NOW * 1000,
        status: {
          ...(c.lastSeen !== undefined ? { lastSeen: ms(c.lastSeen) as number, lastStatusFailed: c.failed === true } : {}),
          ...(c.lastSuccess !== undefined ? { lastSuccess: ms(c.lastSuccess) as number } : {}),
          ...(c.lastError !== undefined ? { lastError: { time: ms(c.lastError) as number } } : {}),
          ...(c.firstSeen !== undefined ? { firstSeen: ms(c.firstSeen) as number } : {}),
        },
        ...(c.lastEvent !== undefined ? { lastEvent: ms(c.lastEvent) as number } : {}),
      });
      expect(evalText(expression, fields)).to.equal(HEALTH_LABEL[expected.state]);
    });
  }
});

describe('SLA targets', () => {
  it('one editable macro per target, a number of minutes for every incident severity Graph sends', () => {
    for (const name of ['defender_sync_sla_assign_minutes', 'defender_sync_sla_resolve_minutes']) {
      const definition = conf('macros')[name]?.definition ?? '';
      for (const severity of ['high', 'medium', 'low', 'informational']) {
        const minutes = evalText(definition, new Map([['severity', [severity]]]));
        expect(minutes, `${name} ${severity}`).to.be.a('number').above(0);
      }
      expect(evalText(definition, new Map([['severity', ['unknown']]]))).to.equal(null);
    }
  });
});
