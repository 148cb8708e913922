// A customer contact a merge carries to its target complaint (the duplicate's, the target not
// contacted) is the target's first response when it had none: its first-response clock stops at
// that contact, so its card reads "Responded" and the SLA sweep raises no first-response alert on
// it; and the merge's line in the target's thread says where the contact came from. Through the
// real Bolt HTTP path: signed requests, the fake Slack, the test database.
import { expect, test } from 'vitest';
import { slaAlertsJob } from '../../jobs/sla-alerts.js';
import { useTestApp } from '../helpers/app.js';
import { mergeFromCard } from '../helpers/complaints.js';
import { act, AGENT, makeCustomer, makeTicket, OWNER } from '../helpers/factories.js';
import { runJobAt } from '../helpers/jobs.js';
import { fields } from '../helpers/ui.js';
import { slackTime } from '../../src/ui/text.js';

const TRIAGE = 'C0TRIAGE01';
const ALERTS = 'C0ALERTS01';

// Tuesday 2026-11-24 10:00 in Shanghai.
const app = useTestApp({
  env: { TRIAGE_CHANNEL_ID: TRIAGE, ALERTS_CHANNEL_ID: ALERTS },
  now: '2026-11-24T02:00:00Z',
});

const ticket = async (number: string) => (await app.db.models.tickets.findOne({ number }).lean())!;

test('a contact carried by a merge is the target’s first response: its card says responded, the sweep alerts no first response, its thread says the contact came from the duplicate', async () => {
  await app.setSettings(() => ({ agents: [AGENT] }));
  const { code } = await makeCustomer(app, { name: 'Huadong' });
  const complaint = (title: string) =>
    makeTicket(app, { customerCode: code, type: 'complaint', complaintUrgency: 'general', title });
  const t1 = (await complaint('Wrong parts delivered')).number;
  app.clock.advance(60_000);
  const t2 = (await complaint('Wrong parts again, we want compensation')).number;
  await act(app, t1, { action: 'claim' }, AGENT);
  await act(app, t2, { action: 'claim' }, AGENT);
  app.clock.advance(30 * 60_000);
  const calledAt = app.clock.now();
  await act(app, t1, { action: 'contact', at: calledAt, via: 'call', summary: 'Called' }, OWNER);
  expect((await ticket(t2)).firstResponseAt).toBeUndefined();

  app.clock.advance(60_000);
  expect(await mergeFromCard(app, TRIAGE, t1, t2)).toBe('');

  const target = await ticket(t2);
  expect({
    firstResponseAt: target.firstResponseAt,
    by: target.metrics.firstResponseBy,
    breached: target.metrics.responseBreached,
    due: target.responseDueAt,
  }).toEqual({ firstResponseAt: calledAt, by: OWNER, breached: false, due: undefined });

  // The target's card, as last drawn: responded at the contact.
  const cardUpdates = app.fake
    .callsTo('chat.update')
    .filter((c) => c.args.channel === target.card!.channel && c.args.ts === target.card!.ts);
  const card = fields(cardUpdates.at(-1)!.args.blocks as any[]);
  expect(card['First response']).toBe(`Responded ${slackTime(calledAt, 'Asia/Shanghai')}`);

  // The merge's line in the target's thread names the duplicate the contact came from.
  const lines = app.fake
    .postsTo(TRIAGE)
    .filter((c) => c.args.thread_ts === target.card!.ts)
    .map((c) => String(c.args.text));
  expect(lines.filter((l) => l.startsWith(`Merged from ${t1}`))).toEqual([
    expect.stringMatching(
      new RegExp(`\\(The customer contact recorded on ${t1} counts for this complaint\\.\\)$`),
    ),
  ]);
  expect(target.timeline.find((e) => e.mergedFrom === t1)?.contactCarried).toBe(true);

  // Two days on, past every first-response target: nothing about the target's first response.
  await runJobAt(app, slaAlertsJob, '2026-11-26T09:00:00Z');
  const said = app.fake.callsTo('chat.postMessage').map((c) => String(c.args.text));
  expect(said.filter((s) => s.includes(t2) && s.includes('first response'))).toEqual([]);
});
