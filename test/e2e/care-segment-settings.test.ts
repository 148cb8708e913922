// Manual C's segment rows (a VIP visit every 30 days, a potential customer's care call every 14,
// a stable one's every 30) are a workspace setting of the customers group: their days and the
// tiers they apply to, strategic and key by default. A normal customer is cared for on the normal
// tier's cadence (manual A: quarterly) unless an admin adds the normal tier to the list, through
// the real settings modal (signed view_submission); the change is in `/desk settings history`.
import { describe, expect, test } from 'vitest';
import { tasksJob } from '../../jobs/tasks.js';
import { SETTINGS_FRESH_MS } from '../../src/workspace/service.js';
import { useTestApp } from '../helpers/app.js';
import { makeCustomer, OWNER } from '../helpers/factories.js';
import { FAKE_TEAM_ID } from '../helpers/fake-slack.js';
import { runJobAt } from '../helpers/jobs.js';
import { settingsKit } from '../helpers/settings.js';

const ADMIN = 'U0ADMIN001';

// Tuesday 2026-11-24 10:00 in Shanghai; business hours Mon-Fri 09:00-18:00.
const app = useTestApp({ env: { ADMIN_USER_IDS: ADMIN }, now: '2026-11-24T02:00:00Z' });
const { settings, block, openGroup } = settingsKit(app, ADMIN);

const dm = () => JSON.stringify(app.fake.postsTo(OWNER).map((p) => p.args.blocks));

