// A ticket reopened after its resolution breach was alerted owes the customer a reply again:
// the SLA sweep alerts its reply breach once (several instances too), rather than never again.
import { describe, expect, test } from 'vitest';
import { slaAlertsJob } from '../../jobs/sla-alerts.js';
import { useTestApp } from '../helpers/app.js';
import { act, AGENT, makeCustomer, makeTicket, respond } from '../helpers/factories.js';
import { runJobAt } from '../helpers/jobs.js';

const ALERTS = 'C0ALERTS01';
const REQ = 'U0REQUEST1';
const app = useTestApp({
  env: { TRIAGE_CHANNEL_ID: 'C0TRIAGE01', ALERTS_CHANNEL_ID: ALERTS },
  now: '2026-11-24T02:00:00Z',
});

function buttonsOf(post: { args: Record<string, unknown> }) {
  const blocks = (
    typeof post.args.blocks === 'string' ? JSON.parse(post.args.blocks) : post.args.blocks
  ) as { type: string; block_id?: string; elements?: { action_id: string; value: string }[] }[];
  return new Map(
    blocks
      .filter((b) => b.type === 'actions')
      .flatMap((b) => b.elements!.map((e) => [e.action_id, { ...e, block_id: b.block_id }])),
  );
}

describe('reopened after a breach', () => {
  test("the requester's Not solved, reopen owes a reply: its breach is alerted once", async () => {
    const customer = await makeCustomer(app, { annualRevenue: 100_000 });
    await app.setSettings((s) => ({ sla: { ...s.sla, autoEscalate: false } }));
    const t = await makeTicket(app, { customerCode: customer.code, requester: { userId: REQ } });
    await act(app, t.number, { action: 'claim' });
    await respond(app, t.number);
    // 72 business hours (9-18, Mon-Fri) from Tue 10:00 = Fri 4 Dec 10:00 (Shanghai); swept after.
    await runJobAt(app, slaAlertsJob, '2026-12-04T02:01:00Z');
    expect(
      (await app.db.models.tickets.findOne({ number: t.number }).lean())!.alerts.resolutionBreach,
    ).toBeDefined();
    app.clock.set('2026-12-04T03:00:00Z');
    app.fake.reset();
    await act(app, t.number, { action: 'resolve', summary: 'Reset the board' });
    await app.desk.outbox.drain();
    const resolved = app.fake
      .tookPostsTo(REQ)
      .find((c) => String(c.args.text).includes('is resolved: Reset the board'))!;
    const reopen = buttonsOf(resolved).get('requester_reopen')!;
    // Saturday 5 Dec 09:00 Shanghai: the requester presses Not solved, reopen.
    app.clock.set('2026-12-05T01:00:00Z');
    await app.slack.blockAction(
      { action_id: reopen.action_id, value: reopen.value, block_id: reopen.block_id },
      { userId: REQ, channelId: 'D0REQUEST1' },
    );
    const reopened = (await app.db.models.tickets.findOne({ number: t.number }).lean())!;
    expect(reopened.status).toBe('assigned');
    expect(reopened.replyFrom).toEqual(new Date('2026-12-05T01:00:00Z'));
    // A reply owed from then: 8 business hours (general) from Monday 09:00 = Monday 17:00.
    expect(reopened.nextAlertAt).toEqual(new Date('2026-12-07T09:00:00.001Z'));
    await runJobAt(app, slaAlertsJob, '2026-12-07T08:59:00Z');
    expect(app.fake.postsTo(ALERTS)).toEqual([]);
    // Past it, swept by two instances at once: one alert, to the team and to the assignee.
    await runJobAt(app, slaAlertsJob, '2026-12-07T09:01:00Z', ['a', 'b']);
    // Said as it happened: its requester reopened it, not "the customer wrote again".
    const head = `|${t.number}>* ${t.title} · Huadong Machinery · General: `;
    const line = `${head}its requester <@${REQ}> said it was not solved and reopened it, and the customer has had no reply since`;
    expect(app.fake.postsTo(ALERTS).map((c) => String(c.args.text))).toEqual([
      expect.stringContaining(line),
    ]);
    expect(app.fake.postsTo(AGENT).map((c) => String(c.args.text))).toEqual([
      expect.stringContaining(line),
    ]);
    // Then nothing more for this stretch, however long it sits.
    for (const iso of ['2026-12-08T02:00:00Z', '2026-12-15T02:00:00Z']) {
      await runJobAt(app, slaAlertsJob, iso);
      expect(app.fake.postsTo(ALERTS)).toEqual([]);
      expect(app.fake.postsTo(AGENT)).toEqual([]);
    }
    // Answered, then reopened again by staff: the next stretch is alerted once more.
    await respond(app, t.number);
    app.clock.set('2026-12-15T03:00:00Z');
    await act(app, t.number, { action: 'resolve', summary: 'Reset it again' });
    // The assignee's Reopen on the card (a real click): the line names them.
    await app.slack.blockAction(
      { action_id: 'ticket_reopen', value: t.number, block_id: 'ticket_actions' },
      { userId: AGENT, channelId: 'C0TRIAGE01' },
    );
    expect((await app.db.models.tickets.findOne({ number: t.number }).lean())!.status).toBe(
      'assigned',
    );
    await runJobAt(app, slaAlertsJob, '2026-12-16T03:01:00Z');
    expect(app.fake.postsTo(ALERTS).map((c) => String(c.args.text))).toEqual([
      expect.stringContaining(
        `${head}<@${AGENT}> reopened it, and the customer has had no reply since`,
      ),
    ]);
    // The same in the workspace’s Chinese.
    app.clock.set('2026-12-16T04:00:00Z');
    await respond(app, t.number);
    await act(app, t.number, { action: 'resolve', summary: 'Third time' });
    await app.setSettings(() => ({ locale: 'zh-CN' }));
    app.clock.set('2026-12-16T05:00:00Z');
    await app.slack.blockAction(
      { action_id: 'ticket_reopen', value: t.number, block_id: 'ticket_actions' },
      { userId: AGENT, channelId: 'C0TRIAGE01' },
    );
    await runJobAt(app, slaAlertsJob, '2026-12-17T05:01:00Z');
    expect(app.fake.postsTo(ALERTS).map((c) => String(c.args.text))).toEqual([
      expect.stringContaining(`<@${AGENT}> 重新打开了工单，此后尚未答复客户`),
    ]);
  });
});
