import { spawn } from 'node:child_process';
import { closeSync, lstatSync, openSync, readFileSync, statSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { useTestApp } from '../helpers/app.js';
import { AGENT, OWNER } from '../helpers/factories.js';
import { FAKE_TEAM_ID } from '../helpers/fake-slack.js';
import { jobCliEnv, runTool, toolArgs } from '../helpers/jobs.js';
import { AGENT2, reportMonths } from '../helpers/report-months.js';
import { tempDir } from '../helpers/temp.js';

// The monthly report as an operator reaches it outside Slack: the job CLI replaying a slot, and
// the report CLI's CSV. The figures themselves are test/e2e/reports' (the same desk, twoMonths);
// these start the tools as child processes, seconds each, so they run here and not in `npm test`.
const DIGEST = 'C0DIGEST01';
const app = useTestApp({ env: { DIGEST_CHANNEL_ID: DIGEST }, now: '2026-09-01T02:00:00Z' });
const { twoMonths } = reportMonths(app);

/** The CLI (jobs or report) as a child process against this app's database and fake Slack. */
const cli = (entry: string[], ...args: string[]) =>
  runTool(app, entry, args, { DIGEST_CHANNEL_ID: DIGEST });

describe('the monthly report from the command line', { timeout: 60_000 }, () => {
  test('--at replay in the job CLI posts the month once', async () => {
    await twoMonths();
    await app.desk.services.workspaces.settings(FAKE_TEAM_ID);
    await app.desk.outbox.drain(); // the seeding's own messages out of the way
    app.fake.reset();
    const at = ['report-month', '--team', FAKE_TEAM_ID, '--at', '2026-11-03T02:00:00Z'];
    const first = await cli(toolArgs('jobs'), ...at);
    expect(first.stderr).toBe('');
    // (The seeding's ticket notices, refused by the fake while time stood still, are retried too.)
    expect(first.stdout).toMatch(
      new RegExp(
        `^report-month for ${FAKE_TEAM_ID}, slot 2026-11-02 09:00 GMT\\+8 \\(for 2026-10\\): ran \\(queued 1\\)\noutbox: sent 1, `,
      ),
    );
    expect(app.fake.postsTo(DIGEST).map((p) => p.args.text)).toEqual([
      'Monthly report · 2026-10 (2026-10-01 – 2026-10-31): 3 new tickets, 2 resolved; resolutions within SLA: 100.0%, first responses on time: 100.0%; 0 churn warnings',
    ]);
    const again = await cli(toolArgs('jobs'), ...at);
    expect(again.stdout).toBe(
      `report-month for ${FAKE_TEAM_ID}, slot 2026-11-02 09:00 GMT+8 (for 2026-10): already run (queued 1) (use --force to run it again)\n`,
    );
    expect(app.fake.postsTo(DIGEST)).toHaveLength(1);
  });

  test('CSV export: every figure of the month, built from the records when not stored', async () => {
    await twoMonths();
    await app.desk.services.workspaces.settings(FAKE_TEAM_ID);
    // The targets the report is read against, as set (one of them changed from its default).
    await app.setSettings((s) => ({
      ...s,
      digest: { ...s.digest, targets: { ...s.digest.targets, repurchaseRate: 0.6 } },
    }));
    const out = join(tempDir('report-'), 'october.csv');
    const csv = await cli(
      toolArgs('report'),
      '--team',
      FAKE_TEAM_ID,
      '--period',
      '2026-10',
      '--kind',
      'month',
      '--out',
      out,
    );
    expect(csv.stderr).toBe('');
    expect(csv.status).toBe(0);
    const rows = readFileSync(out, 'utf8')
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\n');
    expect(csv.stdout).toBe(`month 2026-10: ${rows.length - 1} figures to ${out}\n`);
    expect(rows[0]).toBe('kind,period,section,figure,who,value');
    // Whose customers make up a tier's revenue is no figure of the file.
    expect(rows.filter((r) => r.includes('revenueOwners'))).toEqual([]);
    for (const row of [
      'month,2026-10,overall,opened,,3',
      'month,2026-10,overall,openedByType,consultation,1',
      'month,2026-10,overall,openedByType,after_sales,1',
      'month,2026-10,overall,openedByType,demand,0',
      'month,2026-10,overall,backlog,,1',
      'month,2026-10,overall,customersByTier,strategic,1',
      'month,2026-10,retention,repurchaseRate,,0.5',
      'month,2026-10,retention,referralShare,,0.5',
      'month,2026-10,retention,churnRate,,0.5',
      'month,2026-10,retention,churnReason,competitor,1',
      'month,2026-10,retention,newNeeds,,1',
      'month,2026-10,retention,needConversion,,1',
      'month,2026-10,retention,complaintRate,,0.3333333333333333',
      'month,2026-10,retention,revenue,,700000',
      'month,2026-10,tier,revenue,strategic,500000',
      'month,2026-10,tier,contributionChange,key,-1',
      'month,2026-10,tier,contributionChange,normal,1',
      'month,2026-10,tier,satisfactionTarget,normal,90',
      'month,2026-10,tier,opened,normal,2',
      `month,2026-10,owner,followUpsDone,${OWNER},1`,
      `month,2026-10,owner,conversions,${OWNER},1`,
      `month,2026-10,owner,revenue,${OWNER},700000`,
      `month,2026-10,agent,medianHandlingMinutes,${AGENT2},540`,
      `month,2026-10,agent,firstContactResolution,${AGENT},1`,
      `month,2026-10,agent,satisfaction,${AGENT2},60`,
      `month,2026-10,agent,onTime,${AGENT},1`,
      `month,2026-10,agent,responded,${AGENT},2`,
      `month,2026-10,agent,responseOnTime,${AGENT},1`,
      `month,2026-10,agent,followUpsDone,${AGENT2},1`,
      // Alpha's October order made it strategic: who moved, named, from and to.
      'month,2026-10,tierMove,moved,,1',
      'month,2026-10,tierMove,name,C2026001,Alpha',
      'month,2026-10,tierMove,from,C2026001,key',
      'month,2026-10,tierMove,to,C2026001,strategic',
      'month,2026-10,tierMove,annualRevenue,C2026001,1100000',
      // Its purchases moved it, not a manager's override.
      'month,2026-10,tierMove,cause,C2026001,revenue',
      // The targets: the reports' own (repurchase, referrals) beside the digest's.
      'month,2026-10,target,repurchaseRate,,0.6',
      'month,2026-10,target,referralShare,,0.25',
      'month,2026-10,target,responseOnTime,,0.95',
      'month,2026-10,target,satisfaction,,90',
    ])
      expect(rows).toContain(row);
    // The low churn risk is not known before a signals run computed it: no row, rather than 0.
    expect(rows.filter((r) => r.includes(',lowRiskCustomers,'))).toEqual([]);

    // The file holds the owners' revenue: readable by its owner only, as the personal-data
    // exports; a symbolic link is refused in one line, nothing written through it.
    expect(statSync(out).mode & 0o777).toBe(0o600);
    const dir = tempDir('report-');
    const link = join(dir, 'link.csv');
    symlinkSync(join(dir, 'elsewhere.csv'), link);
    const linked = await cli(
      toolArgs('report'),
      '--team',
      FAKE_TEAM_ID,
      '--period',
      '2026-10',
      '--out',
      link,
    );
    expect(linked.status).toBe(1);
    expect(linked.stderr.split('\n')).toHaveLength(2);
    expect(linked.stderr).not.toMatch(/ELOOP|EISDIR|failed/);
    expect(() => lstatSync(join(dir, 'elsewhere.csv'))).toThrow();

    // Redirected to a file (`> q3.csv`), the CSV holds the stored text as the --out file does: a
    // line break kept in its quoted cell, not rewritten as \u{a}, and the name as stored.
    await app.db.models.customers.updateOne(
      { teamId: FAKE_TEAM_ID, code: 'C2026001' },
      { $set: { name: 'Alpha\nBeta\u001b]0;TITLE\u0007\u001b[31mRed' } },
    );
    const saved = join(tempDir('report-'), 'q3.csv');
    const fd = openSync(saved, 'w');
    const redirected = spawn(
      process.execPath,
      [...toolArgs('report'), '--team', FAKE_TEAM_ID, '--period', '2026-10'],
      { env: jobCliEnv(app, { DIGEST_CHANNEL_ID: DIGEST }), stdio: ['ignore', fd, 'inherit'] },
    );
    const redirectedStatus = await new Promise<number | null>((done, fail) => {
      redirected.on('error', fail);
      redirected.on('close', done);
    });
    closeSync(fd);
    expect(redirectedStatus).toBe(0);
    expect(readFileSync(saved, 'utf8')).toContain(
      'month,2026-10,tierMove,name,C2026001,"Alpha\nBeta\u001b]0;TITLE\u0007\u001b[31mRed"',
    );
    // Into a pipe (`| head`, `| grep`: the terminal reads it), the line break stays in its quoted
    // cell, and what would retitle and recolour the terminal is shown, never sent.
    const piped = await cli(toolArgs('report'), '--team', FAKE_TEAM_ID, '--period', '2026-10');
    expect(piped.status).toBe(0);
    expect(piped.stdout).toContain(
      'month,2026-10,tierMove,name,C2026001,"Alpha\nBeta\\u{1b}]0;TITLE\\u{7}\\u{1b}[31mRed"',
    );
    expect(piped.stdout).not.toContain('\\u{a}');
    expect(piped.stdout).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/);

    // Printed to a terminal, a name's control characters are shown, never sent: a name that
    // would retitle and recolour the terminal (as an import stores it). The tool run in a
    // pseudo-terminal (`script`).
    await app.db.models.customers.updateOne(
      { teamId: FAKE_TEAM_ID, code: 'C2026001' },
      { $set: { name: 'Alpha\u001b]0;TITLE\u0007\u001b[31mRed' } },
    );
    const command = [process.execPath, ...toolArgs('report'), '--team', FAKE_TEAM_ID]
      .concat(['--period', '2026-10'])
      .map((w) => `'${w.replace(/'/g, "'\\''")}'`)
      .join(' ');
    const child = spawn('script', ['-qec', command, '/dev/null'], {
      env: jobCliEnv(app, { DIGEST_CHANNEL_ID: DIGEST }),
    });
    let output = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (output += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (output += d));
    const status = await new Promise<number | null>((done, fail) => {
      child.on('error', fail);
      child.on('close', done);
    });
    const printed = { status, stdout: output, stderr: output };
    expect(printed.status, printed.stderr).toBe(0);
    expect(printed.stdout).toContain(
      'month,2026-10,tierMove,name,C2026001,Alpha\\u{1b}]0;TITLE\\u{7}\\u{1b}[31mRed',
    );
    // Only the terminal's own line ends (\r\n) are control characters.
    expect(printed.stdout.replace(/\r\n/g, '\n')).not.toMatch(
      /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/,
    );

    const notEnded = await cli(toolArgs('report'), '--team', FAKE_TEAM_ID, '--period', '2027-Q1');
    expect(notEnded.status).toBe(2);
    expect(notEnded.stderr).toBe(
      '2027-Q1 has not ended yet; the last full one is 2026-Q3: --period 2026-Q3\n',
    );

    // A --kind that does not fit the period says which kind each shape is, and that it may go.
    const wrongKind = await cli(
      toolArgs('report'),
      '--team',
      FAKE_TEAM_ID,
      '--period',
      '2026-Q3',
      '--kind',
      'month',
    );
    expect(wrongKind.status).toBe(2);
    expect(wrongKind.stderr.split('\n')[0]).toBe(
      'kind: the period is not of that kind (2026-10 is a month, 2026-Q3 a quarter, 2026-W44 a week); leave --kind out to read it from the period',
    );
  });

  test('CSV export of a month stored before its targets changed: the targets stored with it; a report stored before they were kept says its targets are today’s', async () => {
    await twoMonths();
    await app.desk.services.workspaces.settings(FAKE_TEAM_ID);
    const setRepurchase = (repurchaseRate: number) =>
      app.setSettings((s) => ({
        ...s,
        digest: { ...s.digest, targets: { ...s.digest.targets, repurchaseRate } },
      }));
    /** October's CSV rows of targets (`target` or `targetNow`). */
    const targetRows = async (...more: string[]) => {
      const csv = await cli(
        toolArgs('report'),
        '--team',
        FAKE_TEAM_ID,
        '--period',
        '2026-10',
        ...more,
      );
      expect(csv.stderr).toBe('');
      expect(csv.status).toBe(0);
      return csv.stdout
        .replace(/^\uFEFF/, '')
        .trim()
        .split('\n')
        .filter((r) => /^month,2026-10,target(Now)?,/.test(r));
    };
    // Built (and stored) with a repurchase target of 60 %; the target is 70 % since.
    await setRepurchase(0.6);
    expect(await targetRows()).toContain('month,2026-10,target,repurchaseRate,,0.6');
    await setRepurchase(0.7);
    const stored = await targetRows();
    expect(stored).toContain('month,2026-10,target,repurchaseRate,,0.6');
    expect(stored).toContain('month,2026-10,target,responseOnTime,,0.95');
    expect(stored.filter((r) => r.includes('0.7') || r.includes('targetNow'))).toEqual([]);
    // A report stored before the targets were kept with it: today's, named so.
    await app.db.models.reports.updateOne(
      { teamId: FAKE_TEAM_ID, period: '2026-10' },
      { $unset: { 'figures.targets': 1 } },
    );
    const old = await targetRows();
    expect(old).toContain('month,2026-10,targetNow,repurchaseRate,,0.7');
    expect(old).toContain('month,2026-10,targetNow,responseOnTime,,0.95');
    expect(old.filter((r) => r.includes(',target,'))).toEqual([]);
    // Rebuilt (`--rebuild`): still a report without targets of its own, not today's stored as
    // October's.
    const report = () =>
      app.db.models.reports.findOne({ teamId: FAKE_TEAM_ID, period: '2026-10' }).lean();
    const builtAt = (await report())!.builtAt;
    const rebuilt = await targetRows('--rebuild');
    expect((await report())!.builtAt.getTime()).toBeGreaterThan(builtAt.getTime());
    expect((await report())!.figures.targets).toBeUndefined();
    expect(rebuilt).toContain('month,2026-10,targetNow,repurchaseRate,,0.7');
    expect(rebuilt.filter((r) => r.includes(',target,'))).toEqual([]);
  });
});
