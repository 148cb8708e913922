import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { useTestApp } from '../helpers/app.js';
import { FAKE_TEAM_ID } from '../helpers/fake-slack.js';
import { jobCliEnv, toolArgs } from '../helpers/jobs.js';
import { captureLogs } from '../helpers/logs.js';
import { tempDir } from '../helpers/temp.js';

const app = useTestApp({ now: '2026-11-24T02:00:00Z' });
const ADMIN = 'U0OPERATOR';

/**
 * A tool whose output is piped into `head`: the reader goes away after the first bytes. What the
 * tool said on stderr, and its exit code.
 */
async function intoHead(tool: 'customers' | 'privacy', args: string[]) {
  const child = spawn(process.execPath, [...toolArgs(tool), ...args], {
    env: jobCliEnv(app, { ADMIN_USER_IDS: ADMIN }),
  });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  child.stdout.once('data', () => child.stdout.destroy());
  const code = await new Promise<number | null>((r) => child.on('close', r));
  return { stderr, code };
}

test(
  'privacy log piped into head: it stops quietly, exit 0, no EPIPE stack trace',
  { timeout: 60_000 },
  async () => {
    await app.setSettings(() => ({ admins: [ADMIN] }));
    const ctx = await app.desk.services.workspaces.context({
      teamId: FAKE_TEAM_ID,
      actor: ADMIN,
      now: new Date(),
      log: captureLogs().log,
      origin: 'import',
    });
    for (let i = 0; i < 100; i++)
      await app.desk.services.privacyLog.record(ctx, 'export.customers', 'all', {
        n: i,
        pad: 'x'.repeat(2000),
      });
    const run = await intoHead('privacy', ['log', '--team', FAKE_TEAM_ID, '--as', ADMIN]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
  },
);

test(
  'customers import piped into head: the files after the first are still imported, no EPIPE stack trace',
  { timeout: 60_000 },
  async () => {
    await app.setSettings(() => ({ admins: [ADMIN] }));
    const d = tempDir('into-head-');
    const customers = join(d, 'c.csv');
    // More refused rows than a pipe holds: the reader is gone before the customers' lines are said.
    const bad = Array.from({ length: 3000 }, (_, i) => `Bad ${i},machinery,exhibition,not-a-date`);
    writeFileSync(
      customers,
      [
        'Name,Industry,Source,First contact',
        'Pipe Co,machinery,exhibition,2025-01-01',
        ...bad,
      ].join('\n'),
    );
    const orders = join(d, 'o.csv');
    writeFileSync(orders, 'Customer,Order date,Amount,Order no\nPipe Co,2026-10-01,1000,SO-9\n');
    const run = await intoHead('customers', [
      'import',
      '--team',
      FAKE_TEAM_ID,
      '--as',
      ADMIN,
      '--file',
      customers,
      '--orders',
      orders,
    ]);
    expect(run.stderr).toBe('');
    // The refused rows make it 1, as without the pipe.
    expect(run.code).toBe(1);
    const db = app.db.conn.db!;
    expect(await db.collection('customers').countDocuments({ teamId: FAKE_TEAM_ID })).toBe(1);
    expect(await db.collection('orders').countDocuments({ teamId: FAKE_TEAM_ID })).toBe(1);
  },
);
