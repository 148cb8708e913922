import { expect, test } from 'vitest';
import { useTestApp } from '../helpers/app.js';
import type { FakeInstall } from '../helpers/fake-slack.js';
import { ACME_INSTALL as ACME, installFromPage, oauthEnv } from '../helpers/oauth.js';

// OAuth mode with ADMIN_USER_IDS set (the operator's own id, from the workspace they run the
// desk in): the seed goes to every new workspace alike, where that id may be nobody. And with
// DEFAULT_LOCALE set (to its default, en): the operator's choice, not the installer's browser.
const OPERATOR = 'U0OPERATR1';
const app = useTestApp({
  env: { ...oauthEnv(), ADMIN_USER_IDS: OPERATOR, DEFAULT_LOCALE: 'en' },
});

/** A person installing the app from the desk's install page, as a browser would. */
const install = (code: string, grant: FakeInstall, language?: string) =>
  installFromPage(app, code, grant, language);

test('with DEFAULT_LOCALE set (even to en, its default), a workspace installed from a Chinese browser speaks it, not the browser’s language', async () => {
  await install('code-acme-zh', ACME, 'zh-CN,zh;q=0.9,en;q=0.8');
  expect((await app.desk.services.workspaces.stored(ACME.teamId!)).settings.locale).toBe('en');
  // Its first reply is in English.
  const res = await app.slack.command('/ticket', 'help', {
    teamId: ACME.teamId!,
    userId: ACME.installerUserId!,
  });
  const replies = JSON.stringify(res.body) + JSON.stringify(app.fake.callsTo('response_url'));
  expect(replies).toMatch(/ticket/i);
  expect(replies).not.toMatch(/工单/);
});

test('with ADMIN_USER_IDS seeded, the person who installs a workspace can still set up its desk', async () => {
  await install('code-acme', ACME);
  app.fake.reset();
  await app.slack.command('/desk', 'settings', {
    teamId: ACME.teamId!,
    userId: ACME.installerUserId,
  });
  expect(app.fake.callsTo('views.open').map((c) => c.token)).toEqual([ACME.botToken]);
  const { admins } = await app.desk.services.workspaces.settings(ACME.teamId!);
  expect(admins.sort()).toEqual([ACME.installerUserId, OPERATOR].sort());

  // Admins edited since are kept as they are on a reinstall by someone else.
  await app.desk.services.workspaces.update(ACME.teamId!, (s) => ({
    ...s,
    admins: ['U0KEEPER01'],
  }));
  await install('code-again', { ...ACME, installerUserId: 'U0OTHERAD1' });
  expect((await app.desk.services.workspaces.settings(ACME.teamId!)).admins).toEqual([
    'U0KEEPER01',
  ]);
});

test('admins chosen in /desk roles are kept on a reinstall, even when they are exactly the seeds', async () => {
  await install('code-acme', ACME);
  // The first admin leaves only the operator as admin, deliberately.
  const view = async (userId: string) => {
    await app.slack.command('/desk', 'roles', { teamId: ACME.teamId!, userId });
    return app.fake.callsTo('views.open').at(-1)!.args.view as any;
  };
  const res = await app.slack.viewSubmission(
    await view(ACME.installerUserId!),
    { admins: { v: { type: 'multi_users_select', selected_users: [OPERATOR] } } },
    { teamId: ACME.teamId!, userId: ACME.installerUserId },
  );
  expect(res.body).toBe('');
  expect((await app.desk.services.workspaces.settings(ACME.teamId!)).admins).toEqual([OPERATOR]);

  // The person removed reinstalls the app (a new scope, say): not an admin again.
  await install('code-again', ACME);
  expect((await app.desk.services.workspaces.settings(ACME.teamId!)).admins).toEqual([OPERATOR]);
});
