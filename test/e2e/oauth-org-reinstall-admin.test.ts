import { describe, expect, test } from 'vitest';
import { useTestApp } from '../helpers/app.js';
import {
  installFromPage,
  oauthEnv,
  orgCommand,
  orgUninstalled,
  ORG_INSTALL,
} from '../helpers/oauth.js';

// An org-wide install's workspace erased at the org's uninstall (its eraseOnUninstall), then the
// org installed again: the erase takes the workspace off the org install's list (which the
// reinstall keeps), so its first request since lists it again and seeds the org's installer, and
// only them, as its first admin.
const app = useTestApp({ env: oauthEnv() });
const ORG = ORG_INSTALL;
const T = 'T0INITECH1';
const installer = { userId: ORG.installerUserId, teamId: T };

/** The org installed, `T` served and set to be erased, the org uninstalled, then installed again. */
async function erasedThenReinstalled(): Promise<void> {
  await installFromPage(app, 'code-org', ORG);
  expect((await orgCommand(app, ORG, '/ticket', 'help', installer)).status).toBe(200);
  await app.desk.services.workspaces.update(T, (s) => ({ ...s, eraseOnUninstall: true }));
  expect((await orgUninstalled(app, ORG, { teamId: T, eventId: 'Ev0ORGUNINST' })).status).toBe(200);
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
