// A week's figures stored under the old time zone are rebuilt, not read back as "last week",
// after the workspace moves to another zone (America/Los_Angeles -> Asia/Shanghai). [digesttz F1]
import { describe, expect, test } from 'vitest';
import { digestJob } from '../../jobs/digest.js';
import { useTestApp } from '../helpers/app.js';
import { makeCustomer, makeTicket } from '../helpers/factories.js';
import { runJobAt } from '../helpers/jobs.js';
import { fieldLines } from '../helpers/walk.js';

const DIGEST = 'C0DIGEST01';
const app = useTestApp({
  env: { DIGEST_CHANNEL_ID: DIGEST },
  now: '2026-10-20T02:00:00Z',
  since: '2026-01-01T00:00:00Z',
});
const posted = () => app.fake.postsTo(DIGEST).filter((p) => Array.isArray(p.args.blocks))[0]!;

describe('digest after a time zone change', { timeout: 120_000 }, () => {
  test('Los Angeles -> Shanghai: "vs last week" compares with last week as the new zone bounds it', async () => {
    await app.setSettings(() => ({ timeZone: 'America/Los_Angeles' }));
    const { code } = await makeCustomer(app, { firstContactDate: '2026-10-20' });
    // Sun 1 Nov 20:00 PST = Mon 2 Nov 04:00Z = Mon 2 Nov 12:00 in Shanghai: LA's W44, Shanghai's W45.
    app.clock.set('2026-11-02T04:00:00Z');
    await makeTicket(app, { customerCode: code, severity: 'general' });
    // LA's digest of W44 (Mon 2 Nov 09:00 PST = 17:00Z) stores W44 with the ticket.
    await runJobAt(app, digestJob, '2026-11-02T17:00:00Z');
    expect(fieldLines(posted().args.blocks)['Opened']).toMatch(/^1 /);
    // The workspace moves to Shanghai. W45's digest (Mon 9 Nov 09:00 +08 = 01:00Z): the ticket is
    // in Shanghai's W45; Shanghai's W44 (26 Oct - 1 Nov, +08) has no ticket: "+1 vs last week".
    await app.setSettings(() => ({ timeZone: 'Asia/Shanghai' }));
    await runJobAt(app, digestJob, '2026-11-09T01:00:00Z');
    expect(String(posted().args.text)).toContain('2026-W45');
    expect(fieldLines(posted().args.blocks)['Opened']).toBe('1 (+1 vs last week)');
  });
});
