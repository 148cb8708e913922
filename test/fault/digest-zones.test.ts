// The weekly digest's and the monthly report's periods in zones other than Shanghai, west and
// east of UTC and across a DST change: their figures counted by hand from tickets made around
// each boundary = built live = built from the stored days = posted; the slot at local 09:00
// (from revjobs' review, wave p33: slow, so in fault).
import { describe, expect, test } from 'vitest';
import { digestJob } from '../../jobs/digest.js';
import { figuresDailyJob } from '../../jobs/figures-daily.js';
import { useTestApp } from '../helpers/app.js';
import { act, AGENT, makeCustomer, makeTicket, respond } from '../helpers/factories.js';
import { runJobAt } from '../helpers/jobs.js';
import { builtDigest, liveDigest } from '../helpers/digest.js';

const DIGEST = 'C0DIGEST01';
const app = useTestApp({
  env: { DIGEST_CHANNEL_ID: DIGEST },
  now: '2026-11-16T02:00:00Z',
  since: '2026-01-01T00:00:00Z',
});

function fields(message: { args: Record<string, unknown> }): Record<string, string> {
  const out: Record<string, string> = {};
  for (const block of message.args.blocks as any[]) {
    for (const f of block.fields ?? []) {
      const [label, ...rest] = (f.text as string).split('\n');
      out[label!.replace(/\*/g, '')] = rest.join(' | ');
    }
  }
  return out;
}

async function ticketAt(code: string, iso: string) {
  app.clock.set(iso);
  return (await makeTicket(app, { customerCode: code, severity: 'general', type: 'after_sales' }))
    .number;
}
async function resolveAt(number: string, iso: string) {
  app.clock.set(iso);
  await act(app, number, { action: 'claim' });
  await respond(app, number, AGENT);
  await act(app, number, { action: 'resolve', summary: 'fixed' });
}

/** Tickets at the four sides of week 48's two boundaries (`b0`, `b1`: its start and end, UTC). */
async function boundaryTickets(b0: number, b1: number) {
  const { code } = await makeCustomer(app, { name: 'Huadong' });
  const iso = (ms: number) => new Date(ms).toISOString();
  const half = 30 * 60_000;
  const a = await ticketAt(code, iso(b0 - half)); // week 47
  const b = await ticketAt(code, iso(b0 + half)); // week 48
  await resolveAt(b, iso(b0 + 2 * 86_400_000));
  await resolveAt(a, iso(b1 - 20 * 60_000)); // resolved in week 48
  await ticketAt(code, iso(b1 - half)); // week 48, open at its end
  await ticketAt(code, iso(b1 + half)); // week 49
}

describe('digest in zones', () => {
  test('Los Angeles: week 48 is 23 Nov 08:00Z to 30 Nov 08:00Z', async () => {
    await app.setSettings(() => ({ timeZone: 'America/Los_Angeles' }));
    await boundaryTickets(Date.parse('2026-11-23T08:00:00Z'), Date.parse('2026-11-30T08:00:00Z'));
    const built = await builtDigest(app, '2026-W48');
    const live = await liveDigest(app, '2026-W48');
    expect([built.opened, built.resolved, built.backlog]).toEqual([2, 2, 1]);
    expect([live.opened, live.resolved, live.backlog]).toEqual([2, 2, 1]);
    // The nightly store at 00:30 PST on the 30th, then the digest reads the stored days.
    expect(await runJobAt(app, figuresDailyJob, '2026-11-30T08:30:30Z')).toHaveLength(1);
    const stored = await builtDigest(app, '2026-W48');
    expect([stored.opened, stored.resolved, stored.backlog]).toEqual([2, 2, 1]);
    // Monday 30 Nov 09:00 PST: the digest of week 48.
    await runJobAt(app, digestJob, '2026-11-30T16:59:30Z');
    expect(app.fake.postsTo(DIGEST)).toEqual([]);
    await runJobAt(app, digestJob, '2026-11-30T17:00:30Z');
    const posts = app.fake.postsTo(DIGEST).filter((p) => !p.args.thread_ts);
    expect(posts).toHaveLength(1);
    const f = fields(posts[0]!);
    expect(f.Opened).toMatch(/^2 /);
    expect(f.Resolved).toMatch(/^2 /);
  });

  test('Auckland (UTC+13 in November): week 48 is 22 Nov 11:00Z to 29 Nov 11:00Z', async () => {
    await app.setSettings(() => ({ timeZone: 'Pacific/Auckland' }));
    await boundaryTickets(Date.parse('2026-11-22T11:00:00Z'), Date.parse('2026-11-29T11:00:00Z'));
    const built = await builtDigest(app, '2026-W48');
    expect([built.opened, built.resolved, built.backlog]).toEqual([2, 2, 1]);
    expect(await runJobAt(app, figuresDailyJob, '2026-11-29T11:30:30Z')).toHaveLength(1);
    const stored = await builtDigest(app, '2026-W48');
    expect([stored.opened, stored.resolved, stored.backlog]).toEqual([2, 2, 1]);
    await runJobAt(app, digestJob, '2026-11-29T20:00:30Z'); // Mon 30 Nov 09:00 NZDT
    const posts = app.fake.postsTo(DIGEST).filter((p) => !p.args.thread_ts);
    expect(posts).toHaveLength(1);
    const f = fields(posts[0]!);
    expect(f.Opened).toMatch(/^2 /);
    expect(f.Resolved).toMatch(/^2 /);
  });
});

