// POST /v1.0/security/runHuntingQuery as the simulator answers it (defender-response.md §4): both body
// casings, the schema with Kusto's type names, ThreatHunting.Read.All, 45 calls/min per tenant, the row cap,
// 400 with Kusto's message and position, and the scripted timeout and CPU-quota faults.
import { expect } from 'chai';
import { manualClock, startSimulator, type Simulator, type SimulatorOptions } from '../../sandbox/simulator';
import { SCHEMA_TYPE } from '../../sandbox/simulator/hunting/route';
import { HUNTING_TABLES, huntingRows, huntingWorld } from '../../sandbox/simulator/tables';
import { call, token, type Reply } from './helpers';
import { processSource, T0 } from './hunting-rows';

const NOW = T0 + 100 * 60_000;

describe('simulator runHuntingQuery', () => {
  let sim: Simulator | undefined;
  afterEach(async () => {
    await sim?.stop();
    sim = undefined;
  });

  async function start(extra: SimulatorOptions = {}): Promise<{ hunt: (body: unknown, app?: number) => Promise<Reply>; sim: Simulator }> {
    const clock = manualClock(NOW);
    const s = await startSimulator({ seed: 3, incidents: 5, clock, ...extra, hunting: { source: () => processSource(100), ...extra.hunting } });
    sim = s;
    const bearers = new Map<number, string>();
    const hunt = async (body: unknown, app = 0): Promise<Reply> => {
      if (!bearers.has(app)) bearers.set(app, await token(s, 'graph', app));
      return call(s, 'POST', `${s.graphUrl}/v1.0/security/runHuntingQuery`, { headers: { Authorization: `Bearer ${bearers.get(app)}` }, body });
    };
    return { hunt, sim: s };
  }

  it('answers {schema, results} with Kusto type names; Query/Timespan and query/timespan both work', async () => {
    const { hunt } = await start();
    const pascal = await hunt({ Query: 'DeviceProcessEvents | project Timestamp, FileName, ProcessId, IsElevated, AdditionalFields | take 2', Timespan: 'P1D' });
    expect(pascal.status).to.equal(200);
    expect(pascal.json.schema).to.deep.equal([
      { name: 'Timestamp', type: 'DateTime' },
      { name: 'FileName', type: 'String' },
      { name: 'ProcessId', type: 'Int64' },
      { name: 'IsElevated', type: 'Boolean' },
      { name: 'AdditionalFields', type: 'Object' },
    ]);
    expect(pascal.json.results).to.deep.equal([
      { Timestamp: '2026-11-01T00:00:00.0000000Z', FileName: 'powershell.exe', ProcessId: 1000, IsElevated: true, AdditionalFields: null },
      { Timestamp: '2026-11-01T00:01:00.0000001Z', FileName: 'cmd.exe', ProcessId: 1001, IsElevated: false, AdditionalFields: { Sequence: 1, Tags: ['a', 'b'] } },
    ]);
    const camel = await hunt({ query: 'DeviceProcessEvents | summarize count() by FileName', timespan: 'PT10M' });
    expect(camel.json.schema).to.deep.equal([{ name: 'FileName', type: 'String' }, { name: 'count_', type: 'Int64' }]);
    expect(camel.json.results.map((r: any) => [r.FileName, r.count_])).to.deep.equal([['PowerShell_ISE.exe', 3], ['notepad.exe', 3], ['powershell.exe', 2], ['cmd.exe', 2]]);
  });

  it("prints schema items as Name/Type when told to (the casing Microsoft's live answers show)", async () => {
    const { hunt } = await start({ hunting: { schemaCase: 'pascal' } });
    const r = await hunt({ Query: 'DeviceProcessEvents | project DeviceName | take 1' });
    expect(r.json.schema).to.deep.equal([{ Name: 'DeviceName', Type: 'String' }]);
  });

  it('refuses bodies without a query and parameters it does not know', async () => {
    const { hunt } = await start();
    expect((await hunt({ Timespan: 'P1D' })).json.error).to.deep.include({ code: 'BadRequest', message: "The parameter 'Query' is required and must be a non-empty string." });
    expect((await hunt({ Query: 'DeviceProcessEvents', TimeRange: 'P1D' })).json.error.message).to.equal(
      "The parameter 'TimeRange' in the request payload is not a valid parameter for the operation 'runHuntingQuery'.",
    );
    expect((await hunt({ Query: 'DeviceProcessEvents', Timespan: 'yesterday' })).json.error.message).to.match(/^Invalid timespan 'yesterday'/);
  });

  it('answers a KQL error with 400, Kusto\'s message and the position', async () => {
    const { hunt } = await start();
    const syntax = await hunt({ Query: 'DeviceProcessEvents | where | take 1' });
    expect(syntax.status).to.equal(400);
    expect(syntax.json.error.code).to.equal('BadRequest');
    expect(syntax.json.error.message).to.equal("Syntax error: A recognition error occurred. Query could not be parsed at '|' on line [1,29]");
    const table = await hunt({ Query: 'EmailEventz | take 1' });
    expect(table.json.error.message).to.equal("Semantic error: Failed to resolve table or column expression named 'EmailEventz' [line:position=1:1]");
  });

  it('refuses an app without ThreatHunting.Read.All with 403 naming the role', async () => {
    const { hunt } = await start();
    const r = await hunt({ Query: 'DeviceProcessEvents | take 1' }, 2);
    expect(r.status).to.equal(403);
    expect(r.json.error.message).to.equal('Missing application roles. API required roles: ThreatHunting.Read.All, application roles: .');
  });

  it('allows 45 calls per minute per tenant, then 429 with Retry-After and the quota in the body', async () => {
    const { hunt, sim: s } = await start();
    for (let i = 0; i < 45; i++) expect((await hunt({ Query: 'DeviceProcessEvents | take 1' }, i % 2)).status, `call ${i + 1}`).to.equal(200);
    const r = await hunt({ Query: 'DeviceProcessEvents | take 1' }, 1);
    expect(r.status).to.equal(429);
    expect(r.headers['retry-after']).to.equal('60');
    expect(r.json.error).to.deep.include({ code: 'TooManyRequests', message: 'API calls quota exceeded! maximum allowed 45 per 00:01:00' });
    (s.clock as ReturnType<typeof manualClock>).advance(60_001);
    expect((await hunt({ Query: 'DeviceProcessEvents | take 1' })).status).to.equal(200);
  });

  it('returns at most the row cap and nothing says more rows existed', async () => {
    const { hunt } = await start({ hunting: { rowCap: 40 } });
    const r = await hunt({ Query: 'DeviceProcessEvents', Timespan: 'P1D' });
    expect(r.status).to.equal(200);
    expect(r.json.results).to.have.length(40);
    expect(Object.keys(r.json)).to.deep.equal(['@odata.context', 'schema', 'results']);
  });

  it('scripts the 3-minute timeout (400) and the CPU quota (429 until the next 15-minute cycle)', async () => {
    const { hunt, sim: s } = await start();
    s.faults.add({ kind: 'hunting', error: 'timeout', ms: 20 });
    s.faults.add({ kind: 'hunting', error: 'cpuQuota' });
    const timeout = await hunt({ Query: 'DeviceProcessEvents | take 1' });
    expect(timeout.status).to.equal(400);
    expect(timeout.json.error.message).to.match(/^Query exceeded the timeout period\./);
    const cpu = await hunt({ Query: 'DeviceProcessEvents | take 1' });
    expect(cpu.status).to.equal(429);
    expect(cpu.json.error.message).to.match(/^CPU resources quota exceeded!/);
    expect(cpu.headers['retry-after']).to.equal(String(15 * 60 - ((NOW / 1000) % 900)));
    expect((await hunt({ Query: 'DeviceProcessEvents | take 1' })).status).to.equal(200);
  });

  it("serves the tenant's generated tables by default: every table, its schema, rows of the tenant's own devices", async () => {
    const clock = manualClock(NOW);
    const s = await startSimulator({ seed: 3, incidents: 20, clock, rateLimits: false });
    sim = s;
    const bearer = await token(s);
    const hunt = (body: unknown) => call(s, 'POST', `${s.graphUrl}/v1.0/security/runHuntingQuery`, { headers: { Authorization: `Bearer ${bearer}` }, body });
    for (const [name, table] of Object.entries(HUNTING_TABLES)) {
      const r = await hunt({ Query: `${name} | take 2`, Timespan: 'P1D' });
      expect(r.status, name).to.equal(200);
      expect(r.json.schema, name).to.deep.equal(table.columns.map((c) => ({ name: c.name, type: SCHEMA_TYPE[c.type] })));
    }
    const world = huntingWorld(s.data.tenant(), { seed: 3 });
    const device = world.devices[0]!;
    const r = await hunt({ Query: `DeviceProcessEvents | where DeviceId == '${device.id}' | summarize count() by DeviceName`, Timespan: 'P1D' });
    const expected = [...huntingRows(world, 'DeviceProcessEvents', new Date(NOW - 86_400_000), new Date(NOW))].filter((row) => row.DeviceId === device.id).length;
    expect(expected).to.be.greaterThan(0);
    expect(r.json.results).to.deep.equal([{ DeviceName: device.name, count_: expected }]);
  });
});
