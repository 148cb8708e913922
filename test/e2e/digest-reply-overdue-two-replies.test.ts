// revwave F1: a next reply owed and past its target at the week's end (the customer wrote on
// Friday), answered on Monday at 08:00; the customer writes back at 08:10 and is answered at
// 08:20, before the 09:00 digest. The ticket keeps both closed-out replies (`pastReplies`), so the
// digest still reads it overdue at the week's end. Through the real app and the test database.
import { beforeEach, expect, test } from 'vitest';
import { digestJob } from '../../jobs/digest.js';
import { useTestApp } from '../helpers/app.js';
import { actAt, digestFields as fields } from '../helpers/digest.js';
import { AGENT, makeCustomer, makeTicket, respond } from '../helpers/factories.js';
import { runJobAt } from '../helpers/jobs.js';

const DIGEST = 'C0DIGEST01';
const app = useTestApp({
  env: { DIGEST_CHANNEL_ID: DIGEST },
  now: '2026-11-16T02:00:00Z',
  since: '2026-01-01T00:00:00Z',
});
const local = (day: number, hhmm: string) =>
  new Date(`2026-11-${String(day).padStart(2, '0')}T${hhmm}:00+08:00`);

beforeEach(async () => {
  const every = 30 * 9 * 60;
  await app.setSettings((s) => ({
    sla: {
      ...s.sla,
      resolutionMinutesBySeverity: { urgent: every, important: every, general: every },
    },
  }));
});

test('the reply owed at the week end still counts when a second one is given before the digest', async () => {
  app.clock.set(local(16, '09:30'));
  const { code } = await makeCustomer(app, { name: 'Huadong', source: 'other' });
  app.clock.set(local(25, '09:00'));
  const { number } = await makeTicket(app, {
    customerCode: code,
    severity: 'general',
    type: 'after_sales',
  });
  await actAt(app, number, { action: 'claim' }, AGENT, local(25, '09:30'));
  const wrote = (text: string) => ({ action: 'note', text, said: 'followUp' }) as const;
  await actAt(app, number, wrote('still broken'), AGENT, local(27, '10:00'));
  // Monday 30: answered at 08:00, the customer writes back at 08:10, answered at 08:20.
  app.clock.set(local(30, '08:00'));
  await respond(app, number, AGENT);
  await actAt(app, number, wrote('thanks, and the other one?'), AGENT, local(30, '08:10'));
  app.clock.set(local(30, '08:20'));
  await respond(app, number, AGENT);
  await runJobAt(app, digestJob, '2026-11-30T01:00:00Z');
  // Owed since Friday 10:00 and unanswered at the week's end: overdue then.
  expect(fields(app.fake.postsTo(DIGEST)[0]!)['Overdue at week end']).toMatch(/^1 /);
});
