import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { digestJob } from '../../jobs/digest.js';
import { monthlyReportJob } from '../../jobs/report.js';
import { useTestApp } from '../helpers/app.js';
import { ctxOf, makeCustomer, OWNER } from '../helpers/factories.js';
import { FAKE_TEAM_ID } from '../helpers/fake-slack.js';
import { runJobAt, runTool } from '../helpers/jobs.js';

const DIGEST = 'C0DIGEST01';
const MANAGER = 'U0MANAGER1';

// Shanghai. Week 48 is Mon 23 - Sun 29 November 2026, in the month of November.
const app = useTestApp({ env: { DIGEST_CHANNEL_ID: DIGEST }, now: '2026-11-16T02:00:00Z' });
const local = (day: number, hhmm: string) =>
  new Date(`2026-11-${String(day).padStart(2, '0')}T${hhmm}:00+08:00`);

/**
 * Two normal customers recorded on Mon 16 November. In week 48 a manager overrides Back and
 * Forth's tier to strategic (Tue 24) and takes the override back (Thu 26): up and back, it did
 * not move; Steady Climb's order of 510,000 on Wed 25 makes it key (manual A's 500,000).
 */
async function upAndBackAndUp() {
  await app.setSettings(() => ({ managers: [MANAGER] }));
  app.clock.set(local(16, '10:00'));
  const back = await makeCustomer(app, { name: 'Back and Forth', firstContactDate: '2026-11-16' });
  const climb = await makeCustomer(app, { name: 'Steady Climb', firstContactDate: '2026-11-16' });
  app.clock.set(local(24, '10:00'));
  await app.desk.services.customers.update(await ctxOf(app, MANAGER), back.code, {
    tierOverride: { tier: 'strategic', reason: 'Group contract' },
  });
  app.clock.set(local(25, '12:00'));
  await app.desk.services.customers.recordOrder(await ctxOf(app, OWNER), climb.code, {
    date: '2026-11-25',
    amount: 510_000,
    number: 'SC-1',
  });
  app.clock.set(local(26, '10:00'));
  await app.desk.services.customers.update(await ctxOf(app, MANAGER), back.code, {
    tierOverride: null,
  });
  const tiers = await app.db.models.customerChanges
    .find({ customerId: back.id, field: 'tier' })
    .sort({ at: 1 })
    .lean();
  expect(tiers.map((c) => [c.oldValue, c.newValue])).toEqual([
    ['normal', 'strategic'],
    ['strategic', 'normal'],
  ]);
}

/** The blocks' text lines (sections and context). */
const lines = (message: { args: Record<string, unknown> }) =>
  (message.args.blocks as any[]).flatMap((b) =>
    String(b.text?.text ?? b.elements?.[0]?.text ?? '').split('\n'),
  );

describe('tier ups and downs count the customers the tier moves list', { timeout: 60_000 }, () => {
  test('the weekly digest: a customer moved up and back is neither counted nor listed; one that moved up is both', async () => {
    await upAndBackAndUp();
    await runJobAt(app, digestJob, '2026-11-30T01:00:00Z');
    const post = app.fake.postsTo(DIGEST)[0]!;
    const text = lines(post);
    expect(JSON.stringify(post.args.blocks)).toContain('Tier changes this week: 1 up, 0 down.');
    const heading = text.indexOf('*Tier moves in the week: 1 customer*');
    expect(heading).toBeGreaterThan(0);
    expect(text[heading + 1]).toMatch(/^\*Steady Climb\* \(C2026002\): Normal → Key$/);
    expect(text.join('\n')).not.toContain('Back and Forth');
  });

  test('the monthly report and its CSV: the tier ups and downs agree with how many moved and who', async () => {
    await upAndBackAndUp();
    // First working day of December, 09:00: November's report.
    await runJobAt(app, monthlyReportJob, '2026-12-01T01:00:00Z');
    const text = lines(app.fake.postsTo(DIGEST)[0]!);
    const heading = text.indexOf('*Tier moves in the month: 1 customer*');
    expect(heading).toBeGreaterThan(0);
    expect(text[heading + 1]).toMatch(/^\*Steady Climb\* \(C2026002\): Normal → Key$/);
    expect(text.join('\n')).not.toContain('Back and Forth');

    await app.desk.services.workspaces.settings(FAKE_TEAM_ID);
    const out = join(mkdtempSync(join(tmpdir(), 'report-')), 'november.csv');
    const csv = await runTool(
      app,
      ['--import', 'tsx', 'src/cli/report.ts'],
      ['--team', FAKE_TEAM_ID, '--period', '2026-11', '--kind', 'month', '--out', out],
      { DIGEST_CHANNEL_ID: DIGEST },
    );
    expect(csv.stderr).toBe('');
    const rows = readFileSync(out, 'utf8')
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\n');
    const tierRows = rows.filter((r) => /,(tierUps|tierDowns|moved),|,tierMove,(from|to),/.test(r));
    expect(tierRows).toEqual([
      'month,2026-11,overall,tierUps,,1',
      'month,2026-11,overall,tierDowns,,0',
      'month,2026-11,tier,tierUps,strategic,0',
      'month,2026-11,tier,tierDowns,strategic,0',
      'month,2026-11,tier,tierUps,key,1',
      'month,2026-11,tier,tierDowns,key,0',
      'month,2026-11,tier,tierUps,normal,0',
      'month,2026-11,tier,tierDowns,normal,0',
      'month,2026-11,tierMove,moved,,1',
      'month,2026-11,tierMove,from,C2026002,normal',
      'month,2026-11,tierMove,to,C2026002,key',
    ]);
  });
});
