import { expect } from 'chai';
import { RateLimiter, windowSlackMs } from '../../src/defender/rate-limiter';
import { windowsFor } from '../../src/defender/rate-limits';
import { FakeClock } from '../helpers/fake-clock';

describe('rate limiter', () => {
  it('lets a full window through at once, then paces to the window', async () => {
    const clock = new FakeClock(0);
    const limiter = new RateLimiter([{ max: 3, windowMs: 1000 }], clock);
    const times: number[] = [];
    for (let i = 0; i < 7; i++) {
      await limiter.acquire();
      times.push(clock.now());
    }
    // 1 s windows get 20 ms of slack (2%): sent-time and arrival-time windows never overlap.
    expect(times).to.deep.equal([0, 0, 0, 1020, 1020, 1020, 2040]);
  });

  it('respects every window (MDE: per minute and per hour)', async () => {
    const clock = new FakeClock(0);
    const limiter = new RateLimiter([{ max: 2, windowMs: 100 }, { max: 3, windowMs: 1000 }], clock);
    const times: number[] = [];
    for (let i = 0; i < 5; i++) {
      await limiter.acquire();
      times.push(clock.now());
    }
    expect(times).to.deep.equal([0, 0, 102, 1020, 1020]);
  });

  it('holds everyone after a 429 until Retry-After has passed', async () => {
    const clock = new FakeClock(0);
    const limiter = new RateLimiter([{ max: 100, windowMs: 60000 }], clock);
    limiter.holdUntilTime(2128);
    await limiter.acquire();
    expect(clock.now()).to.equal(2128);
  });

  it('serves concurrent callers in order without exceeding the window', async () => {
    const clock = new FakeClock(0);
    const limiter = new RateLimiter([{ max: 2, windowMs: 500 }], clock);
    const order: Array<[number, number]> = [];
    await Promise.all([0, 1, 2, 3].map((i) => limiter.acquire().then(() => order.push([i, clock.now()]))));
    expect(order).to.deep.equal([[0, 0], [1, 0], [2, 510], [3, 510]]);
  });

  it('gives a minute window one second of slack', () => {
    expect(windowSlackMs(60_000)).to.equal(1000);
    expect(windowSlackMs(3_600_000)).to.equal(1000);
    expect(windowSlackMs(100)).to.equal(2);
  });

  it('documented limits, and none when pacing is off', () => {
    const pacing = { graphPerMinute: 150, mdePerMinute: 100 };
    expect(windowsFor('graph', pacing)).to.deep.equal([{ max: 150, windowMs: 60000 }]);
    expect(windowsFor('mde', pacing)).to.deep.equal([{ max: 100, windowMs: 60000 }, { max: 1500, windowMs: 3600000 }]);
    expect(windowsFor('mde-batch-update', pacing)).to.deep.equal([{ max: 10, windowMs: 60000 }, { max: 500, windowMs: 3600000 }]);
    expect(windowsFor('graph', { graphPerMinute: 0, mdePerMinute: 0 })).to.deep.equal([]);
  });
});
