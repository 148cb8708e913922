// `/desk roles` asks Slack's users.info who the people picked are (bots, deactivated accounts and
// guests are refused), within a short wait: a Slack slower than that, or one that refuses the
// question (an old install without `users:read` answers `missing_scope`), must not block the
// admin. The roles are then saved unchecked, and the log says so without naming anyone.
// Through the real Bolt HTTP path: signed requests, the fake Slack, the test database.
import { expect, test } from 'vitest';
import { useTestApp } from '../helpers/app.js';
import { FAKE_BOT_USER_ID, FAKE_GUEST_USER_ID } from '../helpers/fake-slack.js';
import { settingsKit } from '../helpers/settings.js';

const ADMIN = 'U0ADMIN001';
const MANAGER = 'U0MANAGER1';
/** How long the roles modal waits for users.info here (production: PEOPLE_CHECK_MS). */
const WAIT_MS = 150;

const app = useTestApp({
  env: { ADMIN_USER_IDS: ADMIN },
  now: '2026-11-24T02:00:00Z',
  peopleCheckMs: WAIT_MS,
});

const { settings } = settingsKit(app, ADMIN);

async function saveRoles(form: Record<string, string>) {
  await app.slack.command('/desk', 'roles', { userId: ADMIN });
  const view = app.fake.callsTo('views.open').at(-1)!.args.view as Record<string, unknown>;
  return app.slack.submitView(view, form, { userId: ADMIN });
}

/** A first save: Slack describes the admin and the manager, remembered for a while. */
async function knownAlready() {
  expect((await saveRoles({ managers: MANAGER })).body).toBe('');
  app.fake.reset();
}

/** Nothing the log wrote names the person: neither their id nor their name. */
function logsName(userId: string, name: string): boolean {
  return app.rawLogs.some((line) => line.includes(userId) || line.includes(name));
}

test('Slack slower than the wait: the roles are saved unchecked and the admin is not kept waiting; the late answer counts at the next save', async () => {
  await knownAlready();
  // users.info for the bot is held: Slack answers only when the test lets it.
  const held = app.fake.holdNext('users.info');
  const res = await saveRoles({ managers: `${MANAGER},${FAKE_BOT_USER_ID}` });
  expect(res.body).toBe('');
  await held.arrived;
  // Saved as given, the bot among the managers (Slack did not say in time who it is).
  expect((await settings()).managers).toEqual([MANAGER, FAKE_BOT_USER_ID]);
  const late = app.logs.filter((l) => l.msg === 'users.info late: roles accepted');
  expect(late).toEqual([expect.objectContaining({ waitMs: WAIT_MS, asked: 1 })]);
  expect(logsName(FAKE_BOT_USER_ID, 'Care Desk')).toBe(false);

  // Slack answers late; the next save is checked and the bot refused on its list.
  held.release();
  const next = await saveRoles({ managers: `${MANAGER},${FAKE_BOT_USER_ID}` });
  expect(next.body).toEqual({
    response_action: 'errors',
    errors: { managers: 'Bots cannot hold a desk role: Care Desk. Remove them from this list.' },
  });
});

test('users.info refused (missing_scope: an old install without users:read): the roles are saved unchecked, the error logged without the person', async () => {
  await knownAlready();
  app.fake.failNext('users.info', 'missing_scope');
  const res = await saveRoles({ agents: FAKE_GUEST_USER_ID });
  expect(res.body).toBe('');
  expect((await settings()).agents).toEqual([FAKE_GUEST_USER_ID]);
  expect(app.fake.callsTo('users.info').map((c) => [c.args.user, c.outcome])).toEqual([
    [FAKE_GUEST_USER_ID, 'error'],
  ]);
  const failed = app.logs.filter((l) => l.msg === 'users.info failed: the person is accepted');
  expect(failed).toEqual([expect.objectContaining({ error: 'missing_scope' })]);
  expect(logsName(FAKE_GUEST_USER_ID, 'Wang Fang')).toBe(false);
});

test('a refused person’s long name is quoted to 80 characters, never inside an emoji', async () => {
  const bot = 'U0LONGBOT1';
  // 78 letters, then a ZWJ sequence (5 UTF-16 units) across the 80th: it is left out whole.
  app.fake.users.set(bot, { id: bot, real_name: `${'x'.repeat(78)}👩\u200D💻 Bot`, is_bot: true });
  const res = await saveRoles({ managers: `${MANAGER},${bot}` });
  expect(res.body).toEqual({
    response_action: 'errors',
    errors: {
      managers: `Bots cannot hold a desk role: ${'x'.repeat(78)}. Remove them from this list.`,
    },
  });
});
