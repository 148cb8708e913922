// The manuals' logging deadlines (manual A, domain 4: a request is logged within 1 h of its
// receipt; manual B, domain 3: an interaction within 24 h of it): a ticket or an interaction
// logged later is taken as typed, never refused, and marked: the filer is told, the card says
// it, and the digest and the reports count it per person, so a manager sees who logs late.
import { beforeEach, describe, expect, test } from 'vitest';
import { digestJob } from '../../jobs/digest.js';
import { figuresDailyJob } from '../../jobs/figures-daily.js';
import { monthlyReportJob } from '../../jobs/report.js';
import { DataSubjectRepository } from '../../src/privacy/repository.js';
import { useTestApp } from '../helpers/app.js';
import { AGENT, makeCustomer, OWNER } from '../helpers/factories.js';
import { FAKE_TEAM_ID } from '../helpers/fake-slack.js';
import { deskInUseSince } from '../helpers/first-record.js';
import { latestCard } from '../helpers/clicks.js';
import { builtDigest, liveDigest } from '../helpers/digest.js';
import { runJobAt } from '../helpers/jobs.js';

const TRIAGE = 'C0TRIAGE01';
const DIGEST = 'C0DIGEST01';
const MANAGER = 'U0MANAGER1';
// Tue 2026-11-24 10:00 in Shanghai, the workspace's zone (working hours 9-18 by default); week
// 48 is Monday 23 - Sunday 29 November.
const app = useTestApp({
  env: { TRIAGE_CHANNEL_ID: TRIAGE, DIGEST_CHANNEL_ID: DIGEST },
  now: '2026-11-24T02:00:00Z',
  since: '2026-01-01T00:00:00Z',
});
// A desk in use since January: what these tests date before their customers is not history.
beforeEach(() => deskInUseSince(app));

const lastModal = () =>
  app.fake.calls.filter((c) => c.method === 'views.open' || c.method === 'views.update').at(-1)!
    .args.view as Record<string, unknown>;
const confirmation = () => String(app.fake.callsTo('response_url').at(-1)!.args.text);

/** `OWNER` logs a `type` on `code` that happened on `date`: the confirmation. */
async function logInteraction(code: string, type: string, date: string) {
  await app.slack.blockAction(
    { action_id: 'customer_interaction_open', value: code, block_id: 'customer_actions' },
    { userId: OWNER },
  );
  const res = await app.slack.submitView(
    lastModal(),
    { type, date, summary: 'Visited the plant' },
    { userId: OWNER },
  );
  expect(res.body).toBe('');
  return confirmation();
}

/** A ticket filed by `AGENT` through New ticket, received at `date` `time` (Shanghai). */
async function fileTicket(customer: string, date: string, time: string) {
  await app.slack.command('/ticket', 'new Spindle error', { userId: AGENT });
  const res = await app.slack.submitView(
    lastModal(),
    {
      customer,
      type: 'after_sales',
      severity: 'important',
      description: 'Spindle error E42, reported by phone',
      received_date: date,
      received_time: time,
    },
    { userId: AGENT },
  );
  expect(res.body).toBe('');
  return (await app.db.models.tickets.findOne({ teamId: FAKE_TEAM_ID }).sort({ _id: -1 }).lean())!;
}

describe('a ticket logged more than 1 business hour after it was received', () => {
  test('is saved with its clock from the receipt, and the filer and the card say it was logged late', async () => {
    const customer = (await makeCustomer(app, { annualRevenue: 600_000 })).code;
    // Phoned at 09:00 yesterday, filed at 10:00 today: 10 working hours later (9-18, 09:00-10:00).
    const t = await fileTicket(customer, '2026-11-23', '09:00');
    expect(t.receivedAt).toEqual(new Date('2026-11-23T01:00:00Z'));
    expect(t.metrics.loggedLateMinutes).toBe(600);
    expect(confirmation()).toContain(
      'It was logged 10 h of working time after it was received: the manuals ask within 1 h',
    );
    expect(JSON.stringify(latestCard(app, TRIAGE))).toContain(
      'Logged late: 10 h of working time after it was received (the manuals ask within 1 h).',
    );
    // The reports name its filer (their stored days too): a staff trace an erasure refuses.
    const subjects = new DataSubjectRepository(app.db.models);
    expect(await subjects.staffTrace(FAKE_TEAM_ID, AGENT)).toBe('tickets');
  });

  test('one received within the hour, or late on the last working evening, is not marked', async () => {
    const customer = (await makeCustomer(app, { annualRevenue: 600_000 })).code;
    // 09:05 today, filed at 10:00: 55 minutes.
    const soon = await fileTicket(customer, '2026-11-24', '09:05');
    expect(soon.metrics.loggedLateMinutes).toBeUndefined();
    expect(confirmation()).not.toContain('after it was received');
    // 17:30 yesterday, filed at 09:20 today: 30 + 20 working minutes (the night does not count).
    app.clock.set('2026-11-24T01:20:00Z');
    const evening = await fileTicket(customer, '2026-11-23', '17:30');
    expect(evening.metrics.loggedLateMinutes).toBeUndefined();
    expect(JSON.stringify(latestCard(app, TRIAGE))).not.toContain('Logged late');
  });

  test('in zh-CN the filer and the card read it in Chinese', async () => {
    await app.setSettings(() => ({ locale: 'zh-CN' }));
    const customer = (await makeCustomer(app, { annualRevenue: 600_000 })).code;
    await fileTicket(customer, '2026-11-23', '09:00');
    expect(confirmation()).toContain('该工单在收到后 10 小时（工作时间）才录入');
    expect(JSON.stringify(latestCard(app, TRIAGE))).toContain(
      '延迟录入：收到后 10 小时（工作时间）才录入（手册要求 1 小时内）。',
    );
  });
});

