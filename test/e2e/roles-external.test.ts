import { expect, test } from 'vitest';
import { useTestApp } from '../helpers/app.js';
import { AGENT, makeCustomer } from '../helpers/factories.js';
import { linkSharedChannel } from '../helpers/slack-connect.js';

// A person of a customer's organisation (Slack Connect) shows in the admin's user pickers through
// the shared channel; users.info describes them with their own workspace's team_id (or
// is_stranger). A desk role would show them every customer's tickets: refused, as a guest is.
const ADMIN = 'U0ADMIN001';
const SHARED = 'C0SHARED01';
const EXTERNAL = 'U0EXTERN01';
const STRANGER = 'U0STRANGE1';
const app = useTestApp({ env: { ADMIN_USER_IDS: ADMIN }, now: '2026-11-24T02:00:00Z' });

async function saveRoles(fields: Record<string, string>) {
  await app.slack.command('/desk', 'roles', { userId: ADMIN });
  const modal = app.fake.callsTo('views.open').at(-1)!.args.view as Record<string, unknown>;
  return app.slack.submitView(modal as never, { admins: ADMIN, ...fields }, { userId: ADMIN });
}

test('a person of another organisation is refused for a desk role, by name, and nothing is saved', async () => {
  app.fake.users.set(EXTERNAL, { id: EXTERNAL, real_name: 'Kim Rival', team: 'T0OTHERORG' });
  app.fake.users.set(STRANGER, { id: STRANGER, real_name: 'Sam Far', is_stranger: true });
  const code = (await makeCustomer(app)).code;
  await linkSharedChannel(app, SHARED, code, ADMIN);
  const res = await saveRoles({ agents: `${AGENT},${EXTERNAL}`, experts: STRANGER });
  const errors = (res.body as { errors?: Record<string, string> }).errors ?? {};
  expect(errors.agents).toContain('People of another organisation cannot');
  expect(errors.agents).toContain('Kim Rival');
  expect(errors.experts).toContain('Sam Far');
  const settings = await app.desk.services.workspaces.settings('T0TEAM0001');
  expect(settings.agents).not.toContain(EXTERNAL);
  expect(settings.agents).not.toContain(AGENT);
});

test('a person whose users.info names this workspace is saved', async () => {
  const SELF = 'U0SELF0001';
  app.fake.users.set(SELF, { id: SELF, team: 'T0TEAM0001' });
  const res = await saveRoles({ agents: `${AGENT},${SELF}` });
  expect((res.body as { errors?: unknown }).errors).toBeUndefined();
  const settings = await app.desk.services.workspaces.settings('T0TEAM0001');
  expect(settings.agents).toEqual([AGENT, SELF]);
});
