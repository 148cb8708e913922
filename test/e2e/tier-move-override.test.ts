import { describe, expect, test } from 'vitest';
import { digestJob } from '../../jobs/digest.js';
import { monthlyReportJob, quarterlyReportJob } from '../../jobs/report.js';
import { useTestApp } from '../helpers/app.js';
import { openCustomerEdit } from '../helpers/clicks.js';
import { ctxOf, makeCustomer, OWNER } from '../helpers/factories.js';
import { runJobAt } from '../helpers/jobs.js';

const DIGEST = 'C0DIGEST01';
const MANAGER = 'U0MANAGER1';
const REASON = 'Industry leader <robotics> & our 2027 target';

// Shanghai. Week 48 is Mon 23 - Sun 29 November 2026, in the month of November and 2026-Q4.
const app = useTestApp({ env: { DIGEST_CHANNEL_ID: DIGEST }, now: '2026-11-16T02:00:00Z' });
const local = (day: number, hhmm: string) =>
  new Date(`2026-11-${String(day).padStart(2, '0')}T${hhmm}:00+08:00`);

/** The manager's Edit of the customer's card, saved with `form`. */
async function editAsManager(code: string, form: Record<string, string>) {
  const opened = await openCustomerEdit(app, code, MANAGER);
  const res = await app.slack.submitView(opened.args.view as Record<string, unknown>, form, {
    userId: MANAGER,
  });
  expect(res.status).toBe(200);
}

async function order(code: string, day: number, amount: number) {
  app.clock.set(local(day, '12:00'));
  await app.desk.services.customers.recordOrder(await ctxOf(app, OWNER), code, {
    date: `2026-11-${day}`,
    amount,
    number: `${code}-${day}`,
  });
}

/**
 * Three normal customers recorded on Mon 16 November (OWNER's, whom MANAGER manages). In week
 * 48: Keyed Co's order of 520,000 (Mon 23) makes it key, and on Thu 26 the manager overrides
 * its tier to key as well (its tier in force does not move then: revenue moved it); the manager
 * overrides Xinhua Robotics (300,000 a year: normal) to strategic on Tue 24; Steady Climb's
 * order of 510,000 (Wed 25) makes it key.
 */
async function week48() {
  await app.setSettings(() => ({
    managers: [MANAGER],
    managerLinks: [{ managerId: MANAGER, manages: [OWNER] }],
  }));
  app.clock.set(local(16, '10:00'));
  const keyed = await makeCustomer(app, { name: 'Keyed Co', firstContactDate: '2026-11-16' });
  const xinhua = await makeCustomer(app, {
    name: 'Xinhua Robotics',
    firstContactDate: '2026-11-16',
    annualRevenue: 300_000,
  });
  const climb = await makeCustomer(app, { name: 'Steady Climb', firstContactDate: '2026-11-16' });
  await order(keyed.code, 23, 520_000);
  app.clock.set(local(24, '10:00'));
  await editAsManager(xinhua.code, { tier_override: 'strategic', tier_override_reason: REASON });
  await order(climb.code, 25, 510_000);
  app.clock.set(local(26, '10:00'));
  await editAsManager(keyed.code, { tier_override: 'key', tier_override_reason: 'Keep them key' });
  const stored = await app.db.models.customers.find().sort({ code: 1 }).lean();
  expect(stored.map((c) => [c.name, c.computedTier, c.tier, c.tierOverride?.tier])).toEqual([
    ['Keyed Co', 'key', 'key', 'key'],
    ['Xinhua Robotics', 'normal', 'strategic', 'strategic'],
    ['Steady Climb', 'key', 'key', undefined],
  ]);
  return { keyed: keyed.code, xinhua: xinhua.code, climb: climb.code };
}

/** The lines under a heading (its section's text, and a context line after it). */
function under(message: { args: Record<string, unknown> }, heading: string): string[] {
  const blocks = message.args.blocks as any[];
  const at = blocks.findIndex((b) => b.text?.text === `*${heading}*`);
  expect(at, heading).toBeGreaterThan(0);
  const lines = (blocks[at + 1].text.text as string).split('\n');
  if (blocks[at + 2]?.type === 'context') lines.push(blocks[at + 2].elements[0].text);
  return lines;
}

