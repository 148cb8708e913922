// An outbox pass draws the managers' Homes for a change (a new ticket); on this instance a Home
// opened just before that change may still be reading the team part (its answer read before the
// ticket, not yet returned, as a slow read under load is). The pass joins no such read: it reads
// the team part anew, so its Homes show the ticket (homeh1 H1, as settings-cache 'a copy gone
// stale is read again…' for the settings).
import { expect, test } from 'vitest';
import { useTestApp } from '../helpers/app.js';
import { holdTeamRead } from '../helpers/hold.js';
import { AGENT, makeCustomer, makeTicket, OWNER } from '../helpers/factories.js';

const app = useTestApp({ env: { TRIAGE_CHANNEL_ID: 'C0TRIAGE01' }, now: '2026-11-24T02:00:00Z' });

test("a pass drawing the managers' Homes for a new ticket joins no team read begun before it", async () => {
  const [opener, drawn] = ['U0MGR00000', 'U0MGR00001'];
  await app.setSettings(() => ({ admins: [opener], managers: [opener, drawn], agents: [AGENT] }));
  const c = await makeCustomer(app, { ownerId: OWNER });
  await makeTicket(app, { customerCode: c.code }, AGENT);
  app.clock.advance(10_000);
  await app.desk.outbox.drain();
  expect(JSON.stringify(app.fake.homesPublishedTo(drawn).at(-1)?.args.view)).toContain(
    '*Unassigned* (1)',
  );

  // The opener's Home reads the team's unassigned queue; its answer (one ticket) is held.
  const { reached, asked, release, restore } = holdTeamRead(app, (_ctx, pass) => Boolean(pass));
  try {
    const opened = app.slack.event({
      type: 'app_home_opened',
      user: opener,
      channel: 'D0HOME0001',
      tab: 'home',
    });
    await reached;
    await makeTicket(app, { customerCode: c.code }, AGENT);
    app.clock.advance(10_000);
    app.fake.reset();
    const drain = app.desk.outbox.drain();
    // The pass asked for the team part while the opener's read is still under way.
    await asked;
    release();
    await Promise.all([opened, drain]);
  } finally {
    restore();
  }
  const views = app.fake.homesPublishedTo(drawn);
  expect(views).toHaveLength(1);
  expect(JSON.stringify(views[0]!.args.view)).toContain('*Unassigned* (2)');
}, 120_000);
