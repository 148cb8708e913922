// A complaint contacted late (after its contact due time), merged into a later complaint of the
// same customer not contacted yet: the target takes the duplicate's contact and its sooner due
// time, so the late contact stays late on the target, and the week's digest counts the missed
// contact target (the merged duplicate counts in no figure) [revland-d F4]. Through the real
// Bolt app, the digest job, the fake Slack and the test database.
import { expect, test } from 'vitest';
import { digestJob } from '../../jobs/digest.js';
import { SYSTEM_ACTOR } from '../../src/context.js';
import { periodWindow } from '../../src/digest/periods.js';
import { useTestApp } from '../helpers/app.js';
import { mergeFromCard } from '../helpers/complaints.js';
import { digestFields } from '../helpers/digest.js';
import { act, AGENT, ctxOf, makeCustomer, makeTicket, OWNER } from '../helpers/factories.js';
import { runJobAt } from '../helpers/jobs.js';

const TRIAGE = 'C0TRIAGE01';
const DIGEST = 'C0DIGEST01';
const MANAGER = 'U0MANAGER1';
const app = useTestApp({
  env: { TRIAGE_CHANNEL_ID: TRIAGE, DIGEST_CHANNEL_ID: DIGEST },
  now: '2026-11-24T02:00:00Z',
});
const ticket = async (number: string) => (await app.db.models.tickets.findOne({ number }).lean())!;

test('a late contact carried by a merge stays late on the target: the digest and the report count the missed contact target', async () => {
  app.clock.set('2026-09-01T02:00:00Z');
  await app.setSettings(() => ({ managers: [MANAGER], agents: [AGENT] }));
  app.clock.set('2026-11-24T02:00:00Z'); // Tue 10:00: contact due Thu 16:00 (24 business hours)
  const { code } = await makeCustomer(app, { name: 'Huadong' });
  const complaint = async (title: string) =>
    (
      await makeTicket(app, {
        customerCode: code,
        type: 'complaint',
        complaintUrgency: 'general',
        title,
      })
    ).number;
  const first = await complaint('Wrong parts');
  app.clock.set('2026-11-25T09:00:00Z'); // Wed 17:00: contact due Mon 30 Nov 14:00
  const second = await complaint('Wrong parts again');
  await act(app, first, { action: 'claim' }, AGENT);
  await act(app, second, { action: 'claim' }, AGENT);
  // Fri 10:00: the customer is called, 18 hours after the first complaint's due time.
  app.clock.set('2026-11-27T02:00:00Z');
  await act(
    app,
    first,
    { action: 'contact', at: app.clock.now(), via: 'call', summary: 'Called' },
    OWNER,
  );
  expect(await mergeFromCard(app, TRIAGE, first, second)).toBe('');

  // The target holds the contact the customer had, due when the first complaint's was.
  const target = (await ticket(second)).complaint!;
  expect(target.contactedAt).toEqual(new Date('2026-11-27T02:00:00Z'));
  expect(target.contactDueAt).toEqual(new Date('2026-11-26T08:00:00Z'));

  // The digest of week 48 (23-29 Nov), posted Monday 30 Nov: the missed contact counts once.
  await runJobAt(app, digestJob, '2026-11-30T01:00:00Z');
  expect(digestFields(app.fake.postsTo(DIGEST).at(-1)!)['Complaint targets missed']).toMatch(/^1 /);
  // November's report too.
  const ctx = await ctxOf(app, SYSTEM_ACTOR);
  const november = await app.desk.services.reports.build(
    ctx,
    periodWindow('2026-11', 'Asia/Shanghai')!,
  );
  expect(november.overall.complaintBreaches).toBe(1);
});
