// The SLA clock across daylight-saving changes, end to end: London's clocks going back (due
// times, the 75 % warning and the breach at the right instants, once each) and forward across a
// wait, and Lord Howe's half-hour shift (revsla, checked sound).
import { beforeEach, expect, test } from 'vitest';
import { slaAlertsJob } from '../../jobs/sla-alerts.js';
import { useTestApp } from '../helpers/app.js';
import { act, makeCustomer, makeTicket } from '../helpers/factories.js';
import { runJobAt } from '../helpers/jobs.js';

const TRIAGE = 'C0TRIAGE01';
const ALERTS = 'C0ALERTS01';
const app = useTestApp({
  env: {
    TRIAGE_CHANNEL_ID: TRIAGE,
    ALERTS_CHANNEL_ID: ALERTS,
    ESCALATION_CHANNEL_ID: 'C0ESCAL001',
  },
  now: '2026-10-23T13:00:00Z',
});
let code = '';
beforeEach(async () => {
  await app.setSettings(() => ({ timeZone: 'Europe/London', locale: 'en' }));
  code = (await makeCustomer(app, { name: 'Acme', annualRevenue: 100_000 })).code;
});
const stored = async (number: string) => (await app.db.models.tickets.findOne({ number }).lean())!;
const alertsAt = async (iso: string) => {
  await runJobAt(app, slaAlertsJob, iso);
  return app.fake
    .postsTo(ALERTS)
    .map((c) => String(c.args.text))
    .join('\n');
};

test('London, received Fri 23 Oct 14:00 BST (8 h general): due Mon 26 Oct 13:00 GMT after the clocks go back; warned at 11:00 GMT, breached after 13:00 GMT', async () => {
  app.clock.set('2026-10-23T13:00:00Z');
  const { number } = await makeTicket(app, { customerCode: code, severity: 'general' });
  const t = await stored(number);
  expect(t.responseDueAt).toEqual(new Date('2026-10-26T13:00:00Z'));
  expect(await alertsAt('2026-10-26T10:59:30Z')).toBe('');
  expect(await alertsAt('2026-10-26T11:00:30Z')).toContain('due soon');
  expect(await alertsAt('2026-10-26T12:59:30Z')).toBe('');
  expect(await alertsAt('2026-10-26T13:00:30Z')).toContain('overdue');
});

test('London, a wait across the clocks going forward: received Fri 27 Mar 10:00 GMT, waits at 16:00, resumed Mon 30 Mar 10:00 BST: due 12:00 BST', async () => {
  app.clock.set('2026-03-27T10:00:00Z');
  const { number } = await makeTicket(app, { customerCode: code, severity: 'general' });
  await act(app, number, { action: 'claim' });
  app.clock.set('2026-03-27T16:00:00Z');
  await act(app, number, { action: 'wait', question: 'Which model?' });
  expect((await stored(number)).dueAt).toEqual(new Date('9999-12-31T00:00:00Z'));
  app.clock.set('2026-03-30T09:00:00Z');
  await act(app, number, { action: 'resume' });
  const t = await stored(number);
  expect(t.responseDueAt ?? t.dueAt).toEqual(new Date('2026-03-30T11:00:00Z'));
});

test('Lord Howe (half-hour DST), received Fri 2 Oct 14:00 +10:30: due Mon 5 Oct 13:00 +11', async () => {
  await app.setSettings(() => ({ timeZone: 'Australia/Lord_Howe' }));
  app.clock.set('2026-10-02T03:30:00Z');
  const { number } = await makeTicket(app, { customerCode: code, severity: 'general' });
  expect((await stored(number)).responseDueAt).toEqual(new Date('2026-10-05T02:00:00Z'));
});
