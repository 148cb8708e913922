// Tier ups and downs in the monthly report and the CSV the report CLI writes (moved from
// test/e2e/tier-move-counts.test.ts: it runs the report CLI as a child process): they agree with
// how many customers moved and who, a customer moved up and back counting as neither.
import { describe, expect, test } from 'vitest';
import { monthlyReportJob } from '../../jobs/report.js';
import { useTestApp } from '../helpers/app.js';
import { FAKE_TEAM_ID } from '../helpers/fake-slack.js';
import { monthCsvRows, runJobAt } from '../helpers/jobs.js';
import { lines, upAndBackAndUp } from '../helpers/tier-moves.js';

const DIGEST = 'C0DIGEST01';

// Shanghai. Week 48 is Mon 23 - Sun 29 November 2026, in the month of November.
const app = useTestApp({ env: { DIGEST_CHANNEL_ID: DIGEST }, now: '2026-11-16T02:00:00Z' });

describe('tier ups and downs count the customers the tier moves list', { timeout: 60_000 }, () => {
  test('the monthly report and its CSV: the tier ups and downs agree with how many moved and who', async () => {
    await upAndBackAndUp(app);
    // First working day of December, 09:00: November's report.
    await runJobAt(app, monthlyReportJob, '2026-12-01T01:00:00Z');
    const text = lines(app.fake.postsTo(DIGEST)[0]!);
    const heading = text.indexOf('*Tier moves in the month: 1 customer*');
    expect(heading).toBeGreaterThan(0);
    expect(text[heading + 1]).toMatch(/^\*Steady Climb\* \(C2026002\): Normal → Key$/);
    expect(text.join('\n')).not.toContain('Back and Forth');

    await app.desk.services.workspaces.settings(FAKE_TEAM_ID);
    const rows = await monthCsvRows(app, '2026-11', DIGEST);
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
