// Resolution targets per severity (manual D: response AND resolution limits per grade), set by an
// admin in the SLA settings beside the first-response cells: an urgent "line down" ticket is
// resolved on its own clock, and the card, the alerts, the 75 % warning, the breach, the
// automatic escalation and the delay-notice draft follow it. Through the real Bolt app and the
// fake Slack, on Tuesday 2026-11-24 10:00 in Shanghai (Mon-Fri 09:00-18:00).
import { describe, expect, test } from 'vitest';
import { slaAlertsJob } from '../../jobs/sla-alerts.js';
import { slackTime } from '../../src/ui/text.js';
import type { SettingsGroup } from '../../src/workspace/settings.js';
import { useTestApp } from '../helpers/app.js';
import { AGENT } from '../helpers/factories.js';
import { FAKE_TEAM_ID } from '../helpers/fake-slack.js';
import { runJobAt } from '../helpers/jobs.js';
import { requesterKit } from '../helpers/requester-kit.js';
import { settingsKit } from '../helpers/settings.js';

const ADMIN = 'U0ADMIN001';
const TRIAGE = 'C0TRIAGE01';
const ALERTS = 'C0ALERTS01';
const ESCALATION = 'C0ESCAL001';
const REQ = 'U0REQUEST1';
const ZONE = 'Asia/Shanghai';

const app = useTestApp({
  env: {
    ADMIN_USER_IDS: ADMIN,
    TRIAGE_CHANNEL_ID: TRIAGE,
    ALERTS_CHANNEL_ID: ALERTS,
    ESCALATION_CHANNEL_ID: ESCALATION,
  },
  now: '2026-11-24T02:00:00Z',
});

const { settings, openGroup, block } = settingsKit(app, ADMIN);
const { createTicket, customer, click, submitLast, stored } = requesterKit(app, {
  triage: TRIAGE,
  requester: REQ,
});

/** Opens a group's modal, fills in `form` and saves it, as the admin. */
async function saveGroup(group: SettingsGroup, form: Record<string, string | null>) {
  const view = await openGroup(group);
  return app.slack.submitView(view, form, { userId: ADMIN });
}

/** The resolution inputs of the SLA modal: label and value shown, by severity. */
async function resolutionInputs() {
  const view = await openGroup('sla');
  return Object.fromEntries(
    ['urgent', 'important', 'general'].map((sev) => {
      const b = block(view, `resolution_${sev}`);
      return [sev, `${b.label.text}: ${b.element.initial_value}`];
    }),
  );
}

/** The ticket's card as last drawn: its fields' text. */
function cardFields(number: string): string[] {
  const card =
    app.fake
      .callsTo('chat.update')
      .filter((c) => String(c.args.text).startsWith(number))
      .at(-1) ??
    app.fake
      .callsTo('chat.postMessage')
      .filter((c) => c.args.channel === TRIAGE && !c.args.thread_ts)
      .filter((c) => String(c.args.text).startsWith(number))
      .at(-1);
  const fields = (card!.args.blocks as any[]).find((b) => b.fields)!.fields as { text: string }[];
  return fields.map((f) => f.text);
}

const shown = (iso: string) => slackTime(new Date(iso), ZONE);
const alertTexts = () => app.fake.postsTo(ALERTS).map((c) => JSON.stringify(c.args.blocks));