/** `/desk report …` asked by the manager: the report sent to their DM. */
async function ask(text: string) {
  app.fake.reset();
  await app.slack.command('/desk', text, { userId: MANAGER });
  return app.fake.postsTo(`D${MANAGER.slice(1)}`)[0]!;
}

const OVERRIDE = "set by a manager's override, not by its purchases";

describe('a tier move a manager’s override made says so', { timeout: 120_000 }, () => {
  test("the weekly digest: only the override's move says override, not the move revenue made to the tier an override holds now; the reason is stored nowhere in the figures", async () => {
    const c = await week48();
    await runJobAt(app, digestJob, '2026-11-30T01:00:00Z');
    const post = app.fake.postsTo(DIGEST)[0]!;
    expect(under(post, 'Tier moves in the week: 3 customers')).toEqual([
      `*Keyed Co* (${c.keyed}): Normal → Key`,
      `*Steady Climb* (${c.climb}): Normal → Key`,
      `*Xinhua Robotics* (${c.xinhua}): Normal → Strategic · ${OVERRIDE}`,
    ]);
    // The channel reads no reason (nor annual purchases).
    expect(JSON.stringify(post.args.blocks)).not.toContain('Industry leader');
    const week = (await app.db.models.digests.findOne({ week: '2026-W48' }).lean())!;
    expect(JSON.stringify(week.figures)).not.toContain('Industry leader');
    expect(JSON.stringify(week.figures)).not.toContain('Keep them key');
    expect((week.figures as any).tierMoves.top.map((m: any) => [m.code, m.cause])).toEqual([
      [c.keyed, 'revenue'],
      [c.climb, 'revenue'],
      [c.xinhua, 'override'],
    ]);
  });

  test('the monthly report to a manager reads the reason from the override in force, escaped; a report stored before causes were kept reads as before', async () => {
    const c = await week48();
    await runJobAt(app, monthlyReportJob, '2026-12-01T01:00:00Z');
    expect(under(app.fake.postsTo(DIGEST)[0]!, 'Tier moves in the month: 3 customers')).toEqual([
      `*Keyed Co* (${c.keyed}): Normal → Key`,
      `*Steady Climb* (${c.climb}): Normal → Key`,
      `*Xinhua Robotics* (${c.xinhua}): Normal → Strategic · ${OVERRIDE}`,
    ]);
    const report = (await app.db.models.reports.findOne({ period: '2026-11' }).lean())!;
    expect(JSON.stringify(report.figures)).not.toContain('Industry leader');

    app.clock.set('2026-12-02T02:00:00Z');
    expect(
      under(await ask('report month 2026-11'), 'Tier moves in the month: 3 customers'),
    ).toEqual([
      `*Keyed Co* (${c.keyed}): Normal → Key · annual purchases 520,000 CNY`,
      `*Steady Climb* (${c.climb}): Normal → Key · annual purchases 510,000 CNY`,
      `*Xinhua Robotics* (${c.xinhua}): Normal → Strategic · ${OVERRIDE}: “Industry leader &lt;robotics&gt; &amp; our 2027 target” · annual purchases 300,000 CNY`,
    ]);

    // The override taken away since: the move still says it was the override's, without a
    // reason no longer on file.
    app.clock.set('2026-12-02T03:00:00Z');
    await editAsManager(c.xinhua, { tier_override: '', tier_override_reason: '' });
    expect(
      (await app.db.models.customers.findOne({ code: c.xinhua }).lean())!.tierOverride,
    ).toBeUndefined();
    app.clock.set('2026-12-02T04:00:00Z');
    expect(
      under(await ask('report month 2026-11'), 'Tier moves in the month: 3 customers')[2],
    ).toBe(
      `*Xinhua Robotics* (${c.xinhua}): Normal → Strategic · ${OVERRIDE} · annual purchases 300,000 CNY`,
    );

    // A report stored before the cause was kept: its moves read as they always did.
    await app.db.models.reports.updateOne(
      { _id: report._id },
      { $unset: { 'figures.tierMoves.top.$[].cause': '' } },
    );
    app.clock.set('2026-12-02T05:00:00Z');
    expect(
      under(await ask('report month 2026-11'), 'Tier moves in the month: 3 customers')[2],
    ).toBe(`*Xinhua Robotics* (${c.xinhua}): Normal → Strategic · annual purchases 300,000 CNY`);
  });

  test('in Chinese, and the quarterly review lists the tiers an override holds, with the tier the purchases give, who set it and since when', async () => {
    const c = await week48();
    await app.setSettings(() => ({ locale: 'zh-CN' }));
    app.clock.set('2027-01-05T02:00:00Z');
    const review = await ask('report quarter 2026-Q4');
    expect(under(review, '本季度等级变动：3 家客户')[2]).toBe(
      `*Xinhua Robotics*（${c.xinhua}）：普通客户 → 战略客户 · 由主管手动调整，并非采购额变化所致：“Industry leader &lt;robotics&gt; &amp; our 2027 target” · 年采购额 30万元`,
    );
    expect(under(review, '手动调整等级的客户：2 家')).toEqual([
      `*Keyed Co*（${c.keyed}）：重点客户，按采购额应为重点客户 · <@${MANAGER}> 于 2026-11-26 调整`,
      `*Xinhua Robotics*（${c.xinhua}）：战略客户，按采购额应为普通客户 · <@${MANAGER}> 于 2026-11-24 调整`,
    ]);
    await app.setSettings(() => ({ locale: 'en' }));
    app.clock.set('2027-01-05T03:00:00Z');
    expect(
      under(await ask('report quarter 2026-Q4'), 'Tiers held by an override: 2 customers'),
    ).toEqual([
      `*Keyed Co* (${c.keyed}): Key, its purchases give Key · set by <@${MANAGER}> on 2026-11-26`,
      `*Xinhua Robotics* (${c.xinhua}): Strategic, its purchases give Normal · set by <@${MANAGER}> on 2026-11-24`,
    ]);
  });
});

