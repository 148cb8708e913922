// The `figures-daily` job on two instances of the desk sharing one database, their wall clocks
// apart: a run on the instance whose clock runs ahead, slow to save the days it read before a
// resolution, cannot put them back over the days a run on the other instance read after it.
// Two apps from the desk's factory on one database.
import { afterAll, beforeAll, describe, expect, inject, test, vi } from 'vitest';
import { createDeskApp, type DeskApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import type { DailyFactsRepository } from '../../src/digest/daily/repository.js';
import type { EngineKind } from '../../src/db/engine.js';
import { createLogger } from '../../src/logger.js';
import { TEST_BOT_TOKEN, TEST_SIGNING_SECRET, useTestApp } from '../helpers/app.js';
import { submitLastModal } from '../helpers/clicks.js';
import { act, AGENT, makeCustomer, makeTicket, respond } from '../helpers/factories.js';
import { FAKE_TEAM_ID } from '../helpers/fake-slack.js';
import { holdFirstCall } from '../helpers/hold.js';
import { fromEveryRecord, fromStoredDays } from '../helpers/report-months.js';

// Shanghai; the month is October 2026.
const app = useTestApp({ now: '2026-10-01T02:00:00Z' });
const local = (date: string, hhmm: string) => new Date(`2026-${date}T${hhmm}:00+08:00`);
const TZ = 'Asia/Shanghai';

/** How far instance B's wall clock runs ahead of A's while its run reads. */
const SKEW_MS = 60_000;
/** Instance B: the same factory and database. */
let b: DeskApp;

beforeAll(async () => {
  const config = loadConfig({
    SLACK_BOT_TOKEN: TEST_BOT_TOKEN,
    SLACK_SIGNING_SECRET: TEST_SIGNING_SECRET,
    SLACK_API_URL: app.fake.apiUrl,
    PORT: '0',
  });
  b = createDeskApp(
    {
      config,
      db: app.db,
      engine: inject('mongoEngine') as EngineKind,
      log: createLogger('silent'),
      clock: app.clock,
    },
    {
      processBeforeResponse: true,
      submitAckBudgetMs: null,
      outboxLoop: false,
      instanceId: 'b',
      slackRetries: { retries: 0 },
    },
  );
  await b.start();
});

afterAll(async () => {
  vi.useRealTimers();
  await b?.stop();
});

const repoOf = (desk: DeskApp) =>
  (desk.services.dailyFigures as unknown as { repo: DailyFactsRepository }).repo;

describe('figures-daily runs overlapping on two instances', () => {
  test("a run on the instance whose clock runs ahead, holding the days it read before a resolution, does not replace the days the other instance's later run read and saved first: its save is refused and it reads the days again; the month counts the resolution from the stored days", async () => {
    app.clock.set(local('10-01', '10:00'));
    const alpha = await makeCustomer(app, { name: 'Alpha', firstContactDate: '2026-01-05' });
    app.clock.set(local('10-13', '10:00'));
    const a = (await makeTicket(app, { customerCode: alpha.code, severity: 'general' })).number;
    // The job's watermark is when it ran: the test's writes come right after, so no margin.
    const night = local('10-22', '00:30');
    await app.desk.services.dailyFigures.refresh(FAKE_TEAM_ID, TZ, local('10-20', '00:30'), {
      marginMs: 0,
    });
    // Claimed on the 21st: 13 October (its receipt) is stored again by the next night's runs.
    app.clock.set(local('10-21', '10:30'));
    await act(app, a, { action: 'claim' }, AGENT);
    await respond(app, a, AGENT);

    // Instance B's run, its wall clock a minute ahead, reads its days and is slow to save them.
    const startedB = new Date();
    vi.useFakeTimers({ toFake: ['Date'], shouldAdvanceTime: true });
    vi.setSystemTime(Date.now() + SKEW_MS);
    const older = holdFirstCall(repoOf(b), 'save');
    const olderRun = b.services.dailyFigures.refresh(FAKE_TEAM_ID, TZ, night, {
      marginMs: 0,
      startedAt: startedB,
    });
    await older.reached;
    vi.useRealTimers();

    // Meanwhile the ticket is resolved on its card (instance A).
    app.clock.set(local('10-22', '10:00'));
    await app.slack.blockAction(
      { action_id: 'ticket_resolve_open', value: a, block_id: 'ticket_actions' },
      { userId: AGENT },
    );
    expect(await submitLastModal(app, { resolution: 'Replaced encoder' }, AGENT)).toMatchObject({
      body: '',
    });
    // Instance A takes the slot over: its run reads the resolution and saves its days, up to
    // its watermark.
    const newer = holdFirstCall(repoOf(app.desk), 'setState');
    const newerRun = app.desk.services.dailyFigures.refresh(FAKE_TEAM_ID, TZ, night, {
      marginMs: 0,
    });
    await newer.reached;
    // B's days come after A's; A's watermark (after the resolution) last.
    older.release();
    const olderCounts = await olderRun;
    newer.release();
    await newerRun;
    older.restore();
    newer.restore();
    // B stored its days all the same: read again after the resolution.
    expect(olderCounts.tickets).toBeGreaterThan(0);

    app.clock.set(local('11-02', '09:00'));
    // 13 October is taken as stored (no write since A's watermark) and comes first: the ticket
    // as that day holds it is the one counted.
    const report = await fromStoredDays(app);
    expect(report.figures.overall.resolved).toBe(1);
    expect(report.figures).toEqual(await fromEveryRecord(app));
    // Stored by the first night, by A, then by B's second read.
    const day = await app.db.models.figuresDaily
      .findOne({ _id: `${FAKE_TEAM_ID}:tickets:2026-10-13` })
      .lean();
    expect(day?.rev).toBe(3);
  });

  test('a save expecting a day not stored is refused once another stored it meanwhile, and one expecting an old revision once it moved on; the others of the same call go in', async () => {
    const repo = repoOf(app.desk);
    const now = local('10-22', '00:30');
    const day = (d: string, rev: number) => ({ day: d, items: [], rev });
    const revs = async () => {
      const seen = new Map<string, number>();
      await repo.stored(
        FAKE_TEAM_ID,
        'orders',
        TZ,
        ['2026-09-01', '2026-09-02'],
        false,
        undefined,
        seen,
      );
      return seen;
    };
    // Instance A stores 1 September first; B, which saw neither day stored, stores both.
    expect(await repo.save(FAKE_TEAM_ID, 'orders', TZ, [day('2026-09-01', 0)], now)).toEqual([]);
    expect(
      await repoOf(b).save(
        FAKE_TEAM_ID,
        'orders',
        TZ,
        [day('2026-09-01', 0), day('2026-09-02', 0)],
        now,
      ),
    ).toEqual(['2026-09-01']);
    expect(Object.fromEntries(await revs())).toEqual({ '2026-09-01': 1, '2026-09-02': 1 });
    // Both at revision 1: A moves 2 September on; B, still at 1 for both, loses that one only.
    expect(await repo.save(FAKE_TEAM_ID, 'orders', TZ, [day('2026-09-02', 1)], now)).toEqual([]);
    expect(
      await repoOf(b).save(
        FAKE_TEAM_ID,
        'orders',
        TZ,
        [day('2026-09-01', 1), day('2026-09-02', 1)],
        now,
      ),
    ).toEqual(['2026-09-02']);
    expect(Object.fromEntries(await revs())).toEqual({ '2026-09-01': 2, '2026-09-02': 2 });
  });
});
