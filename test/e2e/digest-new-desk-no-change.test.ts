// A new desk's first digest and first monthly report: the period before began before the desk
// served the workspace (its install or first request), built from no records, its counts 0
// rather than none; the desk's own figures show no change against it ("Opened 2 (+2 vs last
// week)" would be growth against a week nobody measured), nor against the week it was installed
// in (measured from its Wednesday only), and a line says why; from the week after that on, the
// change is shown. The repurchase rate, from orders with their own dates (imported), still
// compares: those are figures of that time.
import { describe, expect, test } from 'vitest';
import { digestJob } from '../../jobs/digest.js';
import { monthlyReportJob } from '../../jobs/report.js';
import { useTestApp } from '../helpers/app.js';
import { ctxOf, makeCustomer, makeTicket, OWNER } from '../helpers/factories.js';
import { runJobAt } from '../helpers/jobs.js';
import { fieldLines, textsIn } from '../helpers/walk.js';

const DIGEST = 'C0DIGEST01';
// Wednesday 2026-12-02 10:00 in Shanghai: the desk's first request (week 49).
const app = useTestApp({ env: { DIGEST_CHANNEL_ID: DIGEST }, now: '2026-12-02T02:00:00Z' });
const posted = () => app.fake.postsTo(DIGEST)[0]!.args.blocks;
const NEW_DESK =
  'New desk: it began serving this workspace on 2026-12-02, after last week began, so no change from last week is shown.';

describe("a new desk's first digest", () => {
  test('says no change against the week before the desk existed, and why', async () => {
    const { code } = await makeCustomer(app, { firstContactDate: '2026-12-02' });
    await makeTicket(app, { customerCode: code, severity: 'general' });
    app.clock.set('2026-12-03T02:00:00Z');
    await makeTicket(app, { customerCode: code, severity: 'general' });
    // Monday 7 December 09:00: the digest of week 49, the desk's first.
    const [run] = await runJobAt(app, digestJob, '2026-12-07T01:00:00Z');
    expect(run!.counts).toEqual({ queued: 1 });
    expect(fieldLines(posted())['Opened']).toBe('2');
    expect(JSON.stringify(posted())).not.toContain('vs last week');
    expect(textsIn(posted())).toContain(NEW_DESK);
  });

  test('the second digest does not compare with the week the desk was installed in; the third compares with a week measured whole', async () => {
    const { code } = await makeCustomer(app, { firstContactDate: '2026-12-02' });
    await makeTicket(app, { customerCode: code, severity: 'general' });
    // Week 50 (7-13 Dec) against week 49, begun Monday 30 Nov, before the install on the 2nd.
    app.clock.set('2026-12-08T02:00:00Z');
    await makeTicket(app, { customerCode: code, severity: 'general' });
    await runJobAt(app, digestJob, '2026-12-14T01:00:00Z');
    const w50 = posted();
    // Week 51 against week 50, measured whole.
    app.clock.set('2026-12-15T02:00:00Z');
    await makeTicket(app, { customerCode: code, severity: 'general' });
    await runJobAt(app, digestJob, '2026-12-21T01:00:00Z');
    const w51 = posted();
    expect(JSON.stringify(w50)).toContain('2026-W50');
    expect(JSON.stringify(w50)).not.toContain('vs last week');
    expect(textsIn(w50)).toContain(NEW_DESK);
    expect(JSON.stringify(w51)).toContain('2026-W51');
    expect(fieldLines(w51)['Opened']).toBe('1 (±0 vs last week)');
    expect(JSON.stringify(w51)).not.toContain('New desk');
  });

  test('in Chinese, the first digest says why it shows no change', async () => {
    await app.setSettings(() => ({ locale: 'zh-CN' }));
    const { code } = await makeCustomer(app, { firstContactDate: '2026-12-02' });
    await makeTicket(app, { customerCode: code, severity: 'general' });
    await runJobAt(app, digestJob, '2026-12-07T01:00:00Z');
    expect(fieldLines(posted())['新建']).toBe('1');
    expect(textsIn(posted())).toContain(
      '新开通：服务台自 2026-12-02 起服务本工作区，晚于上周开始，因此不显示较上周的变化。',
    );
  });

  test("the first monthly report: the desk's figures show no change against the month before it, the repurchase rate of imported orders does", async () => {
    const { code } = await makeCustomer(app, { firstContactDate: '2026-10-01' });
    // Orders imported with their own dates: October and November (before the install), December.
    const ctx = await ctxOf(app, OWNER);
    for (const date of ['2026-10-15', '2026-11-20', '2026-12-10'])
      await app.desk.services.customers.recordOrder(ctx, code, {
        date,
        amount: 1000,
        number: `${code}-${date}`,
      });
    await makeTicket(app, { customerCode: code, severity: 'general' });
    // Tuesday 5 January 2027 09:30: December's report, the desk's first (1 January a holiday).
    const [run] = await runJobAt(app, monthlyReportJob, '2027-01-05T01:30:00Z');
    expect(run!.counts).toEqual({ queued: 1 });
    const fields = fieldLines(posted());
    expect(fields['Opened']).toBe('1');
    expect(fields['Repurchase rate']).toMatch(/^100(\.0)?% \(±0 pts vs 2026-11\)/);
    expect(textsIn(posted()).join('\n')).toContain(
      'New desk: it began serving this workspace on 2026-12-02, after 2026-11 began',
    );
  });
});
