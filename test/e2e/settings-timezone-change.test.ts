// The admin changes the workspace's time zone (Settings -> Language and time zone) while tickets
// are open. The modal warns that open tickets' due times are counted again on the new zone from
// their receipt; the stored due times are recomputed and the posted cards redrawn. The time
// already run is re-read on the new zone too, as README (Limits) says with these examples: a
// ticket that ran 10:00-11:00 Shanghai resumes with all its 8 h, and one on time at the change
// may be overdue since before it (revsla F3; no model change, the lead's decision).
import { beforeEach, expect, test } from 'vitest';
import { outboxJob } from '../../jobs/outbox.js';
import { slaAlertsJob } from '../../jobs/sla-alerts.js';
import { useTestApp } from '../helpers/app.js';
import { settingsKit } from '../helpers/settings.js';
import { act, makeCustomer, makeTicket } from '../helpers/factories.js';
import { runJobAt } from '../helpers/jobs.js';

const ADMIN = 'U0ADMIN001';
const TRIAGE = 'C0TRIAGE01';
const ALERTS = 'C0ALERTS01';
// Tuesday 2026-11-24 10:00 in Shanghai; Mon-Fri 09:00-18:00.
const app = useTestApp({
  env: { ADMIN_USER_IDS: ADMIN, TRIAGE_CHANNEL_ID: TRIAGE, ALERTS_CHANNEL_ID: ALERTS },
  now: '2026-11-24T02:00:00Z',
});
const { openGroup, block, settings } = settingsKit(app, ADMIN);
let code = '';
beforeEach(async () => {
  code = (await makeCustomer(app, { name: 'Acme', annualRevenue: 100_000 })).code;
});
const stored = async (n: string) => (await app.db.models.tickets.findOne({ number: n }).lean())!;
const toLondon = async () => {
  const res = await app.slack.submitView(
    await openGroup('locale'),
    { time_zone: 'Europe/London' },
    { userId: ADMIN },
  );
  expect(res.body).toBe('');
  expect((await settings()).timeZone).toBe('Europe/London');
};

test('the time zone field warns that open tickets are counted again on the new zone from their receipt, in English and Chinese', async () => {
  const hint = async () => block(await openGroup('locale'), 'time_zone').hint.text as string;
  expect(await hint()).toBe(
    "An IANA name such as Asia/Shanghai or Europe/Berlin. A change counts every open ticket's due times again on the new zone from when it was received, the time already run included: one may gain or lose time, or be overdue at once.",
  );
  await app.setSettings(() => ({ locale: 'zh-CN' }));
  expect(await hint()).toContain(
    '修改后，所有未结工单的到期时间都会按新时区从收到时起重新计算，已计入的时间也按新时区重算',
  );
});

test('Shanghai -> London at 11:00 Shanghai: the open ticket is due 17:00 London and its card redrawn so; the waiting one, which ran 10:00-11:00 Shanghai, resumes at 10:00 London with all 8 h (due 18:00)', async () => {
  const open = await makeTicket(app, { customerCode: code, severity: 'general' });
  const waiting = await makeTicket(app, { customerCode: code, severity: 'general', title: 'W' });
  expect(open.responseDueAt).toEqual(new Date('2026-11-24T10:00:00Z')); // 18:00 Shanghai
  await act(app, waiting.number, { action: 'claim' });
  app.clock.set('2026-11-24T03:00:00Z'); // 11:00 Shanghai: 1 h of its 8 h run
  await act(app, waiting.number, { action: 'wait', question: 'Which model?' });
  await toLondon();
  // Received 02:00 London, before its opening: 09:00-17:00 London.
  expect((await stored(open.number)).responseDueAt).toEqual(new Date('2026-11-24T17:00:00Z'));
  app.fake.reset();
  await runJobAt(app, outboxJob, '2026-11-24T03:00:30Z');
  const redrawn = app.fake.callsTo('chat.update').map((c) => JSON.stringify(c.args.blocks));
  expect(redrawn.join('\n')).toContain('2026-11-24 17:00 GMT');

  // The hour it ran (02:00-03:00 London) is outside London's window: counted as never run.
  app.clock.set('2026-11-24T10:00:00Z');
  await act(app, waiting.number, { action: 'resume' });
  expect((await stored(waiting.number)).responseDueAt).toEqual(new Date('2026-11-24T18:00:00Z'));
});

test('received Tue 17:30 Shanghai (due Wed 16:30 Shanghai) and on time when the zone moves to London at 18:00 London: due 17:30 London since, so overdue from before the change, and the next sweep escalates it to L2', async () => {
  app.clock.set('2026-11-24T09:30:00Z'); // 17:30 Shanghai
  const t = await makeTicket(app, { customerCode: code, severity: 'general' });
  expect(t.responseDueAt).toEqual(new Date('2026-11-25T08:30:00Z'));
  app.clock.set('2026-11-24T18:00:00Z'); // 18:00 London (Wed 02:00 Shanghai)
  await toLondon();
  // Received 09:30 London: 8 h of London's window, due 17:30 London, half an hour before the change.
  expect((await stored(t.number)).responseDueAt).toEqual(new Date('2026-11-24T17:30:00Z'));
  await runJobAt(app, slaAlertsJob, '2026-11-25T09:00:30Z'); // Wed 09:00 London
  const said = app.fake
    .postsTo(ALERTS)
    .map((c) => String(c.args.text))
    .join('\n');
  expect(said).toContain(t.number);
  expect(said).toContain('escalated to L2 on breach');
});
