// The digest's and the reports' "Complaint contacts missed, customer not reached after trying":
// of the complaints whose contact fell due in the period and was missed, those whose contact task
// recorded an attempt that did not reach the customer ("Tried, could not reach") by the period's
// end. Posted digest, the digest from the stored days, and the monthly report. Through the real
// jobs and services on the test database.
import { expect, test, vi } from 'vitest';
import { digestJob } from '../../jobs/digest.js';
import { SYSTEM_ACTOR } from '../../src/context.js';
import { periodWindow } from '../../src/digest/periods.js';
import { useTestApp } from '../helpers/app.js';
import { builtDigest, digestFields, liveDigest } from '../helpers/digest.js';
import { act, AGENT, ctxOf, makeCustomer, makeTicket, OWNER } from '../helpers/factories.js';
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

/** A general complaint of a new customer received at `at`, claimed by AGENT: its number. */
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
  return number;
}

test('of the complaint contacts missed in a week, those tried and not reached are counted apart, live, from the stored days and in the report', async () => {
  await app.setSettings(() => ({ agents: [AGENT] }));
  // All received Thursday 22 Oct 17:00: contact due Tuesday 27 Oct 14:00 (week 44).
  const tried = await complaintAt('Huadong', '2026-10-22T17:00');
  const untried = await complaintAt('Xinda', '2026-10-22T17:00');
  const contacted = await complaintAt('Nanfang', '2026-10-22T17:00');
  // Huadong's account manager tried on Monday 26 Oct and could not reach them.
  app.clock.set(local('2026-10-26T10:00'));
  await act(
    app,
    tried,
    {
      action: 'contact',
      at: local('2026-10-26T09:50'),
      via: 'call',
      summary: 'No answer',
      outcome: 'notReached',
    },
    OWNER,
  );
  // Nanfang was reached in time.
  await act(
    app,
    contacted,
    { action: 'contact', at: local('2026-10-26T09:55'), via: 'call', summary: 'Called' },
    OWNER,
  );
  void untried;

  // The digest of week 44 (26 Oct - 1 Nov), posted Monday 2 Nov: two missed, one of them tried.
  await runJobAt(app, digestJob, '2026-11-02T01:00:00Z');
  expect(digestFields(app.fake.postsTo(DIGEST).at(-1)!)).toMatchObject({
    'Complaint targets missed': '2 (+2 vs last week)',
    'Complaint contacts missed, customer not reached after trying': '1 (+1 vs last week)',
  });

  // The same week from the stored days the nightly job keeps, and read live.
  await app.desk.services.dailyFigures.refresh(FAKE_TEAM_ID, TZ, local('2026-11-02T00:30'), {
    marginMs: 0,
  });
  app.clock.set(local('2026-11-02T10:00'));
  const forDigest = vi.spyOn(app.desk.services.dailyFigures, 'forDigest');
  const stored = await builtDigest(app, '2026-W44');
  expect(await forDigest.mock.results[0]!.value).not.toBeNull();
  forDigest.mockRestore();
  expect([stored.complaintBreaches, stored.complaintsNotReached]).toEqual([2, 1]);
  expect(stored).toEqual(await liveDigest(app, '2026-W44'));

  // October's report: the same.
  const ctx = await ctxOf(app, SYSTEM_ACTOR);
  const october = await app.desk.services.reports.build(ctx, periodWindow('2026-10', TZ)!);
  expect([october.overall.complaintBreaches, october.overall.complaintsNotReached]).toEqual([2, 1]);
});