describe('tickets logged late in the digest and the reports', () => {
  test('the weekly digest and the monthly report count them, and name who filed them under the agents', async () => {
    await app.setSettings(() => ({ agents: [AGENT], managers: [MANAGER] }));
    const customer = (await makeCustomer(app, { annualRevenue: 600_000 })).code;
    await fileTicket(customer, '2026-11-23', '09:00'); // late
    await fileTicket(customer, '2026-11-24', '09:30'); // in time

    // Monday 30 November: the week's days stored (figures_daily), then at 09:30 the digest of
    // week 48, built from them as in production.
    await runJobAt(app, figuresDailyJob, '2026-11-30T01:00:00Z');
    const [digest] = await runJobAt(app, digestJob, '2026-11-30T01:30:00Z');
    expect(digest!.counts).toEqual({ queued: 1 });
    const blocks = JSON.stringify(app.fake.postsTo(DIGEST)[0]!.args.blocks);
    expect(blocks).toContain('*Logged over 1 h after receipt*\\n1 (+1 vs last week)');
    expect(blocks).toContain(
      `Tickets logged over 1 h after receipt, by who filed them: <@${AGENT}> 1.`,
    );
    const built = await builtDigest(app, '2026-W48');
    expect(built.loggedLate).toBe(1);
    expect(built.perAgent.find((a) => a.agentId === AGENT)?.loggedLate).toBe(1);
    // Read live from the tickets (before the stored days), the same.
    const live = await liveDigest(app, '2026-W48');
    expect(live.loggedLate).toBe(1);
    expect(live.perAgent.find((a) => a.agentId === AGENT)?.loggedLate).toBe(1);

    // Tuesday 1 December: November's report.
    const [month] = await runJobAt(app, monthlyReportJob, '2026-12-01T01:30:00Z');
    expect(month!.counts).toEqual({ queued: 1 });
    const report = JSON.stringify(app.fake.postsTo(DIGEST).at(-1)!.args.blocks);
    expect(report).toMatch(/\*Logged over 1 h after receipt\*\\n1 /);
    expect(report).toContain(
      `Tickets logged over 1 h after receipt, by who filed them: <@${AGENT}> 1.`,
    );
  });

  test('in zh-CN the report says it in Chinese', async () => {
    await app.setSettings(() => ({ agents: [AGENT], managers: [MANAGER], locale: 'zh-CN' }));
    const customer = (await makeCustomer(app, { annualRevenue: 600_000 })).code;
    await fileTicket(customer, '2026-11-23', '09:00');
    app.clock.set('2026-12-02T02:00:00Z');
    await app.slack.command('/desk', 'report month 2026-11', { userId: MANAGER });
    const report = JSON.stringify(app.fake.postsTo(MANAGER).at(-1)!.args.blocks);
    expect(report).toMatch(/\*收到超 1 小时才录入\*\\n1/);
    expect(report).toContain(`收到超 1 小时才录入的工单（按录入人）：<@${AGENT}> 1 张。`);
  });
});

describe('an interaction logged more than 24 h after it happened', () => {
  test('is logged as dated, and the confirmation says how many days after (en, zh-CN); the day after is in time', async () => {
    const { code } = await makeCustomer(app, { ownerId: OWNER });
    // Thursday 19 November's visit, logged on Tuesday 24th.
    expect(await logInteraction(code, 'visit', '2026-11-19')).toContain(
      'It was logged 5 days after it happened: the manuals ask within 24 h, so it counts as logged late in the reports.',
    );
    const late = (await app.db.models.interactions.findOne({ teamId: FAKE_TEAM_ID }).lean())!;
    expect(late.loggedLate).toMatchObject({ days: 5, at: new Date('2026-11-24T02:00:00Z') });
    // Yesterday's call, logged today: within 24 h of the day it happened.
    expect(await logInteraction(code, 'call', '2026-11-23')).not.toContain('days after');
    await app.setSettings(() => ({ locale: 'zh-CN' }));
    expect(await logInteraction(code, 'call', '2026-11-20')).toContain(
      '此互动在发生 4 天后才记录：手册要求 24 小时内记录',
    );
  });

  test('the weekly digest counts them and the monthly report per owner (en, zh-CN)', async () => {
    await app.setSettings(() => ({ managers: [MANAGER] }));
    const { code } = await makeCustomer(app, { ownerId: OWNER });
    await logInteraction(code, 'visit', '2026-11-19');
    await logInteraction(code, 'call', '2026-11-16');
    await logInteraction(code, 'call', '2026-11-24'); // today: in time

    await runJobAt(app, digestJob, '2026-11-30T01:30:00Z');
    const digest = JSON.stringify(app.fake.postsTo(DIGEST)[0]!.args.blocks);
    expect(digest).toContain('*Interactions logged after 24 h*\\n2 (+2 vs last week)');

    await runJobAt(app, monthlyReportJob, '2026-12-01T01:30:00Z');
    const report = JSON.stringify(app.fake.postsTo(DIGEST).at(-1)!.args.blocks);
    expect(report).toMatch(/\*Interactions logged after 24 h\*\\n2 /);
    expect(report).toContain(
      `<@${OWNER}>: 0 follow-ups done · 0 conversions · 2 interactions logged after 24 h`,
    );

    await app.setSettings(() => ({ locale: 'zh-CN' }));
    app.clock.set('2026-12-02T02:00:00Z');
    await app.slack.command('/desk', 'report month 2026-11', { userId: MANAGER });
    const zh = JSON.stringify(app.fake.postsTo(MANAGER).at(-1)!.args.blocks);
    expect(zh).toMatch(/\*超 24 小时记录的互动\*\\n2/);
    expect(zh).toContain('超 24 小时记录的互动 2 次');
  });
});
