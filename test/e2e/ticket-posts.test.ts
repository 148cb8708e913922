// Where a ticket's posts went in Slack is kept (ticket_posts) once Slack took them, so that
// retention and erasures can edit them long after the outbox forgot its sent entries (revpriv F1).
import { expect, test } from 'vitest';
import { useTestApp } from '../helpers/app.js';
import { dmChannelOf } from '../helpers/fake-slack.js';
import { act, AGENT, makeTicket } from '../helpers/factories.js';
import type { TicketPost } from '../../src/outbox/types.js';

const app = useTestApp({
  env: { TRIAGE_CHANNEL_ID: 'C0TRIAGE01', ADMIN_USER_IDS: 'U0ADMIN001' },
  now: '2026-11-24T02:00:00Z',
});

const OTHER = 'U0AGENT002';

test('every line under a card and the assignee’s DM are recorded where Slack put them, once', async () => {
  await app.setSettings((s) => ({ ...s, agents: [AGENT, OTHER] }));
  const t = await makeTicket(app, { description: 'Gate code 4471' });
  await act(app, t.number, { action: 'claim' }, AGENT);
  await act(app, t.number, { action: 'note', text: 'Met them at the gate' }, AGENT);
  await act(app, t.number, { action: 'reassign', to: OTHER }, AGENT);
  await app.desk.outbox.drain();
  const ticket = (await app.db.models.tickets.findOne({ number: t.number }).lean())!;
  const threadTs = ticket.card.ts;
  const lines = app.fake
    .tookCalls('chat.postMessage')
    .filter((c) => c.args.thread_ts === threadTs)
    .map((c) => String((c.answer as { ts: string }).ts));
  const dm = app.fake.tookCalls('chat.postMessage').filter((c) => c.args.channel === OTHER);
  expect(lines.length).toBeGreaterThanOrEqual(4);
  expect(dm).toHaveLength(1);
  const posts = await app.db.models.ticketPosts.find({}).lean<TicketPost[]>();
  expect(
    posts
      .filter((p) => p.kind === 'line')
      .map((p) => p.ts)
      .sort(),
  ).toEqual(lines.sort());
  expect(
    posts
      .filter((p) => p.kind === 'line')
      .map((p) => p.seq)
      .sort(),
  ).toEqual(lines.map((_, i) => i));
  expect(posts.filter((p) => p.kind === 'dm')).toEqual([
    expect.objectContaining({
      ticketId: String(ticket._id),
      channel: dmChannelOf(OTHER),
      ts: (dm[0]!.answer as { ts: string }).ts,
    }),
  ]);
  expect(posts.every((p) => p.teamId === ticket.teamId && p.ticketId === String(ticket._id))).toBe(
    true,
  );
  // A second drain sends nothing and records nothing more.
  await app.desk.outbox.drain();
  expect(await app.db.models.ticketPosts.countDocuments({})).toBe(posts.length);
});
