// revdigestzh F4 (lead's decision), the report CLI: a period that ended before the desk began
// serving the workspace has no report (its ticket figures would read as measured zeros), as
// `/desk report` refuses it (test/e2e/report-before-desk): exit 2, the first period it can report
// named, no file written; a period partly before is written. The tool runs as a child process.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { useTestApp } from '../helpers/app.js';
import { FAKE_TEAM_ID } from '../helpers/fake-slack.js';
import { runTool, toolArgs } from '../helpers/jobs.js';
import { tempDir } from '../helpers/temp.js';

// Serving since Tuesday 10 March 2026 (quarter 2026-Q1, month 2026-03).
const app = useTestApp({ now: '2026-10-08T02:00:00Z', since: '2026-03-10T04:00:00Z' });

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
});
