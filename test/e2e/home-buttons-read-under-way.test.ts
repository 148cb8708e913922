// A manager's Send them again (or an admin's Dismiss) redraws the clicker's Home at once; on this
// instance another manager's Home may still be reading the team part (its outbox counts read
// before the click, not yet returned, as a slow read under load is). The click's Home joins no
// such read: it reads the team part anew, so it does not show the messages still given up.
import { expect, test } from 'vitest';
import { useTestApp } from '../helpers/app.js';
import { holdTeamRead } from '../helpers/hold.js';
import { makeTicket } from '../helpers/factories.js';

const [CLICKER, OPENER] = ['U0MANAGER1', 'U0MANAGER2'];
const app = useTestApp({ env: { TRIAGE_CHANNEL_ID: 'C0TRIAGE01' }, now: '2026-11-24T02:00:00Z' });

test("Send them again: the clicker's Home joins no team read begun before the messages were revived", async () => {
  await app.setSettings(() => ({ managers: [CLICKER, OPENER], admins: [] }));
  app.fake.failNext('chat.postMessage', 'not_in_channel', 100);
  await makeTicket(app);
  for (let i = 0; i < 25; i++) {
    app.clock.advance(31 * 60_000);
    await app.desk.outbox.drain();
  }
  expect(await app.db.models.outbox.countDocuments({ state: 'dead' })).toBeGreaterThan(0);
  app.fake.reset();

  // The opener's Home reads the team's unassigned queue; its answer is held.
  const { reached, asked, release, restore } = holdTeamRead(app, (ctx) => ctx.actor === CLICKER);
  try {
    const opened = app.slack.event({
      type: 'app_home_opened',
      user: OPENER,
      channel: 'D0HOME0001',
      tab: 'home',
    });
    await reached;
    const clicked = app.slack.blockAction(
      { action_id: 'home_resend_undelivered', value: 'dead', block_id: 'home_outbox' },
      { userId: CLICKER },
    );
    // The click's Home asked for the team part while the opener's read is still under way.
    await asked;
    release();
    await Promise.all([opened, clicked]);
  } finally {
    restore();
  }
  const views = app.fake.homesPublishedTo(CLICKER);
  expect(views.length).toBeGreaterThan(0);
  expect(JSON.stringify(views[0]!.args.view)).not.toContain('could not be delivered');
}, 120_000);
