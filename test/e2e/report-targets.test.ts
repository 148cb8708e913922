// digest7: domain 6's targets vs actuals for the repurchase rate (manual E: 55 %) and referrals
// (25 % of new customers). An admin sets them in the digest group of `/desk settings`, with the
// other targets; the monthly report shows each beside its actual, en and zh-CN; the retention
// rate reads beside the churn rate. Through Bolt and the report job.
import { describe, expect, test } from 'vitest';
import { monthlyReportJob } from '../../jobs/report.js';
import { useTestApp } from '../helpers/app.js';
import { runJobAt } from '../helpers/jobs.js';
import { reportMonths } from '../helpers/report-months.js';
import { settingsKit } from '../helpers/settings.js';

const ADMIN = 'U0ADMIN001';
const DIGEST = 'C0DIGEST01';

// Shanghai; the months are September and October 2026 (reportMonths' twoMonths: repurchase 1 of
// 2, referrals 1 of 2 new customers, 1 of 2 customers at the start churned).
const app = useTestApp({
  env: { ADMIN_USER_IDS: ADMIN, DIGEST_CHANNEL_ID: DIGEST },
  now: '2026-09-01T02:00:00Z',
  since: '2026-01-01T00:00:00Z',
});
const { twoMonths } = reportMonths(app);
const { settings, block, label, openGroup } = settingsKit(app, ADMIN);

/** The posted report's fields, label -> the lines under it joined with ' | '. */
function fields(message: { args: Record<string, unknown> }): Record<string, string> {
  const out: Record<string, string> = {};
  for (const block of message.args.blocks as { fields?: { text: string }[] }[])
    for (const f of block.fields ?? []) {
      const [name, ...rest] = f.text.split('\n');
      out[name!.replace(/\*/g, '')] = rest.join(' | ');
    }
  return out;
}

describe('the repurchase and referral targets', { timeout: 60_000 }, () => {
  test('the defaults in Chinese: 55 % and 25 %, beside the actuals; the retention rate beside the churn rate', async () => {
    await twoMonths();
    await app.setSettings(() => ({ locale: 'zh-CN' }));
    await runJobAt(app, monthlyReportJob, '2026-11-02T01:00:00Z');
    const shown = fields(app.fake.postsTo(DIGEST)[0]!);
    expect(shown['复购率']).toBe('50.0% | 上一周期下单的 2 家客户中 1 家再次下单 | ⚠️ 目标 55%');
    expect(shown['新客户中转介绍占比']).toBe('50.0% | 2 家新客户中 1 家 | ✅ 目标 25%');
    expect(shown['留存率']).toBe(
      '50.0%（较 2026 年 9 月 −50 个百分点） | 期初 2 家客户中 1 家留存',
    );
    expect(shown['流失率']).toBe('50.0%（较 2026 年 9 月 +50 个百分点） | 期初 2 家客户中 1 家');
  });

  test('set by an admin in the digest group (checked inline, logged), then held to by the report', async () => {
    await twoMonths();
    const view = await openGroup('digest');
    expect(block(view, 'target_repurchase').element.initial_value).toBe('55');
    expect(block(view, 'target_referral').element.initial_value).toBe('25');
    expect(label(view, 'target_repurchase')).toBe('Report target: repurchase rate (%)');
    expect(label(view, 'target_referral')).toBe('Report target: referrals among new customers (%)');
    const bad = await app.slack.submitView(
      view,
      { target_repurchase: '101', target_referral: 'many' },
      { userId: ADMIN },
    );
    expect(Object.keys((bad.body as { errors: Record<string, string> }).errors).sort()).toEqual([
      'target_referral',
      'target_repurchase',
    ]);
    const res = await app.slack.submitView(
      view,
      { target_repurchase: '45', target_referral: '60' },
      { userId: ADMIN },
    );
    expect(res.body).toBe('');
    const { targets } = (await settings()).digest;
    expect(targets).toMatchObject({ repurchaseRate: 0.45, referralShare: 0.6, nps: 85 });
    const history = await app.slack.command('/desk', 'settings history', { userId: ADMIN });
    expect(JSON.stringify(history.body.blocks)).toContain(
      'Report target: repurchase rate (%): 55 → 45',
    );

    await runJobAt(app, monthlyReportJob, '2026-11-02T01:00:00Z');
    const shown = fields(app.fake.postsTo(DIGEST)[0]!);
    expect(shown['Repurchase rate']).toBe(
      '50.0% | 1 of 2 customers who ordered in the period before | ✅ target 45%',
    );
    expect(shown['Referrals among new customers']).toBe(
      '50.0% | 1 of 2 new customers | ⚠️ target 60%',
    );
  });

  test('a month reported, then its targets changed: `/desk report` shows it against the targets it was built with', async () => {
    await twoMonths();
    await runJobAt(app, monthlyReportJob, '2026-11-02T01:00:00Z');
    expect(fields(app.fake.postsTo(DIGEST)[0]!)['Repurchase rate']).toContain('⚠️ target 55%');
    await app.setSettings(({ digest }) => ({
      digest: { ...digest, targets: { ...digest.targets, repurchaseRate: 0.45 } },
    }));
    app.clock.set('2026-11-05T02:00:00Z');
    app.fake.reset();
    const res = await app.slack.command('/desk', 'report month 2026-10', { userId: ADMIN });
    expect(res.body).toMatchObject({
      text: 'The 2026-10 report is in your direct messages from the desk.',
    });
    const [sent] = app.fake.postsTo(`D${ADMIN.slice(1)}`);
    expect(fields(sent!)['Repurchase rate']).toBe(
      '50.0% | 1 of 2 customers who ordered in the period before | ⚠️ target 55%',
    );
  });

  test('a digest modal drawn before these targets existed (no inputs of them) saves and keeps them', async () => {
    await app.setSettings(({ digest }) => ({
      digest: { ...digest, targets: { ...digest.targets, repurchaseRate: 0.5 } },
    }));
    const view = await openGroup('digest');
    // As a modal opened before the deploy: neither input.
    const old = {
      ...view,
      blocks: view.blocks.filter(
        (b: { block_id?: string }) =>
          b.block_id !== 'target_repurchase' && b.block_id !== 'target_referral',
      ),
    };
    const res = await app.slack.submitView(old, { target_nps: '80' }, { userId: ADMIN });
    expect(res.body).toBe('');
    expect((await settings()).digest.targets).toMatchObject({
      nps: 80,
      repurchaseRate: 0.5,
      referralShare: 0.25,
    });
  });
});
