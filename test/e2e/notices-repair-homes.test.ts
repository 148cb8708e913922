// A ticket change cut short before its notices (the outbox write failed, the process died) is
// announced by the outbox job's repair with the Homes the request would have redrawn: for a
// claim of a ticket nobody held, its account manager's too (their Home listed it among their
// customers' tickets nobody holds) (revland48a F2).
import { expect, test, vi } from 'vitest';
import { outboxJob } from '../../jobs/outbox.js';
import { useTestApp } from '../helpers/app.js';
import { AGENT, makeCustomer, makeTicket, OWNER } from '../helpers/factories.js';
import { runJobAt } from '../helpers/jobs.js';

const TRIAGE = 'C0TRIAGE01';

// Tuesday 2026-11-24 10:00 in Shanghai.
const app = useTestApp({
  env: { TRIAGE_CHANNEL_ID: TRIAGE },
  now: '2026-11-24T02:00:00Z',
});

const stored = async (number: string) => (await app.db.models.tickets.findOne({ number }).lean())!;

test('a Claim of a ticket nobody held, cut short before its notices: the repair redraws the account manager’s Home too', async () => {
  const { code } = await makeCustomer(app, { name: 'Huadong' });
  const { number } = await makeTicket(app, { customerCode: code });
  expect((await stored(number)).accountManagerId).toBe(OWNER);
  await app.desk.outbox.drain();
  await runJobAt(app, outboxJob, '2026-11-24T02:00:30Z');
  // The claim's notices are not written (the database fails then): the claim stands.
  const outbox = app.desk.services.outbox;
  const cut = vi.spyOn(outbox, 'batch').mockRejectedValueOnce(new Error('database down'));
  try {
    await app.slack.blockAction(
      { action_id: 'ticket_claim', value: number, block_id: 'ticket_actions' },
      { userId: AGENT, channelId: TRIAGE },
    );
  } finally {
    cut.mockRestore();
  }
  expect(await stored(number)).toMatchObject({ assigneeId: AGENT });
  expect((await stored(number)).noticesOwedAt).toBeDefined();
  // The repair two minutes on, then the Homes it wrote published (runJobAt forgets the calls
  // before each run: counted after each).
  const published = { agent: 0, owner: 0 };
  for (const at of ['2026-11-24T02:03:00Z', '2026-11-24T02:10:00Z']) {
    await runJobAt(app, outboxJob, at);
    published.agent += app.fake.homesPublishedTo(AGENT).length;
    published.owner += app.fake.homesPublishedTo(OWNER).length;
  }
  expect((await stored(number)).noticesOwedAt).toBeUndefined();
  expect(published.agent).toBeGreaterThan(0);
  expect(published.owner).toBeGreaterThan(0);
});
