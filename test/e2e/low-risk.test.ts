// The low churn risk class (domain 2: stable monthly orders and satisfaction >= 90), through the
// real Bolt stack (signed requests, fake Slack) and the scheduled jobs at an injected now: the
// daily signals run stores it on the customer, the card shows it with the day it was computed,
// and the weekly digest and the monthly report (its message and its CSV rows) count the low-risk
// customers in their customer figures.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { KnownBlock } from '@slack/types';
import { describe, expect, test } from 'vitest';
import { customerSignalsJob } from '../../jobs/customer-signals.js';
import { digestJob } from '../../jobs/digest.js';
import { monthlyReportJob } from '../../jobs/report.js';
import { importOrders } from '../../src/customer/csv.js';
import { useTestApp } from '../helpers/app.js';
import { AGENT, ctxOf, makeCustomer, OWNER } from '../helpers/factories.js';
import { FAKE_TEAM_ID } from '../helpers/fake-slack.js';
import { runJobAt, runTool, toolArgs } from '../helpers/jobs.js';
import { fields } from '../helpers/ui.js';

const DIGEST = 'C0DIGEST01';
const REQ = 'U0REQUEST1';
const MANAGER = 'U0MANAGER1';

// Tuesday 2026-11-24 10:00 in Shanghai.
const app = useTestApp({ env: { DIGEST_CHANNEL_ID: DIGEST }, now: '2026-11-24T02:00:00Z' });

const lastView = () =>
  app.fake.callsTo('views.open').at(-1)!.args.view as Record<string, unknown> & {
    blocks: unknown[];
  };

/** A customer whose orders are dated on the given days (imported from CSV by its owner). */
async function customerWithOrders(name: string, dates: string[]): Promise<string> {
  const { code } = await makeCustomer(app, { name, firstContactDate: '2025-01-06' });
  const report = await importOrders(
    app.desk.services.customers,
    await ctxOf(app, OWNER, { origin: 'import' }),
    ['Customer,Date,Amount', ...dates.map((d) => `${code},${d},20000`)].join('\n'),
  );
  expect(report.errors).toEqual([]);
  return code;
}

/** A ticket of the customer reported by REQ, resolved, and REQ's survey answered `score`. */
async function surveyed(code: string, score: number) {
  await app.slack.command('/ticket', 'new Printer jams', { userId: AGENT });
  const res = await app.slack.submitView(
    lastView(),
    { customer: code, severity: 'general', type: 'after_sales', description: 'E7', requester: REQ },
    { userId: AGENT },
  );
  expect(res.body).toBe('');
  const { number } = (await app.db.models.tickets
    .findOne()
    .sort({ createdAt: -1, _id: -1 })
    .lean())!;
  const click = (action_id: string) =>
    app.slack.blockAction(
      { action_id, value: number, block_id: 'ticket_actions' },
      { userId: AGENT, channelId: 'C0TRIAGE01' },
    );
  await click('ticket_claim');
  await click('ticket_resolve_open');
  expect(
    (await app.slack.submitView(lastView(), { resolution: 'Roller replaced' }, { userId: AGENT }))
      .body,
  ).toBe('');
  await app.desk.outbox.drain();
  const post = app.fake
    .postsTo(REQ)
    .filter((c) => JSON.stringify(c.args.blocks ?? '').includes('requester_survey_'))
    .at(-1)!;
  const blocks = (
    typeof post.args.blocks === 'string' ? JSON.parse(post.args.blocks) : post.args.blocks
  ) as { type: string; elements?: { action_id: string; value: string }[] }[];
  const button = blocks
    .find((b) => b.type === 'actions')!
    .elements!.find((e) => e.action_id === `requester_survey_${score}`)!;
  await app.slack.blockAction(
    { action_id: button.action_id, value: button.value, block_id: 'survey' },
    { userId: REQ, channelId: 'D0REQUEST1' },
  );
  expect((await app.db.models.tickets.findOne({ number }).lean())!.survey?.satisfaction).toBe(
    score,
  );
}

