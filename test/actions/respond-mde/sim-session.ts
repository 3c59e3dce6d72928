// A Defender session of the add-on against the simulator, in process, on one virtual clock: the add-on's
// sleeps (pacing, Retry-After, following machine actions) move the simulator's time, so nothing waits.
import { manualClock, startSimulator, type ManualClock, type Simulator, type SimulatorOptions } from '../../../sandbox/simulator';
import { parseAccount } from '../../../src/config/account';
import { parseSettings } from '../../../src/config/settings';
import type { Clock } from '../../../src/defender/rate-limiter';
import { openSession, type DefenderSession } from '../../../src/defender/session';

export interface SimWorld {
  sim: Simulator;
  simClock: ManualClock;
  clock: Clock & { sleeps: number[] };
  session(app?: number, pacing?: boolean): DefenderSession;
  stop(): Promise<void>;
}

export async function simWorld(o: SimulatorOptions = {}): Promise<SimWorld> {
  const simClock = manualClock(Date.UTC(2026, 11, 3, 12));
  const sim = await startSimulator({ seed: 5, incidents: 2, rateLimits: false, clock: simClock, ...o });
  const sleeps: number[] = [];
  const clock = {
    sleeps,
    now: () => simClock.now(),
    sleep: async (ms: number) => {
      sleeps.push(ms);
      simClock.advance(ms);
    },
  };
  const tenant = sim.tenants[0]!;
  const sessions = new Map<string, DefenderSession>();
  return {
    sim,
    simClock,
    clock,
    session(app = 0, pacing = true) {
      const cached = sessions.get(`${app}|${pacing}`);
      if (cached) return cached;
      const a = tenant.apps[app]!;
      const account = parseAccount('prod', {
        tenant_id: tenant.tenantId, client_id: a.clientId, auth_type: 'client_secret', cloud: 'custom',
        login_url: sim.loginUrl, graph_url: sim.graphUrl, mde_url: sim.mdeUrl,
      });
      const settings = parseSettings({ network: { ca_bundle: sim.caPem, ...(pacing ? {} : { graph_requests_per_minute: '0', mde_requests_per_minute: '0' }) } });
      const session = openSession({ account, secret: a.clientSecret!, settings, clock });
      sessions.set(`${app}|${pacing}`, session);
      return session;
    },
    stop: () => sim.stop(),
  };
}
