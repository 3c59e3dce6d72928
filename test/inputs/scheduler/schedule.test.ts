import { expect } from 'chai';
import { CONTINUOUS_GAP_MS, dueNow, msUntilNext, nextDue, parseInterval } from '../../../src/inputs/scheduler/schedule';

describe('single-instance schedule', () => {
  it('reads interval as seconds between starts, with the run budget of that interval', () => {
    expect(parseInterval('300', 300)).to.deep.equal({ everyMs: 300_000, budgetMs: 270_000 });
    expect(parseInterval('', 300)).to.deep.equal({ everyMs: 300_000, budgetMs: 270_000 });
    expect(parseInterval('2.5', 300).everyMs).to.equal(2500);
    expect(parseInterval('2.5', 300).budgetMs).to.equal(30_000); // the minimum budget
  });

  it('runs interval 0 back to back (a gap apart) and -1 once', () => {
    expect(parseInterval('0', 300).everyMs).to.equal(CONTINUOUS_GAP_MS);
    expect(parseInterval('-1', 300).everyMs).to.equal(Infinity);
  });

  it('runs a cron schedule at the default interval and says so', () => {
    const i = parseInterval('*/5 * * * *', 300);
    expect(i.everyMs).to.equal(300_000);
    expect(i.note).to.match(/cron schedule.*every 300 s \(use a number of seconds\)/);
  });

  it('starts the most overdue idle stanzas first, no more than the free slots', () => {
    const slots = [
      { name: 'c', due: 5, running: false },
      { name: 'a', due: 9, running: false },
      { name: 'b', due: 1, running: true },
      { name: 'd', due: 3, running: false },
      { name: 'e', due: 50, running: false },
    ];
    expect(dueNow(slots, 10, 2)).to.deep.equal(['d', 'c']);
    expect(dueNow(slots, 10, 9)).to.deep.equal(['d', 'c', 'a']);
    expect(dueNow(slots, 10, 0)).to.deep.equal([]);
    expect(msUntilNext(slots, 10)).to.equal(0);
    expect(msUntilNext([{ name: 'e', due: 50, running: false }], 10)).to.equal(40);
    expect(msUntilNext([{ name: 'e', due: 50, running: true }], 10)).to.equal(Infinity);
  });

  it('schedules the next start one interval after the last start, or at once after a run longer than that', () => {
    expect(nextDue(1000, 3000, 60_000)).to.equal(61_000);
    expect(nextDue(1000, 90_000, 60_000)).to.equal(90_000);
    expect(nextDue(1000, 3000, CONTINUOUS_GAP_MS)).to.equal(3000 + CONTINUOUS_GAP_MS);
    expect(nextDue(1000, 3000, Infinity)).to.equal(Infinity);
  });
});

describe('stanzas from splunkd data/inputs', () => {
  it('reads an entry as run-mode XML would carry it', async () => {
    const { stanzaFromEntry } = await import('../../../src/inputs/scheduler/stanzas');
    const s = stanzaFromEntry('defender_sync_alerts', {
      name: 'prod',
      content: { account: 'prod', disabled: false, interval: 300, index: 'defender', 'eai:acl': { app: 'x' }, 'eai:attributes': {}, host: 'hf1', start_date: null },
    });
    expect(s).to.deep.equal({ name: 'defender_sync_alerts://prod', params: { account: 'prod', disabled: '0', interval: '300', index: 'defender', host: 'hf1' } });
  });
});
