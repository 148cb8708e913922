// The managers' Homes one delivery pass draws share one read of the team part (ad00dde1), but
// not with a Home whose entry had a change merged into it after that read may have begun
// (revland-d F1): a ticket opened while the pass publishes its first Home is in every manager's
// Home, and the Homes after it still share one read, begun after that change.
import { expect, test } from 'vitest';
import { countCommands } from '../../bench/commands.js';
import { useTestApp } from '../helpers/app.js';
import { AGENT, makeCustomer, makeTicket, OWNER } from '../helpers/factories.js';

const app = useTestApp({ env: { TRIAGE_CHANNEL_ID: 'C0TRIAGE01' }, now: '2026-11-24T02:00:00Z' });

test('a ticket opened while the pass publishes the first manager Home is in every manager Home', async () => {
  const managers = ['U0MGR00000', 'U0MGR00001', 'U0MGR00002'];
  await app.setSettings(() => ({ admins: [managers[0]!], managers, agents: [AGENT] }));
  const c = await makeCustomer(app, { ownerId: OWNER });
  await makeTicket(app, { customerCode: c.code }, AGENT);
  app.clock.advance(10_000);
  await app.desk.outbox.drain();
  await makeTicket(app, { customerCode: c.code }, AGENT);
  app.clock.advance(10_000);
  app.fake.reset();
  const held = app.fake.holdNext('views.publish');
  const counter = countCommands(app.db);
  const drain = app.desk.outbox.drain();
  await held.arrived;
  // A third ticket while the pass's first Home (drawn from the team part read before it) is
  // being published: its redraw merges into the other managers' Home entries, due in this pass.
  await makeTicket(app, { customerCode: c.code }, AGENT);
  held.release();
  await drain;
  counter.stop();
  // The managers drawn after it read the team part again, once for both.
  for (const m of managers.slice(1)) {
    const views = app.fake.homesPublishedTo(m);
    expect(views, m).toHaveLength(1);
    expect(JSON.stringify((views[0]!.args as any).view), m).toContain('*Unassigned* (3)');
  }
  expect(counter.commandsByCollection().customer_changes ?? 0, counter.trace().join('; ')).toBe(2);
  // The first one, drawn before the ticket, goes again at the next pass.
  app.clock.advance(10_000);
  await app.desk.outbox.drain();
  app.clock.advance(120_000);
  await app.desk.outbox.drain();
  for (const m of managers) {
    const view = app.fake.homesPublishedTo(m).at(-1)?.args as any;
    expect(view, m).toBeDefined();
    expect(JSON.stringify(view.view), m).toContain('*Unassigned* (3)');
  }
}, 300_000);
