// `npm run privacy -- log --kind <kind>` lists that kind alone, with the words `/desk privacy log
// <kind>` takes and the kinds each word stands for (one list, PRIVACY_LOG_FILTERS); another word
// is refused naming them, exit 2, before anything is read.
import { describe, expect, test } from 'vitest';
import { useTestApp } from '../helpers/app.js';
import { runTool, toolArgs } from '../helpers/jobs.js';
import { FAKE_TEAM_ID } from '../helpers/fake-slack.js';
import { ctxOf } from '../helpers/factories.js';

const ADMIN = 'U0ADMIN001';
const app = useTestApp({ env: { ADMIN_USER_IDS: ADMIN }, now: '2026-11-24T02:00:00Z' });

const privacy = (...args: string[]) =>
  runTool(app, toolArgs('privacy'), args, { ADMIN_USER_IDS: ADMIN });
const LOG = ['log', '--team', FAKE_TEAM_ID, '--as', ADMIN];
/** The kinds of the lines listed, in order (newest first). */
const kinds = (stdout: string) =>
  stdout
    .trim()
    .split('\n')
    .filter(Boolean)
    .map((l) => l.split('\t')[1]);

describe('privacy log --kind', { timeout: 120_000 }, () => {
  test('each kind lists its entries alone, as Slack does; without one every kind, views too', async () => {
    const ctx = await ctxOf(app, ADMIN);
    const log = app.desk.services.privacyLog;
    const at = (minute: number) => ({ ...ctx, now: new Date(Date.UTC(2026, 10, 24, 1, minute)) });
    await log.record(at(1), 'export.customers', 'all', { masked: true });
    await log.record(at(2), 'view', 'C2026001');
    await log.record(at(3), 'erase', 'C2026001 contact');
    await log.record(at(4), 'retention', 'all');
    await log.record(at(5), 'export.subject', 'C2026001');
    await log.record(at(6), 'erase.workspace', FAKE_TEAM_ID);

    const erase = await privacy(...LOG, '--kind', 'erase');
    expect(erase.status).toBe(0);
    expect(kinds(erase.stdout)).toEqual(['erase.workspace', 'erase']);
    expect(kinds((await privacy(...LOG, '--kind', 'export')).stdout)).toEqual([
      'export.subject',
      'export.customers',
    ]);
    expect(kinds((await privacy(...LOG, '--kind', 'retention')).stdout)).toEqual(['retention']);
    expect(kinds((await privacy(...LOG, '--kind', 'view')).stdout)).toEqual(['view']);
    expect(kinds((await privacy(...LOG)).stdout)).toEqual([
      'erase.workspace',
      'export.subject',
      'retention',
      'erase',
      'view',
      'export.customers',
    ]);
  });

  test('another word is refused naming the kinds, with the usage, exit 2 (en, zh-CN); --kind is log’s alone', async () => {
    const en = await privacy(...LOG, '--kind', 'erasures');
    expect(en.status).toBe(2);
    expect(en.stdout).toBe('');
    expect(en.stderr).toContain('kind: one of erase, export, retention, view\n');
    expect(en.stderr).toContain('[--kind erase|export|retention|view]');
    const zh = await privacy(...LOG, '--kind', 'erasures', '--locale', 'zh-CN');
    expect(zh.status).toBe(2);
    expect(zh.stderr).toContain('kind：应为以下之一：erase、export、retention、view\n');
    expect(zh.stderr).toContain('加 --kind 时只列出该类记录');

    const other = await privacy(
      'erase',
      '--team',
      FAKE_TEAM_ID,
      '--as',
      ADMIN,
      '--customer',
      'C2026001',
      '--kind',
      'erase',
    );
    expect(other.status).toBe(2);
    expect(other.stderr).toContain("'--kind' is not an option of erase");
  });
});
