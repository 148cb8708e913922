// The low churn risk class in the monthly report (moved from test/e2e/low-risk.test.ts: each test
// runs the report CLI as a child process, twice): the daily signals run at an injected now, then
// the monthly report's message and the CSV the report CLI writes count the customers low risk on
// the month's last day, from the stretches kept; a report stored before the figure was counted,
// or a period before the signals run first looked, reads none, not 0.
import type { KnownBlock } from '@slack/types';
import { describe, expect, test } from 'vitest';
import { customerSignalsJob } from '../../jobs/customer-signals.js';
import { monthlyReportJob } from '../../jobs/report.js';
import { importOrders } from '../../src/customer/csv.js';
import { useTestApp } from '../helpers/app.js';
import { customerWithOrders, surveyed } from '../helpers/churn.js';
import { AGENT, ctxOf, OWNER } from '../helpers/factories.js';
import { monthCsvRows, runJobAt } from '../helpers/jobs.js';
import { fields } from '../helpers/ui.js';

const DIGEST = 'C0DIGEST01';
const MANAGER = 'U0MANAGER1';

// Tuesday 2026-11-24 10:00 in Shanghai.
// Serving since January: October, before the signals run first looked, is still a month the
// desk served (one that ended before it began serving has no report, report-before-desk).
const app = useTestApp({
  env: { DIGEST_CHANNEL_ID: DIGEST },
  now: '2026-11-24T02:00:00Z',
  since: '2026-01-01T00:00:00Z',
});

describe('low churn risk', () => {
  test("the monthly report counts the customers low risk on the month's last day, in its customer figures and its CSV row; a report stored before the figure was counted reads none, not 0", async () => {
    await app.setSettings(() => ({
      agents: [AGENT],
      accountManagers: [OWNER],
      managers: [MANAGER],
    }));
    const steady = await customerWithOrders(app, 'Steady Printing', [
      '2026-08-11',
      '2026-09-10',
      '2026-10-12',
    ]);
    const gap = await customerWithOrders(app, 'Gap Packaging', ['2026-08-11', '2026-10-12']);
    await surveyed(app, steady, 5);
    await surveyed(app, gap, 5);

    // Wednesday 25 November, 09:00: August, September and October are the last full months.
    const [run] = await runJobAt(app, customerSignalsJob, '2026-11-25T01:00:00Z');
    expect(run!.counts).toMatchObject({ lowRisk: 1 });

    // Tuesday 1 December: November's report, Steady low risk on the 30th.
    const [month] = await runJobAt(app, monthlyReportJob, '2026-12-01T01:30:00Z');
    expect(month!.counts).toEqual({ queued: 1 });
    const post = app.fake.postsTo(DIGEST).at(-1)!;
    expect(String(post.args.text)).toContain('Monthly report · 2026-11');
    const shown = fields(post.args.blocks as KnownBlock[]);
    // October's report, built for the comparison, ended before the signals run first looked
    // (25 November): not known, so no change is said.
    expect(shown['Low-risk customers']).toBe('1');
    const csv = () => monthCsvRows(app, '2026-11', DIGEST);
    expect((await csv()).filter((r) => r.includes('lowRiskCustomers'))).toEqual([
      'month,2026-11,overall,lowRiskCustomers,,1',
    ]);

    // A report stored before the figure was counted: a manager's /desk report reads none, and
    // its CSV has no row of it (not a 0 it never counted).
    for (const period of ['2026-10', '2026-11'])
      await app.db.models.reports.updateOne(
        { period },
        { $unset: { 'figures.overall.lowRiskCustomers': 1 } },
      );
    app.clock.set('2026-12-02T02:00:00Z');
    await app.slack.command('/desk', 'report month 2026-11', { userId: MANAGER });
    const dm = app.fake.postsTo(`D${MANAGER.slice(1)}`).at(-1)!;
    expect(fields(dm.args.blocks as KnownBlock[])['Low-risk customers']).toBe('–');
    expect((await csv()).filter((r) => r.includes('lowRiskCustomers'))).toEqual([]);
  }, 60_000);

  test('a report rebuilt later counts from the stretches kept, not the latest one; a period before the signals run first looked reads \u2013; a customer stored before the history is read in its old shape', async () => {
    await app.setSettings(() => ({ agents: [AGENT], accountManagers: [OWNER] }));
    const steady = await customerWithOrders(app, 'Steady Printing', [
      '2026-08-11',
      '2026-09-10',
      '2026-10-12',
    ]);
    await surveyed(app, steady, 5);
    // Low on 25 November (August, September, October); not on 1 December (no November order
    // yet); low again on 2 December, once November's order is imported.
    expect(
      (await runJobAt(app, customerSignalsJob, '2026-11-25T01:00:00Z'))[0]!.counts,
    ).toMatchObject({ lowRisk: 1 });
    expect(
      (await runJobAt(app, customerSignalsJob, '2026-12-01T01:00:00Z'))[0]!.counts,
    ).toMatchObject({ lowRisk: 0 });
    const report = await importOrders(
      app.desk.services.customers,
      await ctxOf(app, OWNER, { origin: 'import' }),
      ['Customer,Date,Amount', `${steady},2026-11-20,20000`].join('\n'),
    );
    expect(report.errors).toEqual([]);
    expect(
      (await runJobAt(app, customerSignalsJob, '2026-12-02T01:00:00Z'))[0]!.counts,
    ).toMatchObject({ lowRisk: 1 });
    expect((await app.db.models.customers.findOne({ code: steady }).lean())!.lowRisk).toEqual({
      on: '2026-12-02',
      from: '2026-11-25',
      since: '2026-12-02',
      past: [{ since: '2026-11-25', until: '2026-12-01' }],
    });

    // A customer whose low risk was stored before the history (its latest stretch only).
    const legacy = await customerWithOrders(app, 'Legacy Labels', []);
    await app.db.models.customers.updateOne(
      { code: legacy },
      { $set: { lowRisk: { on: '2026-11-27', since: '2026-11-26', until: '2026-11-27' } } },
    );

    const rebuilt = async (period: string) =>
      (await monthCsvRows(app, period, DIGEST, ['--rebuild'])).filter((r) =>
        r.includes('lowRiskCustomers'),
      );
    // November rebuilt on 3 December: Steady was low on the 30th (its ended stretch), Legacy not.
    app.clock.set('2026-12-03T02:00:00Z');
    expect(await rebuilt('2026-11')).toEqual(['month,2026-11,overall,lowRiskCustomers,,1']);
    // October ended before the signals run first looked: no figure (not a 0 it never counted).
    expect(await rebuilt('2026-10')).toEqual([]);
  }, 60_000);
});