describe('the overrides in force, read as a report is sent', { timeout: 120_000 }, () => {
  test('once per report sent, and only where its message uses them: not for the monthly post in the channel, nor for a run that posts nothing', async () => {
    const c = await week48();
    // The reads of the overrides in force (ReportSource.heldTiers), counted on the wire.
    const client = app.db.conn.getClient();
    let reads = 0;
    const started = (ev: { commandName: string; command: Record<string, unknown> }) => {
      const filter = ev.command.filter as Record<string, unknown> | undefined;
      if (ev.commandName === 'find' && ev.command.find === 'customers' && filter?.tierOverride)
        reads++;
    };
    const counted: [string, number][] = [];
    const count = async (what: string, fn: () => Promise<unknown>) => {
      const before = reads;
      await fn();
      counted.push([what, reads - before]);
    };
    const slot = '2026-12-01T01:00:00Z';
    client.on('commandStarted', started);
    try {
      await count('month, the channel', () => runJobAt(app, monthlyReportJob, slot));
      await count('month, posted already', async () => {
        const ctx = await ctxOf(app, MANAGER);
        const run = await app.desk.flows.reports.publish(ctx, 'month', new Date(slot), {
          force: false,
        });
        expect(run).toEqual({ queued: 0, alreadyPosted: 1 });
      });
      app.clock.set('2026-12-02T02:00:00Z');
      await count('month, asked', () => ask('report month 2026-11'));
      app.clock.set('2026-12-02T03:00:00Z');
      await count('month, asked again', () => ask('report month 2026-11'));
      await count('quarter, the channel', () =>
        runJobAt(app, quarterlyReportJob, '2027-01-04T01:05:00Z'),
      );
    } finally {
      client.off('commandStarted', started);
    }
    expect(counted).toEqual([
      ['month, the channel', 0],
      ['month, posted already', 0],
      // The manager's report reads the reason of the move an override made: one read each.
      ['month, asked', 1],
      ['month, asked again', 1],
      // The quarterly review lists them.
      ['quarter, the channel', 1],
    ]);
    // What each says is as before.
    expect(under(app.fake.postsTo(DIGEST)[0]!, 'Tiers held by an override: 2 customers')).toEqual([
      `*Keyed Co* (${c.keyed}): Key, its purchases give Key · set by <@${MANAGER}> on 2026-11-26`,
      `*Xinhua Robotics* (${c.xinhua}): Strategic, its purchases give Normal · set by <@${MANAGER}> on 2026-11-24`,
    ]);
  });
});