describe("manual C's segment rows as a setting", () => {
  test('a normal customer gets the normal cadence, not a call every 14 days; an admin adds the normal tier in the modal and the 14-day call comes back', async () => {
    // Two normal customers (60,000 a year): one in its first stage (value class potential), last
    // contacted Friday 13 November; one stable, last contacted Friday 30 October.
    const fresh = await makeCustomer(app, {
      name: 'Small Co',
      annualRevenue: 60_000,
      lifecycle: 'new',
    });
    const steady = await makeCustomer(app, {
      name: 'Steady Co',
      annualRevenue: 60_000,
      lifecycle: 'stable',
    });
    const lastContact = (id: string, at: string) =>
      app.db.models.customers.updateOne({ _id: id }, { $set: { lastInteractionAt: new Date(at) } });
    await lastContact(fresh.id, '2026-11-13T02:00:00Z');
    await lastContact(steady.id, '2026-10-30T02:00:00Z');
    // Settings stored before the rows were a setting: no such field, the defaults apply.
    await app.db.models.workspaces.updateOne(
      { teamId: FAKE_TEAM_ID },
      { $unset: { 'settings.segmentCadence': '' }, $inc: { version: 1 } },
    );
    app.clock.advance(SETTINGS_FRESH_MS);
    expect((await settings()).segmentCadence).toEqual({
      vipVisit: 30,
      potentialCall: 14,
      stableCall: 30,
      tiers: ['strategic', 'key'],
    });

    // Tuesday: 14 days after 13 November is Friday 27 November, 30 after 30 October a Sunday
    // (so Friday 27 November): both would be planned today, 3 days ahead. The normal tier's 90
    // days put them in February and January: nothing is planned, nobody is told.
    const [first] = await runJobAt(app, tasksJob, '2026-11-24T01:00:00Z');
    expect(first!.counts).toMatchObject({ careCreated: 0 });
    expect(app.fake.postsTo(OWNER)).toEqual([]);

    // The admin's customers modal shows the rows: the tiers ticked, the days.
    const view = await openGroup('customers');
    expect(block(view, 'segment_tiers').element.type).toBe('checkboxes');
    expect(block(view, 'segment_tiers').label.text).toBe('Care by segment for the tiers');
    expect(
      block(view, 'segment_tiers').element.options.map((o: any) => [o.value, o.text.text]),
    ).toEqual([
      ['strategic', 'Strategic'],
      ['key', 'Key'],
      ['normal', 'Normal'],
    ]);
    expect(block(view, 'segment_tiers').element.initial_options.map((o: any) => o.value)).toEqual([
      'strategic',
      'key',
    ]);
    expect(
      ['segment_vip_visit', 'segment_potential_call', 'segment_stable_call'].map(
        (id) => block(view, id).element.initial_value,
      ),
    ).toEqual(['30', '14', '30']);

    // A day that is not a whole number of days is refused on its own field; nothing is saved.
    const bad = await app.slack.submitView(
      view,
      { segment_tiers: 'strategic,key,normal', segment_potential_call: '0' },
      { userId: ADMIN },
    );
    expect(bad.body).toEqual({
      response_action: 'errors',
      errors: { segment_potential_call: 'Enter a whole number from 1 to 3650.' },
    });
    expect((await settings()).segmentCadence.tiers).toEqual(['strategic', 'key']);

    // The normal tier added: saved, and in the history by the tiers' names.
    const saved = await app.slack.submitView(
      await openGroup('customers'),
      { segment_tiers: 'normal,strategic,key' },
      { userId: ADMIN },
    );
    expect(saved.body).toBe('');
    expect((await settings()).segmentCadence.tiers).toEqual(['strategic', 'key', 'normal']);
    const history = await app.slack.command('/desk', 'settings history', { userId: ADMIN });
    expect(JSON.stringify(history.body)).toContain(
      'Care by segment for the tiers: Strategic, Key → Strategic, Key, Normal',
    );

    // Wednesday's run: both are due Friday, each with the row that applied.
    const [second] = await runJobAt(app, tasksJob, '2026-11-25T01:00:00Z');
    expect(second!.counts).toMatchObject({ careCreated: 2 });
    expect(dm()).toContain(
      `*Care call* · Small Co (${fresh.code})\\nPotential customer: a care call every 14 days (usage, new needs); last contact 2026-11-13 · due 2026-11-27 (in 2 days)`,
    );
    expect(dm()).toContain(
      `*Care call* · Steady Co (${steady.code})\\nNormal customer in its stable stage: a care call every 30 days (usage, new needs); last contact 2026-10-30 · due 2026-11-27 (in 2 days)`,
    );
  });

  test('no tier ticked: every customer, a VIP too, on its tier cadence; the rows keep their days; a VIP still gets its quarterly business review', async () => {
    const vip = await makeCustomer(app, {
      name: 'Grand Co',
      annualRevenue: 2_000_000,
      lifecycle: 'stable',
      firstContactDate: '2022-01-05',
      cooperationStartDate: '2022-02-01',
    });
    await app.db.models.customers.updateOne(
      { _id: vip.id },
      { $set: { lastInteractionAt: new Date('2026-10-29T02:00:00Z') } },
    );
    const saved = await app.slack.submitView(
      await openGroup('customers'),
      { segment_tiers: '', cadence_strategic: '20' },
      { userId: ADMIN },
    );
    expect(saved.body).toBe('');
    expect((await settings()).segmentCadence).toMatchObject({ tiers: [], vipVisit: 30 });
    // Strategic every 20 days from 29 October: 18 November, long overdue, so due today (its
    // visit every 30 days would be Saturday 28 November, so Friday 27 November).
    const [run] = await runJobAt(app, tasksJob, '2026-11-24T01:00:00Z');
    expect(run!.counts).toMatchObject({ careCreated: 1 });
    const tasks = () => app.db.models.tasks.find({ customerId: vip.id }).lean();
    expect((await tasks()).map((t) => [t.kind, t.dueDate])).toEqual([['care', '2026-11-24']]);
    expect(dm()).toContain(
      'Strategic customer: a care contact every 20 days; last contact 2026-10-29',
    );
    // The quarterly business review is a VIP's whatever the rows: planned two weeks ahead of the
    // quarter's last working day, Thursday 31 December (beside the strategic tier's survey).
    await runJobAt(app, tasksJob, '2026-12-17T01:00:00Z');
    expect((await tasks()).map((t) => [t.kind, t.dueDate]).sort()).toEqual([
      ['care', '2026-11-24'],
      ['qbr', '2026-12-31'],
      ['survey', '2026-12-31'],
    ]);
  });
});
