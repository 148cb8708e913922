// The low churn risk class (domain 2: stable monthly orders and satisfaction >= 90), through the
// real Bolt stack (signed requests, fake Slack) and the scheduled jobs at an injected now: the
// daily signals run stores it on the customer, the card shows it with the day it was computed,
// and the weekly digest counts the low-risk customers in its customer figures (the monthly report's
// message and the report CLI's CSV rows: test/cli/report-low-risk.test.ts).
import { describe, expect, test } from 'vitest';
import { customerSignalsJob } from '../../jobs/customer-signals.js';
import { digestJob } from '../../jobs/digest.js';
import { useTestApp } from '../helpers/app.js';
import { customerWithOrders, surveyed } from '../helpers/churn.js';
import { AGENT, makeCustomer, OWNER } from '../helpers/factories.js';
import { runJobAt } from '../helpers/jobs.js';

const DIGEST = 'C0DIGEST01';

// Tuesday 2026-11-24 10:00 in Shanghai.
const app = useTestApp({ env: { DIGEST_CHANNEL_ID: DIGEST }, now: '2026-11-24T02:00:00Z' });

/** The card as its owner reads it (`/customer <code>`), as one string. */
const cardText = async (code: string) =>
  JSON.stringify((await app.slack.command('/customer', code, { userId: OWNER })).body.blocks);

describe('low churn risk', () => {
  test('orders in each of the last 3 full months and a very satisfied requester: low risk on the card (with the day computed) and counted by the digest; a month missed or a satisfaction of 80 is not', async () => {
    await app.setSettings(() => ({ agents: [AGENT], accountManagers: [OWNER] }));
    const steady = await customerWithOrders(app, 'Steady Printing', [
      '2026-09-10',
      '2026-10-12',
      '2026-11-09',
    ]);
    const gap = await customerWithOrders(app, 'Gap Packaging', ['2026-09-10', '2026-11-09']);
    const lukewarm = await customerWithOrders(app, 'Lukewarm Paper', [
      '2026-09-10',
      '2026-10-12',
      '2026-11-09',
    ]);
    await surveyed(app, steady, 5);
    await surveyed(app, gap, 5);
    await surveyed(app, lukewarm, 4);

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

  test("an account manager's Home sums up their own customers' churn risk: how many at risk and low risk, the first 5 at risk named (escaped) and the rest counted; in zh-CN too; not on an agent's Home", async () => {
    const OTHER = 'U0OWNER002';
    await app.setSettings(() => ({ agents: [AGENT], accountManagers: [OWNER, OTHER] }));
    const steady = await customerWithOrders(app, 'Steady Printing', [
      '2026-09-10',
      '2026-10-12',
      '2026-11-09',
    ]);
    await surveyed(app, steady, 5);
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
    expect(zh).toContain('流失风险：7 家 · 低流失风险：1 家');
    expect(zh).toContain('……另有 2 家有流失风险。');
  }, 60_000);
});
