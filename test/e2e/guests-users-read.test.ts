// An install Slack will never describe people to (installed without users:read: users.info
// answers missing_scope) keeps every member without a role from the desk's staff reads. The
// admins are told on their App Home, with how to fix it (single-token mode here: the scope added
// in the app's config and the app reinstalled to the workspace), not only the operator's log.
// A file of its own: the refusal is remembered for the install's token, for everyone.
// Through the real Bolt HTTP path: signed requests, the fake Slack, the test database.
import { expect, test } from 'vitest';
import { AGENT, OWNER } from '../helpers/factories.js';
import { ADMIN, useGuestsApp } from '../helpers/guests.js';

const MEMBER = 'U0MEMBER41';

const { app } = useGuestsApp();

const LINE =
  "The desk's bot token lacks the `users:read` permission, so Slack won't say who is a guest of this workspace";
const FIX =
  'add `users:read` to its bot token scopes (*OAuth & Permissions*) and reinstall the app to the workspace';

/** The Home `user` gets when they open the tab. */
async function homeOf(user: string): Promise<string> {
  await app.slack.event({ type: 'app_home_opened', user, channel: 'D0HOME0001', tab: 'home' });
  const publish = app.fake.callsTo('views.publish').at(-1)!;
  expect(publish.args.user_id).toBe(user);
  return JSON.stringify(publish.args.view);
}

test("Slack refuses the install users.info: an admin's Home says so and how to fix it, in English and Chinese", async () => {
  await app.setSettings(() => ({ openDesk: false, agents: [AGENT], accountManagers: [OWNER] }));
  expect(await homeOf(ADMIN)).not.toContain('users:read');

  app.fake.failNext('users.info', 'missing_scope');
  const refused = await app.slack.command('/ticket', 'list', { userId: MEMBER });
  expect(JSON.stringify(refused.body)).toContain('`users:read`');

  const home = await homeOf(ADMIN);
  expect(home).toContain(LINE);
  expect(home).toContain(FIX);
  // Not a line for everyone: an agent's Home has no admin part.
  expect(await homeOf(AGENT)).not.toContain(LINE);

  await app.setSettings(() => ({ locale: 'zh-CN' }));
  expect(await homeOf(ADMIN)).toContain('服务台的 `bot` 令牌没有 `users:read` 权限');
});
