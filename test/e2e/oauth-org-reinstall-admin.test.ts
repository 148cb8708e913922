import { describe, expect, test } from 'vitest';
import { useTestApp } from '../helpers/app.js';
import { installFromPage, oauthEnv, orgCommand, ORG_INSTALL } from '../helpers/oauth.js';

// An org-wide install's workspace erased at the org's uninstall (its eraseOnUninstall), then the
// org installed again: the erase takes the workspace off the org install's list (which the
// reinstall keeps), so its first request since lists it again and seeds the org's installer, and
// only them, as its first admin.
const app = useTestApp({ env: oauthEnv() });
const ORG = ORG_INSTALL;
const E = ORG.enterpriseId!;
const T = 'T0INITECH1';
const installer = { userId: ORG.installerUserId, teamId: T };

/** The org installed, `T` served and set to be erased, the org uninstalled, then installed again. */
async function erasedThenReinstalled(): Promise<void> {
  await installFromPage(app, 'code-org', ORG);
  expect((await orgCommand(app, ORG, '/ticket', 'help', installer)).status).toBe(200);
  await app.desk.services.workspaces.update(T, (s) => ({ ...s, eraseOnUninstall: true }));
  const now = Math.floor(app.clock.now().getTime() / 1000);
  const body = {
    token: 'legacy-verification-token',
    team_id: T,
    enterprise_id: E,
    api_app_id: 'A0APP00001',
    event: { type: 'app_uninstalled', event_ts: `${now}.000400` },
    type: 'event_callback',
    event_id: 'Ev0ORGUNINST',
    event_time: now,
    authorizations: [
      {
        enterprise_id: E,
        team_id: null,
        user_id: ORG.botUserId,
        is_bot: true,
        is_enterprise_install: true,
      },
    ],
  };
  expect((await app.slack.post(JSON.stringify(body), 'application/json')).status).toBe(200);
  expect(await app.db.models.workspaces.countDocuments({ teamId: T })).toBe(0);
  app.clock.advance(5_000);
  await installFromPage(app, 'code-org-again', ORG);
  app.fake.reset();
}

describe('org reinstall after an erase', () => {
  test('the erased workspace’s installer can open its settings again', async () => {
    await erasedThenReinstalled();
    expect((await orgCommand(app, ORG, '/desk', 'settings', installer)).status).toBe(200);
    const told = app.fake.callsTo('response_url').map((c) => String(c.args.text ?? ''));
    expect(told).toEqual([]);
    expect(app.fake.callsTo('views.open')).toHaveLength(1);
  });

  test('a non-installer’s first request makes the installer the admin, not them', async () => {
    await erasedThenReinstalled();
    const other = { userId: 'U0ORGOTHER', teamId: T };
    expect((await orgCommand(app, ORG, '/desk', 'settings', other)).status).toBe(200);
    expect(app.fake.callsTo('views.open')).toHaveLength(0);
    const { admins } = await app.desk.services.workspaces.settings(T);
    expect(admins).toContain(ORG.installerUserId);
    expect(admins).not.toContain('U0ORGOTHER');
  });
});
