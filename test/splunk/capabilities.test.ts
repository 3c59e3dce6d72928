// Capability checks against the splunkd stand-in with the add-on's own default/authorize.conf installed: who has
// defender_sync_hunt and defender_sync_respond, and what a refusal says.
import { expect } from 'chai';
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Splunkd, startSplunkd } from '../../sandbox/splunkd/index';
import { CAPABILITY_HUNT, CAPABILITY_RESPOND, CapabilityError, callerContext, requireCapability } from '../../src/splunk/capabilities';
import { SplunkdClient } from '../../src/splunk/rest';
import { repoRoot } from '../helpers/shared';

describe('splunk/capabilities: run-time checks with the app authorize.conf', () => {
  let home: string;
  let splunkd: Splunkd;
  const clients: SplunkdClient[] = [];
  const clientFor = (user: string): SplunkdClient => {
    const c = new SplunkdClient({ serverUri: splunkd.uri, sessionKey: splunkd.sessionKeyFor(user) });
    clients.push(c);
    return c;
  };

  before(async () => {
    home = mkdtempSync(join(tmpdir(), 'ds-capabilities-'));
    const app = join(home, 'etc', 'apps', 'TA_defender_sync');
    mkdirSync(join(app, 'default'), { recursive: true });
    cpSync(join(repoRoot, 'default', 'authorize.conf'), join(app, 'default', 'authorize.conf'));
    writeFileSync(join(app, 'default', 'app.conf'), '[package]\nid = TA_defender_sync\n');
    splunkd = await startSplunkd({
      splunkHome: home,
      users: [
        { name: 'admin', password: 'changeme', roles: ['admin'] },
        { name: 'analyst', password: 'changeme', roles: ['user'] },
        { name: 'hunter', password: 'changeme', roles: ['defender_sync_hunter'] },
        { name: 'responder', password: 'changeme', roles: ['defender_sync_responder'] },
      ],
    });
  });
  after(async () => {
    for (const c of clients) c.close();
    await splunkd.stop();
    rmSync(home, { recursive: true, force: true });
  });

  it('admin has both capabilities', async () => {
    expect(await requireCapability(clientFor('admin'), CAPABILITY_HUNT)).to.deep.equal({ user: 'admin' });
    expect(await requireCapability(clientFor('admin'), CAPABILITY_RESPOND)).to.deep.equal({ user: 'admin' });
  });

  it('the hunter role may hunt (and read credentials, and search through importRoles = user) but not respond', async () => {
    const ctx = await callerContext(clientFor('hunter'));
    expect(ctx.user).to.equal('hunter');
    expect(ctx.capabilities).to.include.members([CAPABILITY_HUNT, 'list_storage_passwords', 'search']);
    expect(ctx.capabilities).to.not.include(CAPABILITY_RESPOND);
    await requireCapability(clientFor('hunter'), CAPABILITY_HUNT);
    const err = await requireCapability(clientFor('hunter'), CAPABILITY_RESPOND).catch((e: unknown) => e);
    expect(err).to.be.instanceOf(CapabilityError);
  });

  it('the responder role may respond but not hunt', async () => {
    await requireCapability(clientFor('responder'), CAPABILITY_RESPOND);
    const err = await requireCapability(clientFor('responder'), CAPABILITY_HUNT).catch((e: unknown) => e);
    expect(err).to.be.instanceOf(CapabilityError);
  });

  it('a plain user is refused with a message naming the user, the capability and the role that grants it', async () => {
    const err = (await requireCapability(clientFor('analyst'), CAPABILITY_HUNT).catch((e: unknown) => e)) as CapabilityError;
    expect(err).to.be.instanceOf(CapabilityError);
    expect(err.message).to.equal(
      "user 'analyst' lacks the capability 'defender_sync_hunt' that this requires: ask a Splunk admin to give your role " +
        'that capability (Settings > Roles), or to give you the role defender_sync_hunter, which has it.',
    );
    expect(err.capability).to.equal(CAPABILITY_HUNT);
  });
});
