// App Home redraws a settings change writes on one instance, delivered by another: drawn from the
// new settings, though that instance's cached copy is young, its clock runs ahead of the writer's,
// or the Home was owed already before the change. Two apps from the desk's factory on one
// database, both serving Slack's requests.
import { afterAll, beforeAll, beforeEach, describe, expect, inject, test } from 'vitest';
import { createDeskApp, type DeskApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import type { EngineKind } from '../../src/db/engine.js';
import { createLogger } from '../../src/logger.js';
import { HOME_COALESCE_MS } from '../../src/notify/home.js';
import { SETTINGS_FRESH_MS } from '../../src/workspace/service.js';
import { TEST_BOT_TOKEN, TEST_SIGNING_SECRET, useTestApp } from '../helpers/app.js';
import { SlackRequests } from '../helpers/slack-requests.js';

const ADMIN = 'U0ADMIN001';
const AGENT = 'U0AGENT001';
const AGENT2 = 'U0AGENT002';
const NO_MANAGERS = 'No managers are set';

const app = useTestApp({ env: { ADMIN_USER_IDS: ADMIN }, now: '2026-11-24T02:00:00Z' });

/** How far instance B's clock runs ahead of A's (the test's). */
let skewMs = 0;
/** Instance B: the same factory and database, its own settings cache, its clock `skewMs` ahead. */
let b: { desk: DeskApp; slack: SlackRequests };

beforeAll(async () => {
  const config = loadConfig({
    SLACK_BOT_TOKEN: TEST_BOT_TOKEN,
    SLACK_SIGNING_SECRET: TEST_SIGNING_SECRET,
    SLACK_API_URL: app.fake.apiUrl,
    ADMIN_USER_IDS: ADMIN,
    PORT: '0',
  });
  const desk = createDeskApp(
    {
      config,
      db: app.db,
      engine: inject('mongoEngine') as EngineKind,
      log: createLogger('silent'),
      clock: { now: () => new Date(app.clock.now().getTime() + skewMs) },
    },
    {
      processBeforeResponse: true,
      submitAckBudgetMs: null,
      outboxLoop: false,
      instanceId: 'b',
      slackRetries: { retries: 0 },
    },
  );
  const port = await desk.start();
  b = { desk, slack: new SlackRequests(`http://127.0.0.1:${port}`, TEST_SIGNING_SECRET, app.fake) };
});

afterAll(async () => {
  await b?.desk.stop();
});

beforeEach(async () => {
  skewMs = 0;
  b.desk.services.workspaces.forget();
  await app.setSettings(() => ({ managers: [], agents: [AGENT, AGENT2], openDesk: false }));
});

/** `/desk roles` saved on instance A by the admin, `form` over what the modal holds. */
async function saveRolesOnA(form: Record<string, string>) {
  await app.slack.command('/desk', 'roles', { userId: ADMIN });
  const modal = app.fake.callsTo('views.open').at(-1)!.args.view as Record<string, any>;
  expect((await app.slack.submitView(modal, form, { userId: ADMIN })).body).toBe('');
}

/** The person opens their App Home on instance B: B reads (and caches) the settings now. */
async function homeOpenedOnB(user: string) {
  await b.slack.event({ type: 'app_home_opened', user, channel: 'D0HOME0001', tab: 'home' });
}

const lastHome = (user: string) =>
  JSON.stringify(
    app.fake
      .callsTo('views.publish')
      .filter((c) => c.args.user_id === user)
      .at(-1)?.args.view ?? null,
  );

describe('App Home redraws of a settings change, delivered by another instance', () => {
  test('/desk roles saved on A, the redraws delivered by B (its copy of the settings read a moment before, its clock 1 s ahead): they show the new manager', async () => {
    skewMs = 1_000;
    // B in use: a Home opened there just now (its cache checked at A's time + 1 s).
    await homeOpenedOnB(AGENT);
    expect(lastHome(AGENT)).not.toContain('"Team"');
    // A writes the change and its redraws at its own time, a second "before" B's check.
    await saveRolesOnA({ managers: AGENT });
    const published = app.fake.callsTo('views.publish').length;
    // Due HOME_COALESCE_MS later, while B's copy is younger than SETTINGS_FRESH_MS.
    app.clock.advance(HOME_COALESCE_MS);
    expect(HOME_COALESCE_MS).toBeLessThan(SETTINGS_FRESH_MS);
    await b.desk.outbox.drain();
    expect(app.fake.callsTo('views.publish').length).toBeGreaterThan(published);
    expect(lastHome(AGENT)).toContain('"Team"');
    expect(lastHome(ADMIN)).not.toContain(NO_MANAGERS);
    expect(await app.db.models.outbox.countDocuments({ kind: 'home', state: 'pending' })).toBe(0);
  });

  test("a Home owed before the change, alone in B's pass: drawn from the settings the change wrote, not from B's copy read between", async () => {
    // A first save: the admin's Home owed (due in HOME_COALESCE_MS), still the old managers.
    await saveRolesOnA({ agents: AGENT });
    const owed = await app.db.models.outbox.findOne({ key: `home:${ADMIN}` }).lean();
    expect(owed?.state).toBe('pending');
    // A second later B reads the settings (a Home opened there), then A saves a manager: the
    // admin's owed Home is written again (coalesced), the new manager's is owed from now.
    app.clock.advance(1_000);
    await homeOpenedOnB(AGENT2);
    await saveRolesOnA({ managers: AGENT });
    // B's pass when the Homes of the first save are due (the admin's, the demoted agent's),
    // only those: the new manager's, written by the second, is not due yet.
    app.clock.set(owed!.nextAt.toISOString());
    const published = app.fake.callsTo('views.publish').length;
    await b.desk.outbox.drain();
    const pass = app.fake.callsTo('views.publish').slice(published);
    expect(pass.map((c) => c.args.user_id).sort()).toEqual([ADMIN, AGENT2]);
    expect(lastHome(ADMIN)).not.toContain(NO_MANAGERS);
    // And the new manager's, at its time.
    app.clock.advance(1_000);
    await b.desk.outbox.drain();
    expect(lastHome(AGENT)).toContain('"Team"');
    expect(await app.db.models.outbox.countDocuments({ kind: 'home', state: 'pending' })).toBe(0);
  });
});
