// Someone whose only figure is a ticket they filed late (a manager typing in a phone call) has
// no per-agent line of their own, which would say nothing after their name: the logged-late
// line names them, and a week nobody resolved anything still says so. The report's CSV gives
// them that row alone.
import { expect, test } from 'vitest';
import { digestJob } from '../../jobs/digest.js';
import { monthlyReportJob } from '../../jobs/report.js';
import { periodWindow } from '../../src/digest/periods.js';
import { reportCsvRows } from '../../src/ui/report.js';
import { useTestApp } from '../helpers/app.js';
import { lastModalView } from '../helpers/clicks.js';
import { AGENT, makeCustomer } from '../helpers/factories.js';
import { deskInUseSince } from '../helpers/first-record.js';
import { runJobAt } from '../helpers/jobs.js';

const TRIAGE = 'C0TRIAGE01';
const DIGEST = 'C0DIGEST01';
const MANAGER = 'U0MANAGER1';
const app = useTestApp({
  env: { TRIAGE_CHANNEL_ID: TRIAGE, DIGEST_CHANNEL_ID: DIGEST },
  now: '2026-11-24T02:00:00Z',
  since: '2026-01-01T00:00:00Z',
});

/** The lines of the digest channel's last post that name `user`, and the post's text. */
function linesNaming(user: string): { lines: string[]; text: string } {
  const blocks = app.fake.postsTo(DIGEST).at(-1)!.args.blocks as any[];
  const text = blocks
    .flatMap((b) => [
      b.text?.text,
      ...(b.fields ?? []).map((f: any) => f.text),
      ...(b.elements ?? []).map((e: any) => e.text),
    ])
    .filter(Boolean)
    .join('\n');
  return { lines: text.split('\n').filter((s) => s.includes(`<@${user}>`)), text };
}

test('a manager who only filed a phone call late: named on the logged-late line, no empty agent line, in the digest and the monthly report (zh-CN), one CSV row', async () => {
  await app.setSettings(() => ({ agents: [AGENT], managers: [MANAGER] }));
  await deskInUseSince(app);
  const customer = (await makeCustomer(app, { annualRevenue: 600_000 })).code;
  // Received Mon 23 Nov 09:00, filed Tue 24 10:00: 10 business hours late.
  await app.slack.command('/ticket', 'new Spindle error', { userId: MANAGER });
  await app.slack.submitView(
    lastModalView(app),
    {
      customer,
      type: 'after_sales',
      severity: 'important',
      description: 'Spindle error E42, reported by phone',
      received_date: '2026-11-23',
      received_time: '09:00',
    },
    { userId: MANAGER },
  );

  await runJobAt(app, digestJob, '2026-11-30T01:30:00Z');
  const week = linesNaming(MANAGER);
  expect(week.lines).toEqual([expect.stringContaining('by who filed them')]);
  expect(week.text).toContain('No tickets were resolved this week.');

  await app.setSettings(() => ({ locale: 'zh-CN' }));
  await runJobAt(app, monthlyReportJob, '2026-12-01T01:30:00Z');
  const month = linesNaming(MANAGER);
  expect(month.lines).toHaveLength(1);
  expect(month.lines[0]).toContain(`<@${MANAGER}> 1 张`);
  expect(month.lines[0]).not.toMatch(new RegExp(`<@${MANAGER}>[:：]\\s*$`));

  const stored = (await app.db.models.reports.findOne({ period: '2026-11' }).lean())!;
  const rows = reportCsvRows(periodWindow('2026-11', 'Asia/Shanghai')!, stored.figures as never)
    .filter((r) => r[2] === 'agent' && r[4] === MANAGER)
    .map((r) => r.join(','));
  expect(rows).toEqual(['month,2026-11,agent,loggedLate,U0MANAGER1,1']);
});
