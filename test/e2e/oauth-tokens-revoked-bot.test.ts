import { afterAll, describe, expect, test } from 'vitest';
import { useTestApp } from '../helpers/app.js';
import type { FakeInstall } from '../helpers/fake-slack.js';
import { installFromPage, oauthEnv, orgCommand, ORG_INSTALL } from '../helpers/oauth.js';

// tokens_revoked names the bot users whose tokens Slack revoked (`tokens.bot`, user ids, not
// tokens). A workspace of a Grid org served by two installs (its own, and the org's org-wide
// one) has two bots, and the event may be delivered under either's authorization: the desk
// stops the install whose stored bot is named, never the other (it once stopped the one the
// delivery was authorized for). A revocation naming no bot the desk holds is logged and ignored.
const app = useTestApp({ env: oauthEnv() });
// Whatever the tests found, the log never holds a bot token.
afterAll(() => {
  expect(app.rawLogs.join('\n')).not.toMatch(/xox[bp]-/);
});
const ORG = ORG_INSTALL;
const E = ORG.enterpriseId!;
const ORG_TEAM = 'T0INITECH1';
const OWN: FakeInstall = {
  teamId: ORG_TEAM,
  teamName: 'Initech Support',
  enterpriseId: E,
  botToken: 'xoxb-initech-own-secret',
  botUserId: 'U0OWNBOT01',
  botId: 'B0OWNBOT01',
  installerUserId: 'U0ORGUSER1',
};

/** The org installed org-wide, its workspace served by it, then the workspace's own install. */
async function twoInstalls(): Promise<void> {
  await installFromPage(app, 'code-org', ORG);
  const res = await orgCommand(app, ORG, '/ticket', 'help', {
    teamId: ORG_TEAM,
    userId: 'U0ORGUSER1',
  });
  expect(res.status).toBe(200);
  await installFromPage(app, 'code-own', OWN);
}

/** Slack's tokens_revoked naming `bots`, delivered under the workspace's own install. */
function revoked(bots: string[], eventId: string) {
  const now = Math.floor(app.clock.now().getTime() / 1000);
  return app.slack.eventDelivery(
    { type: 'tokens_revoked', tokens: { oauth: [], bot: bots }, event_ts: `${now}.000400` },
    { eventId, installedTeamId: ORG_TEAM, enterpriseId: E, eventTime: now },
  );
}

const stateOf = async (key: string) =>
  (await app.db.models.installations.findOne({ key }).lean())?.state;

describe('tokens_revoked stops the install whose bot it names', () => {
  test('the org install’s bot revoked, delivered with the workspace’s own authorization: the org install stops, the own install goes on', async () => {
    await twoInstalls();
    expect((await revoked([ORG.botUserId], 'Ev0REVBOT01')).status).toBe(200);
    expect(await stateOf(ORG_TEAM)).toBe('active');
    expect(await stateOf(E)).toBe('revoked');
    // The workspace is still served, by its own install: its command is answered.
    app.fake.reset();
    const res = await app.slack.command('/ticket', 'help', {
      teamId: ORG_TEAM,
      userId: 'U0ORGUSER1',
    });
    expect(res.status).toBe(200);
    expect(app.logs.some((l) => l.msg === 'request not authorized: no active install')).toBe(false);
  });

  test('the workspace’s own bot revoked: its own install stops, the org install goes on', async () => {
    await twoInstalls();
    expect((await revoked([OWN.botUserId], 'Ev0REVBOT02')).status).toBe(200);
    expect(await stateOf(ORG_TEAM)).toBe('revoked');
    expect(await stateOf(E)).toBe('active');
  });

  test('a bot the desk holds no install of: logged without ids of people or tokens, nothing stopped', async () => {
    await twoInstalls();
    expect((await revoked(['U0NOTOURS1'], 'Ev0REVBOT03')).status).toBe(200);
    expect(await stateOf(ORG_TEAM)).toBe('active');
    expect(await stateOf(E)).toBe('active');
    const line = app.logs.find((l) => String(l.msg).startsWith('tokens_revoked names no bot'));
    expect(line).toMatchObject({ teamId: ORG_TEAM, enterpriseId: E, bots: 1 });
    expect(JSON.stringify(line)).not.toContain('U0NOTOURS1');
  });
});
