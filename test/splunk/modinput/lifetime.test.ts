import { EventEmitter } from 'node:events';
import { expect } from 'chai';
import { processLifetime, type StopReason } from '../../../src/splunk/modinput/lifetime';

/** A process stand-in: signals are events, ppid can change, the orphan check runs when the test says. */
function fakeProcess() {
  const proc = Object.assign(new EventEmitter(), { ppid: 100 });
  const checks: Array<() => void> = [];
  let cancelled = 0;
  const every = (check: () => void) => {
    checks.push(check);
    return () => void cancelled++;
  };
  return { proc, every, tick: () => checks.forEach((c) => c()), cancelled: () => cancelled };
}

describe('processLifetime: when a long-running input must stop', () => {
  for (const [signal, reason] of [['SIGTERM', 'sigterm'], ['SIGINT', 'sigint']] as const) {
    it(`aborts on ${signal} and says why, once`, () => {
      const f = fakeProcess();
      const reasons: StopReason[] = [];
      const life = processLifetime({ proc: f.proc, every: f.every, onStop: (r) => reasons.push(r) });
      expect(life.signal.aborted).to.equal(false);
      f.proc.emit(signal);
      f.proc.emit('SIGTERM');
      expect(life.signal.aborted).to.equal(true);
      expect(life.signal.reason).to.equal(reason);
      expect(reasons).to.deep.equal([reason]);
    });
  }

  it('aborts when stdin is closed mid-run, also when that happened before', () => {
    const f = fakeProcess();
    const closed = new AbortController();
    const life = processLifetime({ proc: f.proc, every: f.every, stdinClosed: closed.signal });
    closed.abort();
    expect(life.signal.reason).to.equal('stdin_closed');
    const early = processLifetime({ proc: f.proc, every: f.every, stdinClosed: AbortSignal.abort() });
    expect(early.signal.reason).to.equal('stdin_closed');
  });

  it('aborts once splunkd, its parent, is gone (the process was re-parented), not before', () => {
    const f = fakeProcess();
    const life = processLifetime({ proc: f.proc, every: f.every });
    f.tick();
    expect(life.signal.aborted).to.equal(false);
    f.proc.ppid = 1;
    f.tick();
    expect(life.signal.reason).to.equal('orphaned');
  });

  it('leaves nothing behind once disposed: no listeners, no timer, a later signal changes nothing', () => {
    const f = fakeProcess();
    const closed = new AbortController();
    const life = processLifetime({ proc: f.proc, every: f.every, stdinClosed: closed.signal });
    life.dispose();
    expect(f.proc.listenerCount('SIGTERM') + f.proc.listenerCount('SIGINT')).to.equal(0);
    expect(f.cancelled()).to.equal(1);
    closed.abort();
    f.proc.emit('SIGTERM');
    expect(life.signal.aborted).to.equal(false);
  });
});
