import { afterAll, describe, expect, test } from 'vitest';
import { useTestApp } from '../helpers/app.js';
import { ACME_INSTALL, GLOBEX_INSTALL, installFromPage, oauthEnv } from '../helpers/oauth.js';
import { customerInTeam } from '../helpers/setups-7-customers.js';

// README: an uninstall with `eraseOnUninstall: true` "erases every document of that workspace at
// once". That includes its counters (customer codes, ticket numbers: the `sequences` collection,
// keyed by `_id` `team:kind:period`, no teamId field), which were once left: a reinstall's first
// customer was not C2026001, and the counters still said how many customers the erased desk had.
// Another workspace's counters are untouched.
const app = useTestApp({ env: oauthEnv() });
// Whatever the tests found, the log never holds a bot token.
afterAll(() => {
  expect(app.rawLogs.join('\n')).not.toMatch(/xox[bp]-/);
});
const ACME = ACME_INSTALL;

function uninstalled(teamId: string) {
  const now = Math.floor(app.clock.now().getTime() / 1000);
  return app.slack.eventDelivery(
    { type: 'app_uninstalled', event_ts: `${now}.000400` },
    { eventId: 'Ev0REVOAUTH1', installedTeamId: teamId, eventTime: now },
  );
}

describe('an uninstall that erases the workspace', () => {
  test('leaves nothing of it: a reinstall numbers its customers from the start again', async () => {
    await installFromPage(app, 'code-acme', ACME);
    await installFromPage(app, 'code-globex', GLOBEX_INSTALL);
    const first = await customerInTeam(app, ACME.teamId!, ACME.installerUserId, 'Acme Widgets');
    await customerInTeam(app, ACME.teamId!, ACME.installerUserId, 'Acme Gears');
    await customerInTeam(app, GLOBEX_INSTALL.teamId!, GLOBEX_INSTALL.installerUserId, 'Globex One');
    await app.desk.services.workspaces.update(ACME.teamId!, (s) => ({
      ...s,
      eraseOnUninstall: true,
    }));

    expect((await uninstalled(ACME.teamId!)).status).toBe(200);
    expect(await app.db.models.workspaces.countDocuments({ teamId: ACME.teamId })).toBe(0);
    expect(await app.db.models.customers.countDocuments({ teamId: ACME.teamId })).toBe(0);
    // Globex's counter is untouched.
    const ids = (await app.db.models.sequences.find({}).lean()).map((d) => String(d._id));
    expect(ids.filter((id) => id.startsWith(`${GLOBEX_INSTALL.teamId}:`))).toHaveLength(1);
    // Nothing of Acme is kept.
    expect(ids.filter((id) => id.startsWith(`${ACME.teamId}:`))).toEqual([]);

    app.clock.advance(5_000);
    await installFromPage(app, 'code-acme-again', ACME);
    const again = await customerInTeam(app, ACME.teamId!, ACME.installerUserId, 'Acme Again');
    expect(again.code).toBe(first.code);
  });
});
