// App Home's "This week so far" counts a ticket opened as the weekly digest does
// (digest/figures.ts `openedAt`): one typed in this week for a call of last week is this
// week's, as the next digest counts it; the history a team brings to the desk (received before
// its first record) stays dated by its receipt. Shanghai; week 48 is Mon 23 - Sun 29 November.
import { describe, expect, test } from 'vitest';
import { digestJob } from '../../jobs/digest.js';
import { useTestApp } from '../helpers/app.js';
import { builtDigest } from '../helpers/digest.js';
import { makeCustomer, makeTicket } from '../helpers/factories.js';
import { runJobAt } from '../helpers/jobs.js';

const DIGEST = 'C0DIGEST01';
const MANAGER = 'U0MANAGER1';
const app = useTestApp({
  env: { DIGEST_CHANNEL_ID: DIGEST },
  now: '2026-11-16T02:00:00Z',
  since: '2026-01-01T00:00:00Z',
});
const local = (date: string, hhmm: string) => new Date(`2026-${date}T${hhmm}:00+08:00`);

/** The manager's App Home as published. */
async function homeOf(user: string): Promise<string> {
  await app.slack.event({ type: 'app_home_opened', user, channel: 'D0HOME0001', tab: 'home' });
  const publish = app.fake.callsTo('views.publish').at(-1)!;
  expect(publish.args.user_id).toBe(user);
  return JSON.stringify(publish.args.view);
}

describe("App Home's week so far: tickets opened", () => {
  test("a call of last Friday typed in on Monday is opened this week, as the next digest counts it; the history before the desk's first record is not", async () => {
    // The desk's first record: Monday 16 at 09:30.
    app.clock.set(local('11-16', '09:30'));
    const { code } = await makeCustomer(app, { name: 'Huadong', source: 'other' });
    await app.setSettings(() => ({ managers: [MANAGER] }));
    const entered = async (received: Date, at: Date) => {
      app.clock.set(at);
      await makeTicket(app, {
        customerCode: code,
        severity: 'general',
        type: 'after_sales',
        channel: 'phone',
        receivedAt: received,
      });
    };
    // Week 47's digest goes out on Monday 23 at 09:00.
    await runJobAt(app, digestJob, '2026-11-23T01:00:00Z');
    // Monday 23 10:00: a call of Friday 20 at 17:30 is typed in; and one of Tuesday 10, before
    // the desk's first record (the history the team brings), typed in on Monday 23 at 10:30.
    await entered(local('11-20', '17:30'), local('11-23', '10:00'));
    await entered(local('11-10', '11:00'), local('11-23', '10:30'));
    // Tuesday 24 at 10:00: one received and typed in this week.
    await entered(local('11-24', '09:50'), local('11-24', '10:00'));

    app.clock.set(local('11-24', '11:00'));
    const home = await homeOf(MANAGER);
    expect(home).toContain('*This week so far* (since 2026-11-23)');
    expect(home).toMatch(/Opened 2 · Resolved 0/);
    // The digest of the week counts the same two.
    app.clock.set(local('11-30', '10:00'));
    expect((await builtDigest(app, '2026-W48')).opened).toBe(2);
  });
});
