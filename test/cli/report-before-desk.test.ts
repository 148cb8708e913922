// revdigestzh F4 (lead's decision), the report CLI: a period that ended before the desk began
// serving the workspace has no report (its ticket figures would read as measured zeros), as
// `/desk report` refuses it (test/e2e/report-before-desk): exit 2, the first period it can report
// named, no file written; a period partly before is written. The job CLI's forced report-month
// of such a month posts nothing either (digest6: it posted a report of zeros), and says why; so
// does a forced weekly digest of such a week (digest7: it posted a digest of zeros). The tools run
// as child processes.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { useTestApp } from '../helpers/app.js';
import { FAKE_TEAM_ID } from '../helpers/fake-slack.js';
import { runTool, toolArgs } from '../helpers/jobs.js';
import { tempDir } from '../helpers/temp.js';

// Serving since Tuesday 10 March 2026 (quarter 2026-Q1, month 2026-03).
const DIGEST = 'C0DIGEST01';
const app = useTestApp({
  env: { DIGEST_CHANNEL_ID: DIGEST },
  now: '2026-10-08T02:00:00Z',
  since: '2026-03-10T04:00:00Z',
});

const report = (period: string, kind: string, out: string, ...extra: string[]) =>
  runTool(app, toolArgs('report'), [
    '--team',
    FAKE_TEAM_ID,
    '--period',
    period,
    '--kind',
    kind,
    '--out',
    out,
    ...extra,
  ]);

/**
 * `jobs <job> --force` at `at`, run in en then zh-CN: it runs, posts nothing and says its period
 * (its slot named as `slot`) ended before the desk served the workspace.
 */
async function expectForcedRunNotPosted(job: string, at: string, slot: string) {
  await app.desk.services.workspaces.settings(FAKE_TEAM_ID);
  app.fake.reset();
  const args = [job, '--team', FAKE_TEAM_ID, '--at', at, '--force'];
  const env = { DIGEST_CHANNEL_ID: DIGEST };
  const en = await runTool(app, toolArgs('jobs'), args, env);
  expect(en.stderr).toBe('');
  expect(en.status).toBe(0);
  expect(en.stdout).toBe(
    `${job} for ${FAKE_TEAM_ID}, slot ${slot}: ran, not posted: its period ended before the desk served this workspace (queued 0, beforeInstall 1)\n`,
  );
  const zh = await runTool(app, toolArgs('jobs'), [...args, '--locale', 'zh-CN'], env);
  expect(zh.status).toBe(0);
  expect(zh.stdout).toContain(
    '已运行，未发布：其时段在本工作区开始使用之前已结束（queued 0、beforeInstall 1）',
  );
  expect(app.fake.callsTo('chat.postMessage')).toEqual([]);
  expect(app.fake.callsTo('files.uploadV2')).toEqual([]);
}

describe('the report CLI for a period before the desk', { timeout: 60_000 }, () => {
  test('refused with the first period it can report, en and zh-CN; a period partly before is written', async () => {
    const dir = tempDir('report-before-');
    const q4 = join(dir, 'q4.csv');
    const en = await report('2025-Q4', 'quarter', q4);
    expect(en.status).toBe(2);
    expect(en.stderr).toBe(
      '2025-Q4 ended before the desk began serving this workspace (2026-03-10): there is no report of it; the first is 2026-Q1: --period 2026-Q1\n',
    );
    expect(existsSync(q4)).toBe(false);

    const zh = await report('2026-02', 'month', join(dir, 'feb.csv'), '--locale', 'zh-CN');
    expect(zh.status).toBe(2);
    expect(zh.stderr).toBe(
      '2026-02 在服务台开始服务本工作区（2026-03-10）之前已结束，没有它的报告；最早的是 2026-03：--period 2026-03\n',
    );

    const march = join(dir, 'march.csv');
    const written = await report('2026-03', 'month', march);
    expect(written.stderr).toBe('');
    expect(written.status).toBe(0);
    expect(existsSync(march)).toBe(true);
  });

  test('a forced report-month of a month before the desk posts nothing, and says why (en and zh-CN)', async () => {
    // Monday 2 March 2026, 09:00 in Shanghai: the slot of the report of February.
    await expectForcedRunNotPosted(
      'report-month',
      '2026-03-02T01:00:00Z',
      '2026-03-02 09:00 GMT+8 (for 2026-02)',
    );
  });

  test('a forced digest of a week before the desk posts nothing either, and says why (en and zh-CN)', async () => {
    // Monday 9 March 2026, 09:00 in Shanghai: the slot of the digest of week 10 (2-8 March).
    await expectForcedRunNotPosted(
      'digest',
      '2026-03-09T01:00:00Z',
      '2026-03-09 09:00 GMT+8 (for 2026-W10)',
    );
  });
});
