// Enterprise Grid: a person of a sibling workspace of the same org can act in the desk only where
// its install is org-wide (their requests are another organisation's on a workspace's own
// install). The roles check follows the same rule: a role is never given to someone who could
// not act on it (src/slack/organisation.ts).
import { expect, test } from 'vitest';
import { useTestApp } from '../helpers/app.js';
import type { FakeInstall } from '../helpers/fake-slack.js';
import { installFromPage, oauthEnv } from '../helpers/oauth.js';

const app = useTestApp({ env: oauthEnv() });
const E = 'E0INITECH1';
const HOME = 'T0INITECH1';
const SIBLING = 'U0SIBLING1';
/** Initech's workspace T0INITECH1 installing the app itself (not org-wide). */
const WORKSPACE_INSTALL: FakeInstall = {
  teamId: HOME,
  teamName: 'Initech Support',
  enterpriseId: E,
  botToken: 'xoxb-initech-ws-secret',
  botUserId: 'U0WSBOT001',
  botId: 'B0WSBOT001',
  installerUserId: 'U0WSADMIN1',
};

test('on a workspace’s own install of a Grid org, a person of a sibling workspace is refused a role, as their clicks would be', async () => {
  await installFromPage(app, 'code-ws', WORKSPACE_INSTALL);
  app.fake.users.set(SIBLING, {
    id: SIBLING,
    real_name: 'Sib Ling',
    enterprise: { id: E, teams: ['T0INITECH2'] },
  });
  const admin = { teamId: HOME, userId: WORKSPACE_INSTALL.installerUserId };
  await app.slack.command('/desk', 'roles', admin);
  const modal = app.fake.callsTo('views.open').at(-1)!.args.view as Record<string, unknown>;
  const res = await app.slack.submitView(modal, { admins: admin.userId, agents: SIBLING }, admin);
  const errors = (res.body as { errors?: Record<string, string> }).errors ?? {};
  expect(errors.agents).toContain('People of another organisation cannot');
  expect(errors.agents).toContain('Sib Ling');
  expect((await app.desk.services.workspaces.settings(HOME)).agents).not.toContain(SIBLING);
});