describe('new customers in a zone west of UTC', () => {
  test('Los Angeles: a customer first contacted and recorded Sunday 23:30 is new in that week; one the Sunday before is not', async () => {
    await app.setSettings(() => ({ timeZone: 'America/Los_Angeles' }));
    app.clock.set('2026-11-10T20:00:00Z');
    await makeCustomer(app, { name: 'Old', firstContactDate: '2026-11-02' });
    app.clock.set('2026-11-23T07:30:00Z'); // Sun 22 Nov 23:30 PST
    await makeCustomer(app, { name: 'Before', firstContactDate: '2026-11-22' });
    app.clock.set('2026-11-25T18:00:00Z'); // Wed 25
    await makeCustomer(app, { name: 'Middle', firstContactDate: '2026-11-25' });
    app.clock.set('2026-11-30T07:30:00Z'); // Sun 29 Nov 23:30 PST
    await makeCustomer(app, { name: 'Late Sunday', firstContactDate: '2026-11-29' });
    const live = await liveDigest(app, '2026-W48');
    expect([live.newCustomers, live.lateRecords]).toEqual([2, 0]);
    const before = await liveDigest(app, '2026-W47');
    expect(before.newCustomers).toBe(1);
  });
});

describe('digest across a DST change', () => {
  test('London, week 43 (BST ends Sunday 25 Oct): 18 Oct 23:00Z to 26 Oct 00:00Z; stored days too', async () => {
    await app.setSettings(() => ({ timeZone: 'Europe/London' }));
    await boundaryTickets(Date.parse('2026-10-18T23:00:00Z'), Date.parse('2026-10-26T00:00:00Z'));
    const { code } = await makeCustomer(app, { name: 'Jiangnan' });
    await ticketAt(code, '2026-10-25T00:30:00Z'); // 01:30 BST
    await ticketAt(code, '2026-10-25T01:30:00Z'); // 01:30 GMT
    const live = await liveDigest(app, '2026-W43');
    expect([live.opened, live.resolved, live.backlog]).toEqual([4, 2, 3]);
    // The nightly store every night of the week at 00:30 local.
    for (const at of [
      '2026-10-19T23:30:30Z',
      '2026-10-20T23:30:30Z',
      '2026-10-21T23:30:30Z',
      '2026-10-22T23:30:30Z',
      '2026-10-23T23:30:30Z',
      '2026-10-24T23:30:30Z',
      '2026-10-26T00:30:30Z',
    ])
      expect(await runJobAt(app, figuresDailyJob, at), at).toHaveLength(1);
    const stored = await builtDigest(app, '2026-W43');
    expect([stored.opened, stored.resolved, stored.backlog]).toEqual([4, 2, 3]);
    await runJobAt(app, digestJob, '2026-10-26T09:00:30Z'); // Mon 09:00 GMT
    const posts = app.fake.postsTo(DIGEST).filter((p) => !p.args.thread_ts);
    expect(posts).toHaveLength(1);
    expect(fields(posts[0]!).Opened).toMatch(/^4 /);
  });
});

describe('the monthly report west of UTC', () => {
  test('Los Angeles: November is 1 Nov 07:00Z to 1 Dec 08:00Z (DST ends 1 Nov); posted Tue 1 Dec 09:00 PST', async () => {
    const { monthlyReportJob } = await import('../../jobs/report.js');
    await app.setSettings(() => ({ timeZone: 'America/Los_Angeles' }));
    await boundaryTickets(Date.parse('2026-11-01T07:00:00Z'), Date.parse('2026-12-01T08:00:00Z'));
    await runJobAt(app, monthlyReportJob, '2026-12-01T16:59:30Z');
    expect(app.fake.postsTo(DIGEST)).toEqual([]);
    await runJobAt(app, monthlyReportJob, '2026-12-01T17:00:30Z');
    const posts = app.fake.postsTo(DIGEST).filter((p) => !p.args.thread_ts);
    expect(posts).toHaveLength(1);
    expect(String(posts[0]!.args.text)).toContain('2026-11 (2026-11-01 – 2026-11-30)');
    const f = fields(posts[0]!);
    expect(f.Opened).toMatch(/^2 /);
    expect(f.Resolved).toMatch(/^2 /);
    expect(f['Backlog at period end']).toMatch(/^1 /);
  });
});
