import { expect } from 'chai';
import { advance, alreadyEmitted } from '../../../src/inputs/common/cursor';

describe('ingest cursor', () => {
  const t1 = '2026-01-01T00:00:00.0000001Z';
  const t2 = '2026-01-01T00:00:00.0000002Z';
  it('starts empty and takes the highest time with the ids at it', () => {
    const c = advance(undefined, [
      { id: 'a', time: t1 },
      { id: 'b', time: t2 },
      { id: 'c', time: t2 },
    ]);
    expect(c).to.deep.equal({ time: t2, ids: ['b', 'c'] });
  });
  it('adds ids at the same instant and resets on a later one', () => {
    const c = { time: t1, ids: ['a'] };
    expect(advance(c, [{ id: 'b', time: '2026-01-01T00:00:00.0000001Z' }])).to.deep.equal({ time: t1, ids: ['a', 'b'] });
    expect(advance(c, [{ id: 'a', time: t2 }])).to.deep.equal({ time: t2, ids: ['a'] });
    expect(advance(c, [{ id: 'z', time: '2025-12-31T23:59:59Z' }])).to.deep.equal(c);
    expect(c).to.deep.equal({ time: t1, ids: ['a'] });
  });
  it('skips exactly the pairs already emitted', () => {
    const c = { time: t1, ids: ['a'] };
    expect(alreadyEmitted(c, { id: 'a', time: t1 })).to.equal(true);
    expect(alreadyEmitted(c, { id: 'b', time: t1 })).to.equal(false);
    expect(alreadyEmitted(c, { id: 'a', time: t2 })).to.equal(false);
    expect(alreadyEmitted(c, { id: 'q', time: '2025-01-01T00:00:00Z' })).to.equal(true);
    expect(alreadyEmitted(undefined, { id: 'a', time: t1 })).to.equal(false);
  });
  it('compares exactly when the API shortens fractions', () => {
    const c = { time: '2026-02-25T16:29:33.1Z', ids: ['29'] };
    expect(alreadyEmitted(c, { id: '29', time: '2026-02-25T16:29:33.1000000Z' })).to.equal(true);
  });
});
