// A desk whose clock is ahead of the wall clock (a rehearsal's CARE_DESK_CLOCK_OFFSET_MS, a test's
// virtual time): what the desk stores as created is created on its clock, so what it compares
// with its clock holds; what it reads against the time a write was stamped (mongoose's `updatedAt`,
// the wall clock) is read against the wall clock.
import { describe, expect, test } from 'vitest';
import { useTestApp } from '../helpers/app.js';
import { slaAlertsJob } from '../../jobs/sla-alerts.js';
import { nameKey, nameSortKey } from '../../src/customer/rules.js';
import { SYSTEM_ACTOR } from '../../src/context.js';
import { AGENT, ctxOf, makeCustomer, OWNER } from '../helpers/factories.js';
import { FAKE_TEAM_ID } from '../helpers/fake-slack.js';
import { runJobAt } from '../helpers/jobs.js';
import { submitLastModal } from '../helpers/clicks.js';

const TRIAGE = 'C0TRIAGE01';
const MANAGER = 'U0MANAGER1';

// Tuesday 2030-03-05 10:00 in Shanghai: years ahead of the wall clock.
const NOW = '2030-03-05T02:00:00Z';
const app = useTestApp({ env: { TRIAGE_CHANNEL_ID: TRIAGE }, now: NOW });

const threadReplies = () =>
  app.fake
    .callsTo('chat.postMessage')
    .filter((c) => c.args.thread_ts)
    .map((c) => c.args.text as string);

describe('a ticket filed on a desk clock ahead of the wall clock', () => {
  test("is announced whole: the thread's first reply and the account manager's DM are sent", async () => {
    const { code } = await makeCustomer(app, { annualRevenue: 600_000 });
    await app.slack.command('/ticket', 'new Line 3 is down', { userId: AGENT });
    await submitLastModal(
      app,
      { customer: code, severity: 'urgent', type: 'after_sales', description: 'Spindle error E42' },
      AGENT,
    );
    await app.desk.outbox.drain();
    const ticket = (await app.db.models.tickets.findOne({ teamId: FAKE_TEAM_ID }).lean())!;
    // Created on the desk's clock; written (updatedAt) on the wall clock, as every later write.
    expect(ticket.createdAt).toEqual(new Date(NOW));
    expect(Math.abs(ticket.updatedAt.getTime() - Date.now())).toBeLessThan(60_000);
    expect(threadReplies()).toEqual([`<@${AGENT}> opened this ticket.`]);
    const dm = app.fake.callsTo('chat.postMessage').find((c) => c.args.channel === OWNER);
    expect(dm?.args.text).toContain(ticket.number);
    expect(ticket.accountManagerNotified).toBe(true);
  });
});

describe('a customer recorded on a desk clock ahead of the wall clock', () => {
  test('recorded late, with no manager yet: the manager named since is told by the daily signals run', async () => {
    // The desk in use since February: a file first contacted after is held to the 24 h.
    app.clock.set('2030-02-01T02:00:00Z');
    await makeCustomer(app, { name: 'First Co', firstContactDate: '2030-02-01' });
    app.clock.set(NOW);
    const late = await makeCustomer(app, { name: 'Late Co', firstContactDate: '2030-02-25' });
    expect(late.lateRecord).toBeGreaterThan(0);
    // Recorded on the desk's clock, as its change log says.
    const stored = (await app.db.models.customers.findOne({ code: late.code }).lean())!;
    expect(stored.createdAt).toEqual(new Date(NOW));
    expect(app.fake.postsTo(MANAGER)).toEqual([]); // no managers yet: nobody to tell

    await app.setSettings(() => ({ managers: [MANAGER] }));
    app.clock.set('2030-03-06T01:00:00Z'); // the next morning's run, within the week
    const ctx = await ctxOf(app, SYSTEM_ACTOR, { origin: 'job' });
    expect(await app.desk.flows.signals.run(ctx)).toMatchObject({ lateRecords: 1 });
    await app.desk.outbox.drain();
    expect(JSON.stringify(app.fake.postsTo(MANAGER)[0]?.args)).toContain(`(${late.code})`);
  });
});

describe('the minute job on a desk clock ahead of the wall clock', () => {
  test('a file an older instance renamed just now (updatedAt on the wall clock) is keyed by its new name', async () => {
    const { code } = await makeCustomer(app, { name: '深圳光学' });
    // As an instance of a version without sort keys renames it: mongoose stamps updatedAt.
    await app.db.models.customers.updateOne(
      { teamId: FAKE_TEAM_ID, code },
      { $set: { name: '阿里巴巴光学', nameKey: nameKey('阿里巴巴光学') }, $inc: { revision: 1 } },
    );
    const [run] = await runJobAt(app, slaAlertsJob, '2030-03-05T02:01:00Z');
    expect(run!.counts).toMatchObject({ sortKeys: 1 });
    const doc = (await app.db.models.customers.findOne({ teamId: FAKE_TEAM_ID, code }).lean())!;
    expect(doc.sortKey).toBe(nameSortKey(nameKey('阿里巴巴光学')));
  });

  test('one renamed over an hour ago on the wall clock is left to the next start-up', async () => {
    const { code } = await makeCustomer(app, { name: '深圳光学' });
    await app.db.models.customers.updateOne(
      { teamId: FAKE_TEAM_ID, code },
      {
        $set: {
          name: '阿里巴巴光学',
          nameKey: nameKey('阿里巴巴光学'),
          updatedAt: new Date(Date.now() - 61 * 60_000),
        },
      },
      { timestamps: false },
    );
    const [run] = await runJobAt(app, slaAlertsJob, '2030-03-05T02:01:00Z');
    expect(run!.counts).not.toHaveProperty('sortKeys');
  });
});