/** The card as its owner reads it (`/customer <code>`), as one string. */
const cardText = async (code: string) =>
  JSON.stringify((await app.slack.command('/customer', code, { userId: OWNER })).body.blocks);

describe('low churn risk', () => {
  test('orders in each of the last 3 full months and a very satisfied requester: low risk on the card (with the day computed) and counted by the digest; a month missed or a satisfaction of 80 is not', async () => {
    await app.setSettings(() => ({ agents: [AGENT], accountManagers: [OWNER] }));
    const steady = await customerWithOrders('Steady Printing', [
      '2026-09-10',
      '2026-10-12',
      '2026-11-09',
    ]);
    const gap = await customerWithOrders('Gap Packaging', ['2026-09-10', '2026-11-09']);
    const lukewarm = await customerWithOrders('Lukewarm Paper', [
      '2026-09-10',
      '2026-10-12',
      '2026-11-09',
    ]);
    await surveyed(steady, 5);
    await surveyed(gap, 5);
    await surveyed(lukewarm, 4);

    // Tuesday 1 December, 09:00: September, October and November are the last full months.
    const [run] = await runJobAt(app, customerSignalsJob, '2026-12-01T01:00:00Z');
    expect(run!.counts).toMatchObject({ lowRisk: 1, churnRisks: 0 });
    app.clock.set('2026-12-01T03:00:00Z');
    expect(await cardText(steady)).toContain('Low churn risk (as of 2026-12-01)');
    expect(await cardText(gap)).not.toContain('Low churn risk');
    expect(await cardText(lukewarm)).not.toContain('Low churn risk');

    // The next day's run keeps the stretch (since 1 December) and says when it last looked.
    await runJobAt(app, customerSignalsJob, '2026-12-02T01:00:00Z');
    app.clock.set('2026-12-02T03:00:00Z');
    expect(await cardText(steady)).toContain('Low churn risk (as of 2026-12-02)');
    expect((await app.db.models.customers.findOne({ code: steady }).lean())!.lowRisk).toEqual({
      on: '2026-12-02',
      from: '2026-12-01',
      since: '2026-12-01',
    });

    // Monday 7 December 09:30: the digest of week 49 (30 November - 6 December).
    const [digest] = await runJobAt(app, digestJob, '2026-12-07T01:30:00Z');
    expect(digest!.counts).toEqual({ queued: 1 });
    const posts = app.fake.postsTo(DIGEST);
    expect(posts).toHaveLength(1);
    const blocks = JSON.stringify(posts[0]!.args.blocks);
    // Week 48 ended (29 November) before the signals run first looked: not known, no change.
    expect(blocks).toContain('*Low-risk customers*\\n1"');
  });

  test("the monthly report counts the customers low risk on the month's last day, in its customer figures and its CSV row; a report stored before the figure was counted reads none, not 0", async () => {
    await app.setSettings(() => ({
      agents: [AGENT],
      accountManagers: [OWNER],
      managers: [MANAGER],
    }));
    const steady = await customerWithOrders('Steady Printing', [
      '2026-08-11',
      '2026-09-10',
      '2026-10-12',
    ]);
    const gap = await customerWithOrders('Gap Packaging', ['2026-08-11', '2026-10-12']);
    await surveyed(steady, 5);
    await surveyed(gap, 5);

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
    const csv = async () => {
      const out = join(mkdtempSync(join(tmpdir(), 'low-risk-')), 'november.csv');
      const res = await runTool(
        app,
        toolArgs('report'),
        ['--team', FAKE_TEAM_ID, '--period', '2026-11', '--kind', 'month', '--out', out],
        { DIGEST_CHANNEL_ID: DIGEST },
      );
      expect(res.stderr).toBe('');
      expect(res.status).toBe(0);
      return readFileSync(out, 'utf8').split('\n');
    };
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
    const steady = await customerWithOrders('Steady Printing', [
      '2026-08-11',
      '2026-09-10',
      '2026-10-12',
    ]);
    await surveyed(steady, 5);
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
    const legacy = await customerWithOrders('Legacy Labels', []);
    await app.db.models.customers.updateOne(
      { code: legacy },
      { $set: { lowRisk: { on: '2026-11-27', since: '2026-11-26', until: '2026-11-27' } } },
    );

    const rebuilt = async (period: string) => {
      const out = join(mkdtempSync(join(tmpdir(), 'low-risk-')), `${period}.csv`);
      const res = await runTool(
        app,
        toolArgs('report'),
        ['--team', FAKE_TEAM_ID, '--period', period, '--kind', 'month', '--out', out, '--rebuild'],
        { DIGEST_CHANNEL_ID: DIGEST },
      );
      expect(res.stderr).toBe('');
      expect(res.status).toBe(0);
      return readFileSync(out, 'utf8')
        .split('\n')
        .filter((r) => r.includes('lowRiskCustomers'));
    };
    // November rebuilt on 3 December: Steady was low on the 30th (its ended stretch), Legacy not.
    app.clock.set('2026-12-03T02:00:00Z');
    expect(await rebuilt('2026-11')).toEqual(['month,2026-11,overall,lowRiskCustomers,,1']);
    // October ended before the signals run first looked: no figure (not a 0 it never counted).
    expect(await rebuilt('2026-10')).toEqual([]);
  }, 60_000);

  test("an account manager's Home sums up their own customers' churn risk: how many at risk and low risk, the first 5 at risk named (escaped) and the rest counted; in zh-CN too; not on an agent's Home", async () => {
    const OTHER = 'U0OWNER002';
    await app.setSettings(() => ({ agents: [AGENT], accountManagers: [OWNER, OTHER] }));
    const steady = await customerWithOrders('Steady Printing', [
      '2026-09-10',
      '2026-10-12',
      '2026-11-09',
    ]);
    await surveyed(steady, 5);
    expect(
      (await runJobAt(app, customerSignalsJob, '2026-12-01T01:00:00Z'))[0]!.counts,
    ).toMatchObject({ lowRisk: 1 });
    // Seven of OWNER's customers in churn warning (one named to ping everyone), one of OTHER's.
    const names = ['<!channel> Risky & Co', 'Bravo', 'Charlie', 'Delta', 'Echo', 'Foxtrot', 'Golf'];
    const codes: string[] = [];
    for (const name of names)
      codes.push((await makeCustomer(app, { name, lifecycle: 'churn_warning' })).code);
    await makeCustomer(app, { name: 'Elsewhere Ltd', lifecycle: 'churn_warning', ownerId: OTHER });

    app.clock.set('2026-12-01T03:00:00Z');
    const homeOf = async (user: string) => {
      await app.slack.event({ type: 'app_home_opened', user, channel: 'D0HOME0001', tab: 'home' });
      const publish = app.fake.callsTo('views.publish').at(-1)!;
      expect(publish.args.user_id).toBe(user);
      return JSON.stringify(publish.args.view);
    };
    const home = await homeOf(OWNER);
    expect(home).toContain('*Churn risk of your customers*');
    expect(home).toContain('At churn risk: 7 · Low risk: 1');
    expect(home).toContain(`• *&lt;!channel&gt; Risky &amp; Co* (${codes[0]})`);
    expect(home).not.toContain('<!channel>');
    for (const code of codes.slice(1, 5)) expect(home).toContain(`(${code})`);
    expect(home).not.toContain(`*Foxtrot* (${codes[5]})`);
    expect(home).toContain('…and 2 more at churn risk.');
    expect(home).not.toContain('Elsewhere Ltd');
    // OTHER's own: one at risk, none low.
    expect(await homeOf(OTHER)).toContain('At churn risk: 1 · Low risk: 0');
    // An agent owns no customers of theirs to sum up.
    expect(await homeOf(AGENT)).not.toContain('Churn risk of your customers');

    await app.setSettings(() => ({ locale: 'zh-CN' }));
    const zh = await homeOf(OWNER);
    expect(zh).toContain('*你的客户流失风险*');
    expect(zh).toContain('流失风险：7 位 · 低流失风险：1 位');
    expect(zh).toContain('……另有 2 位有流失风险。');
  }, 60_000);
});
