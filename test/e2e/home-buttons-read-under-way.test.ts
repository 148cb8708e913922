// A manager's Send them again (or an admin's Dismiss) redraws the clicker's Home at once; on this
// instance another manager's Home may still be reading the team part (its outbox counts read
// before the click, not yet returned, as a slow read under load is). The click's Home joins no
// such read: it reads the team part anew, so it does not show the messages still given up.
import { expect, test, vi } from 'vitest';
import type { TicketRepository } from '../../src/ticket/repository.js';
import { useTestApp } from '../helpers/app.js';
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
  const repo = (app.desk.services.tickets as unknown as { repos: { tickets: TicketRepository } })
    .repos.tickets;
  const page = repo.page.bind(repo);
  let reach!: () => void;
  const reached = new Promise<void>((resolve) => (reach = resolve));
  let release!: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));
  let holding = true;
  const pages = vi.spyOn(repo, 'page').mockImplementation(async (...args) => {
    const filter = args[1];
    const teamQueue = filter.unassigned && !filter.minLevel && !filter.accountManagerId;
    const read = await page(...args);
    if (holding && teamQueue) {
      holding = false;
      reach();
      await held;
    }
    return read;
  });
  const home = app.desk.flows.home;
  const data = home.data.bind(home);
  let ask!: () => void;
  const asked = new Promise<void>((resolve) => (ask = resolve));
  const homes = vi.spyOn(home, 'data').mockImplementation((ctx, pass) => {
    // The team part is asked for as the Home's reads begin (before its first await).
    const drawing = data(ctx, pass);
    if (ctx.actor === CLICKER) ask();
    return drawing;
  });
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
    release();
    pages.mockRestore();
    homes.mockRestore();
  }
  const views = app.fake.homesPublishedTo(CLICKER);
  expect(views.length).toBeGreaterThan(0);
  expect(JSON.stringify(views[0]!.args.view)).not.toContain('could not be delivered');
}, 120_000);