describe('resolution targets per severity', () => {
  test('an admin sets urgent to 8 h: an urgent ticket is due 8 business hours on, warned at 6, breached and escalated at 8, its delay drafted; a general one keeps 72 h', async () => {
    // The modal offers a resolution target per severity, 72 h each until an admin sets them.
    expect(await resolutionInputs()).toEqual({
      urgent: 'Resolution: urgent (hours): 72',
      important: 'Resolution: important (hours): 72',
      general: 'Resolution: general (hours): 72',
    });
    expect((await saveGroup('sla', { resolution_urgent: '8' })).body).toBe('');
    expect((await settings()).sla.resolutionMinutesBySeverity).toEqual({
      urgent: 8 * 60,
      important: 72 * 60,
      general: 72 * 60,
    });
    // The history names the target changed.
    const history = await app.slack.command('/desk', 'settings history', { userId: ADMIN });
    expect(JSON.stringify(history.body.blocks)).toContain('Resolution: urgent (hours): 72 → 8');

    // Tuesday 10:00: "Line 3 is down", urgent, for a key customer; and a general question.
    const code = await customer();
    const down = await createTicket({ customer: code, requester: REQ, severity: 'urgent' });
    const question = await createTicket({ customer: code, requester: REQ, severity: 'general' });
    // The first response still combines severity and tier as before (urgent x key 2 h, general
    // x key 8 h); the resolution follows the severity only.
    expect((await stored(down)).sla).toMatchObject({
      responseMinutes: 120,
      resolutionMinutes: 480,
    });
    expect((await stored(question)).sla).toMatchObject({
      responseMinutes: 480,
      resolutionMinutes: 72 * 60,
    });
    // The card: 8 business hours left, due today 18:00 (10:00Z).
    await app.desk.outbox.drain();
    expect(cardFields(down)).toContain(
      `*Resolution due*\n8 h of business time left, due ${shown('2026-11-24T10:00:00Z')}`,
    );

    // Claimed and answered at once: only the resolution clock is left.
    await click('ticket_claim', down);
    await click('ticket_log_response_open', down);
    expect((await submitLast({ via: 'phone', said: 'On it' })).body).toBe('');

    // 75 % is 6 business hours: nothing at 15:59, the warning at 16:00, with the delay draft.
    await runJobAt(app, slaAlertsJob, '2026-11-24T07:59:00Z');
    expect(alertTexts()).toEqual([]);
    await runJobAt(app, slaAlertsJob, '2026-11-24T08:00:30Z');
    expect(alertTexts().join()).toContain(
      `Urgent: resolution due soon (by ${shown('2026-11-24T10:00:00Z')})`,
    );
    // The general question is warned of its first response only (8 h), not of its resolution.
    expect(alertTexts().join()).not.toContain('General: resolution');
    const draft = app.fake.postsTo(AGENT).find((c) => String(c.args.text).includes('will miss'));
    expect(draft?.args.text).toContain(down);

    // Breached at 18:00: the alert and the escalation to L2, the same evening.
    await runJobAt(app, slaAlertsJob, '2026-11-24T09:59:00Z');
    expect(alertTexts()).toEqual([]);
    await runJobAt(app, slaAlertsJob, '2026-11-24T10:00:30Z');
    const breach = alertTexts().join();
    expect(breach).toContain(`Urgent: resolution overdue since ${shown('2026-11-24T10:00:00Z')}`);
    expect(breach).toContain(
      `|${down}>* Line 3 is down · Huadong Machinery: escalated to L2 on breach`,
    );
    expect(await stored(down)).toMatchObject({
      level: 2,
      alerts: { resolutionBreach: expect.any(Date) },
    });
    // The general question is not late: its 72 h run to Wednesday 2 December.
    expect((await stored(question)).level).toBe(1);
    expect((await stored(question)).alerts?.resolutionBreach).toBeUndefined();
  });

  test('a more severe resolution target longer than a less severe one is refused inline; nothing is saved', async () => {
    const res = await saveGroup('sla', { resolution_urgent: '96' });
    expect(res.body).toEqual({
      response_action: 'errors',
      errors: {
        resolution_urgent:
          'Longer than the resolution target of an important ticket (72 h): a more severe ticket must be resolved at least as fast. Shorten this one or lengthen that one.',
      },
    });
    // Only the less severe one changed: refused there, naming the one it is under.
    const general = await saveGroup('sla', { resolution_general: '24' });
    expect(general.body).toEqual({
      response_action: 'errors',
      errors: {
        resolution_general:
          'Shorter than the resolution target of an urgent ticket (72 h): a more severe ticket must be resolved at least as fast. Lengthen this one or shorten that one.',
      },
    });
    expect((await settings()).sla.resolutionMinutesBySeverity).toEqual({
      urgent: 72 * 60,
      important: 72 * 60,
      general: 72 * 60,
    });
    // Equal is allowed; in Chinese, the refusal is in Chinese.
    expect(
      (await saveGroup('sla', { resolution_urgent: '24', resolution_important: '24' })).body,
    ).toBe('');
    await app.setSettings(() => ({ locale: 'zh-CN' }));
    const zh = await saveGroup('sla', { resolution_important: '96' });
    expect(zh.body).toEqual({
      response_action: 'errors',
      errors: {
        resolution_important:
          '比一般工单的解决时限（72 小时）还长：更严重的工单至少要同样快地解决。请缩短此项，或延长那一项。',
      },
    });
  });

  test('settings stored with one resolution target read it as each severity’s; the next save stores the three', async () => {
    const code = await customer(); // the workspace exists
    await app.db.models.workspaces.updateOne(
      { teamId: FAKE_TEAM_ID },
      {
        $set: { 'settings.sla.resolutionMinutes': 48 * 60 },
        $unset: { 'settings.sla.resolutionMinutesBySeverity': '' },
      },
    );
    app.desk.services.workspaces.forget();
    expect(await resolutionInputs()).toEqual({
      urgent: 'Resolution: urgent (hours): 48',
      important: 'Resolution: important (hours): 48',
      general: 'Resolution: general (hours): 48',
    });
    const urgent = await createTicket({ customer: code, severity: 'urgent' });
    const general = await createTicket({ customer: code, severity: 'general' });
    expect((await stored(urgent)).sla.resolutionMinutes).toBe(48 * 60);
    expect((await stored(general)).sla.resolutionMinutes).toBe(48 * 60);

    expect((await saveGroup('sla', { resolution_urgent: '8' })).body).toBe('');
    const doc = (await app.db.models.workspaces.findOne({ teamId: FAKE_TEAM_ID }).lean()) as any;
    // An older instance (one target, required by its schema) still reads the workspace during a
    // rolling upgrade: the general severity's target, written beside the three.
    expect(doc.settings.sla.resolutionMinutes).toBe(48 * 60);
    expect(doc.settings.sla.resolutionMinutesBySeverity).toEqual({
      urgent: 8 * 60,
      important: 48 * 60,
      general: 48 * 60,
    });
    // The tickets opened before keep their targets.
    expect((await stored(urgent)).sla.resolutionMinutes).toBe(48 * 60);
  });
});
