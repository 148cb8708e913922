// The digest's median first response and resolution count each ticket on its own SLA clock: an
// urgent ticket counted 24x7 in clock time, the others in business time. The labels say so, in
// English and Chinese, not "(business time)" over an hour answered at night [sla2 2].
import { expect, test } from 'vitest';
import { digestJob } from '../../jobs/digest.js';
import { useTestApp } from '../helpers/app.js';
import { actAt, digestFields } from '../helpers/digest.js';
import { AGENT, makeCustomer, makeTicket } from '../helpers/factories.js';
import { runJobAt } from '../helpers/jobs.js';

const DIGEST = 'C0DIGEST01';
// Shanghai, Mon-Fri 09:00-18:00; week 48 is Mon 23 - Sun 29 November 2026.
const app = useTestApp({ env: { DIGEST_CHANNEL_ID: DIGEST }, now: '2026-11-23T02:00:00Z' });

/** An urgent ticket (24x7 on) received Fri 27 Nov 19:00, answered at 20:00, resolved at 21:30. */
async function answeredAtNight() {
  await app.setSettings((s) => ({ sla: { ...s.sla, urgentAroundTheClock: true } }));
  const code = (await makeCustomer(app, { name: 'Acme', annualRevenue: 100_000 })).code;
  app.clock.set('2026-11-27T11:00:00Z');
  const t = await makeTicket(app, { customerCode: code, severity: 'urgent', title: 'Line down' });
  expect(t.sla.aroundTheClock).toBe(true);
  await actAt(app, t.number, { action: 'claim' }, AGENT, new Date('2026-11-27T12:00:00Z'));
  await actAt(
    app,
    t.number,
    { action: 'resolve', summary: 'Restarted the PLC' },
    AGENT,
    new Date('2026-11-27T13:30:00Z'),
  );
}
const posted = () =>
  digestFields(
    app.fake.calls.filter((c) => c.method === 'chat.postMessage' && c.args.channel === DIGEST)[0]!,
  );

test('en: "Median first response (business time; 24x7 tickets around the clock)" 1 h for the hour answered Friday night, resolution 2 h 30 min', async () => {
  await answeredAtNight();
  await runJobAt(app, digestJob, '2026-11-30T01:00:00Z');
  const f = posted();
  expect(f['Median first response (business time; 24x7 tickets around the clock)']).toMatch(/^1 h/);
  expect(f['Median resolution (business time; 24x7 tickets around the clock)']).toMatch(
    /^2 h 30 min/,
  );
  expect(Object.keys(f).filter((label) => label.includes('Median'))).toHaveLength(2);
});

test('zh-CN: 首次响应中位数（工作时间；全天候计时的工单按自然时间）', async () => {
  await app.setSettings(() => ({ locale: 'zh-CN' }));
  await answeredAtNight();
  await runJobAt(app, digestJob, '2026-11-30T01:00:00Z');
  const f = posted();
  expect(f['首次响应中位数（工作时间；全天候计时的工单按自然时间）']).toMatch(/^1 小时(?! [0-9])/);
  expect(f['解决时长中位数（工作时间；全天候计时的工单按自然时间）']).toMatch(/^2 小时 30 分钟/);
});
