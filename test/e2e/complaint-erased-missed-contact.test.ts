// The digest's and the monthly report's "Complaint targets missed" for a complaint resolved
// without the contact because its customer was erased whole (the contact owed no more): counted
// missed only when its contact target had passed before the erasure; erased before the contact
// fell due, it was never missed. Posted digest, the digest from the stored days, and the report.
// Through the real jobs and services on the test database.
import { expect, test, vi } from 'vitest';
import { digestJob } from '../../jobs/digest.js';
import { SYSTEM_ACTOR } from '../../src/context.js';
import { periodWindow } from '../../src/digest/periods.js';
import { useTestApp } from '../helpers/app.js';
import { builtDigest, digestFields, liveDigest } from '../helpers/digest.js';
import { act, AGENT, ctxOf, makeCustomer, makeTicket } from '../helpers/factories.js';
import { FAKE_TEAM_ID } from '../helpers/fake-slack.js';
import { runJobAt } from '../helpers/jobs.js';

const ADMIN = 'U0ADMIN001';
const DIGEST = 'C0DIGEST01';
const TZ = 'Asia/Shanghai';

const app = useTestApp({
  env: { ADMIN_USER_IDS: ADMIN, DIGEST_CHANNEL_ID: DIGEST },
  now: '2026-09-01T02:00:00Z',
});

const local = (isoLocal: string) => new Date(`${isoLocal}:00+08:00`);

/** A general complaint of a new customer received at `at`, claimed by AGENT: its number and code. */
async function complaintAt(name: string, at: string) {
  app.clock.set(local(at));
  const { code } = await makeCustomer(app, { name });
  const { number } = await makeTicket(app, {
    customerCode: code,
    type: 'complaint',
    complaintUrgency: 'general',
    title: 'Wrong parts delivered',
  });
  await act(app, number, { action: 'claim' }, AGENT);
  return { number, code };
}

/** The customer `code` erased whole at `at`, then its complaint `number` resolved uncontacted. */
async function erasedThenResolved(code: string, number: string, at: string) {
  app.clock.set(local(at));
  await app.desk.services.dataSubjects.erase(await ctxOf(app, ADMIN), code);
  app.clock.set(new Date(local(at).getTime() + 10 * 60_000));
  await act(
    app,
    number,
    {
      action: 'resolve',
      summary: 'Refund',
      rootCause: 'billing',
      correctiveAction: 'Price check',
    },
    AGENT,
  );
}

test('an erased customer’s complaint resolved without its contact counts as a missed contact only if the contact was due before the erasure', async () => {
  // The desk serves the workspace from September.
  await app.setSettings(() => ({ agents: [AGENT] }));
  // Both received Thursday 22 Oct 17:00: contact due Tuesday 27 Oct 14:00 (week 44).
  const early = await complaintAt('Huadong', '2026-10-22T17:00');
  const late = await complaintAt('Xinda', '2026-10-22T17:00');
  // Huadong erased Friday 23 Oct, before its contact fell due: never missed.
  await erasedThenResolved(early.code, early.number, '2026-10-23T10:00');
  // Xinda erased Wednesday 28 Oct, after its contact fell due uncontacted: missed.
  await erasedThenResolved(late.code, late.number, '2026-10-28T10:00');
  const waived = await Promise.all(
    [early, late].map(
      async ({ number }) => (await app.db.models.tickets.findOne({ number }).lean())!,
    ),
  );
  expect(waived.map((t) => [t.status, t.complaint?.contactWaived])).toEqual([
    ['resolved', 'erased'],
    ['resolved', 'erased'],
  ]);

  // The digest of week 44 (26 Oct - 1 Nov), posted Monday 2 Nov.
  await runJobAt(app, digestJob, '2026-11-02T01:00:00Z');
  expect(digestFields(app.fake.postsTo(DIGEST).at(-1)!)).toMatchObject({
    'Complaint targets missed': '1 (+1 vs last week)',
  });

  // The same week from the stored days the nightly job keeps, and read live: one missed.
  await app.desk.services.dailyFigures.refresh(FAKE_TEAM_ID, TZ, local('2026-11-02T00:30'), {
    marginMs: 0,
  });
  app.clock.set(local('2026-11-02T10:00'));
  const forDigest = vi.spyOn(app.desk.services.dailyFigures, 'forDigest');
  const stored = await builtDigest(app, '2026-W44');
  expect(await forDigest.mock.results[0]!.value).not.toBeNull();
  forDigest.mockRestore();
  expect(stored.complaintBreaches).toBe(1);
  expect(stored).toEqual(await liveDigest(app, '2026-W44'));

  // October's report: one complaint target missed.
  const ctx = await ctxOf(app, SYSTEM_ACTOR);
  const october = await app.desk.services.reports.build(ctx, periodWindow('2026-10', TZ)!);
  expect(october.overall.complaintBreaches).toBe(1);
});
