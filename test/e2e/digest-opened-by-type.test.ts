// The weekly digest says the tickets opened by type under its Tickets section, each with its
// change from the week before, counted as Opened is (digest/figures.ts TicketTally
// `openedByType`): one entered after its receipt's week ended is of the week it was entered.
// Shanghai; week 47 is Mon 16 - Sun 22 November 2026, week 48 Mon 23 - Sun 29.
import { describe, expect, test, vi } from 'vitest';
import { digestJob } from '../../jobs/digest.js';
import { useTestApp } from '../helpers/app.js';
import { builtDigest, digestFields as fields, liveDigest } from '../helpers/digest.js';
import { makeCustomer, makeTicket } from '../helpers/factories.js';
import { FAKE_TEAM_ID } from '../helpers/fake-slack.js';
import { jobDeps, runJobAt } from '../helpers/jobs.js';
import { runSlot } from '../../src/schedule/runner.js';

const DIGEST = 'C0DIGEST01';
const TZ = 'Asia/Shanghai';
const app = useTestApp({
  env: { DIGEST_CHANNEL_ID: DIGEST },
  now: '2026-11-16T02:00:00Z',
  since: '2026-01-01T00:00:00Z',
});
const local = (date: string, hhmm: string) => new Date(`2026-${date}T${hhmm}:00+08:00`);

type Type = 'consultation' | 'complaint' | 'after_sales' | 'demand' | 'other';

/** The digest's context lines (the texts of its context blocks). */
function contextLines(message: { args: Record<string, unknown> }): string[] {
  return (message.args.blocks as any[])
    .filter((b) => b.type === 'context')
    .flatMap((b) => (b.elements as { text: string }[]).map((e) => e.text));
}

/** Week 48's digest as posted on Monday 30 at 09:00 (`again`: posted again, `--force`). */
async function week48(again = false) {
  if (!again) await runJobAt(app, digestJob, '2026-11-30T01:00:00Z');
  else {
    // Each forced run an hour after the one before (a run's lease is held while it is on).
    app.clock.set(new Date(app.clock.now().getTime() + 3_600_000));
    app.fake.reset();
    const settings = await app.desk.services.workspaces.settings(FAKE_TEAM_ID);
    const slot = digestJob.slotAt(app.clock.now(), settings);
    await runSlot(jobDeps(app, 'cli'), digestJob, FAKE_TEAM_ID, slot, app.clock.now(), {
      force: true,
    });
    await app.desk.outbox.drain();
  }
  return app.fake.postsTo(DIGEST)[0]!;
}

describe('the weekly digest: tickets opened by type', () => {
  test('one line under the Tickets section, each type with its change; the Chinese digest too; the stored days count the same; a week stored before shows no change', async () => {
    app.clock.set(local('11-16', '09:30'));
    const { code } = await makeCustomer(app, { name: 'Huadong', source: 'other' });
    const ticket = async (type: Type, entered: Date, received?: Date) => {
      app.clock.set(entered);
      await makeTicket(app, {
        customerCode: code,
        severity: 'general',
        type,
        channel: 'phone',
        ...(received ? { receivedAt: received } : {}),
      });
    };
    // Week 47: two consultations and an other.
    await ticket('consultation', local('11-17', '10:00'));
    await ticket('consultation', local('11-18', '10:00'));
    await ticket('other', local('11-19', '10:00'));
    await runJobAt(app, digestJob, '2026-11-23T01:00:00Z');
    // Week 48: two after-sales, a complaint; and a demand phoned in Friday 20 at 17:30, typed in
    // Monday 23 at 10:00 after week 47's digest: opened in week 48, as Opened counts it.
    await ticket('demand', local('11-23', '10:00'), local('11-20', '17:30'));
    await ticket('after_sales', local('11-24', '10:00'));
    await ticket('after_sales', local('11-25', '10:00'));
    await ticket('complaint', local('11-26', '10:00'));

    const posted = await week48();
    expect(fields(posted).Opened).toBe('4 (+1 vs last week)');
    const en =
      'Opened by type: Consultation: 0 (−2 vs last week) · Complaint: 1 (+1 vs last week) · After-sales: 2 (+2 vs last week) · Demand / custom work: 1 (+1 vs last week) · Other: 0 (−1 vs last week)';
    expect(contextLines(posted)).toContain(en);
    // Under the Tickets section: right after its figures, before the complaints' heading.
    const blocks = posted.args.blocks as any[];
    const line = blocks.findIndex((b) => b.type === 'context' && b.elements[0].text === en);
    expect(blocks[line - 2].text.text).toBe('*Tickets*');
    expect(blocks[line + 1].text.text).toBe('*Complaints*');

    // The same counts from the nightly job's stored days as read live.
    await app.desk.services.dailyFigures.refresh(FAKE_TEAM_ID, TZ, local('11-30', '00:30'), {
      marginMs: 0,
    });
    const forDigest = vi.spyOn(app.desk.services.dailyFigures, 'forDigest');
    const stored = await builtDigest(app, '2026-W48');
    expect(await forDigest.mock.results[0]!.value).not.toBeNull();
    forDigest.mockRestore();
    expect(stored.openedByType).toEqual({
      consultation: 0,
      complaint: 1,
      after_sales: 2,
      demand: 1,
      other: 0,
    });
    expect((await liveDigest(app, '2026-W48')).openedByType).toEqual(stored.openedByType);

    // In Chinese.
    await app.setSettings(() => ({ locale: 'zh-CN' }));
    expect(contextLines(await week48(true))).toContain(
      '按类型新建：咨询：0（较上周 −2） · 投诉：1（较上周 +1） · 售后：2（较上周 +2） · 需求/定制：1（较上周 +1） · 其他：0（较上周 −1）',
    );

    // Week 47 stored before the counts were kept: week 48's read without a change.
    await app.setSettings(() => ({ locale: 'en' }));
    await app.db.models.digests.updateOne(
      { week: '2026-W47' },
      { $unset: { 'figures.openedByType': '' } },
    );
    expect(contextLines(await week48(true))).toContain(
      'Opened by type: Consultation: 0 · Complaint: 1 · After-sales: 2 · Demand / custom work: 1 · Other: 0',
    );
  });
});
