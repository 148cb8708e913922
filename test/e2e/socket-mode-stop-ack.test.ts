import { describe, expect, test } from 'vitest';
import type { AppOptions, DeskApp } from '../../src/app.js';
import { createLogger } from '../../src/logger.js';
import { SYSTEM_ACTOR } from '../../src/context.js';
import { FAKE_TEAM_ID } from '../helpers/fake-slack.js';
import {
  eventCallbackBody,
  slashCommandPayload,
  viewStateOf,
  viewSubmissionPayload,
} from '../helpers/slack-requests.js';
import { useSocketDesk } from '../helpers/socket-desk.js';
import { translator } from '../../src/i18n/index.js';
import { customerModal } from '../../src/ui/customer.js';
import { NEW_CUSTOMER_FORM } from '../helpers/records.js';

// Socket Mode's stop: an ack goes out on the connection, so desk.stop() keeps it open until the
// requests not acked yet are (at most Slack's 3 s ack limit, on virtual time here) before it
// closes it; requests taken meanwhile are handled too. Work after an ack does not keep it open.
const { fake, capture, build } = useSocketDesk();

/**
 * A desk whose stop-time wait for the requests not acked yet is the test's: `asked` resolves once
 * stop() waits, `end()` ends the wait.
 */
async function deskWithStopWait(
  options: AppOptions = {},
  before?: (desk: DeskApp) => Promise<void>,
): Promise<{
  desk: DeskApp;
  asked: Promise<'waiting'>;
  end: () => void;
}> {
  fake.reset();
  fake.socketMode.connections.length = 0;
  capture.lines.length = 0;
  let ask!: () => void;
  const asked = new Promise<'waiting'>((resolve) => (ask = () => resolve('waiting')));
  let end!: () => void;
  const ended = new Promise<void>((resolve) => (end = resolve));
  const { desk } = await build({
    socketStopAckWait: () => {
      ask();
      return ended;
    },
    ...options,
  });
  await before?.(desk);
  await desk.start();
  return { desk, asked, end };
}

/** `/ticket help` by a person the roles name nowhere: the boundary asks Slack (users.info) first. */
const help = (userId: string) =>
  slashCommandPayload('/ticket', 'help', { userId }, fake.responseUrl());

describe('Socket Mode stop and the requests in flight', () => {
  test('a command taken just before the stop still gets its ack, and one taken while it waits too; then the connection closes', async () => {
    const { desk, asked, end } = await deskWithStopWait();
    const connection = await fake.socketMode.connection();
    const held = fake.holdNext('users.info');
    const first = connection.deliver('slash_commands', help('U0NOROLE01'));
    await held.arrived;
    const stopping = desk.stop();
    // The connection stays open while that request is in flight (it used to close at once).
    expect(await Promise.race([asked, connection.closed.then(() => 'closed' as const)])).toBe(
      'waiting',
    );
    const second = await connection.deliver('slash_commands', help('U0NOROLE02'));
    expect(second.payload?.text).toContain('*/ticket*: service tickets');
    held.release();
    expect((await first).payload?.text).toContain('*/ticket*: service tickets');
    await stopping;
    expect(await connection.closed).toBe(1000);
    end();
    expect(capture.lines.filter((l) => l.level >= 40).map((l) => l.msg)).toEqual([]);
  });

  test('past the wait a request not acked yet is answered that the desk is restarting, said in one warning; its own ack is not sent', async () => {
    const { desk, asked, end } = await deskWithStopWait();
    const connection = await fake.socketMode.connection();
    const held = fake.holdNext('users.info');
    const first = connection.deliver('slash_commands', help('U0NOROLE03'));
    await held.arrived;
    const stopping = desk.stop();
    await asked;
    end();
    // It used to get no ack at all (Slack's error), the connection closing first.
    expect((await first).payload).toEqual({
      response_type: 'ephemeral',
      text: 'The desk is restarting and could not finish this in time, so it may not have been done. Check in a moment, and try again if it was not.',
    });
    await connection.closed;
    expect(capture.lines.filter((l) => l.level === 40).map((l) => [l.msg, l.unacked])).toEqual([
      [
        'closing the Socket Mode connection with requests not acked yet: answered that the desk is restarting (try again), their own acks not sent',
        1,
      ],
    ]);
    held.release();
    // stop() still returns only once that request's work is done; its listener's ack is dropped
    // quietly (no second ack, no Bolt warning of one).
    await stopping;
    expect(connection.acks).toHaveLength(1);
    expect(capture.lines.filter((l) => l.level >= 40)).toHaveLength(1);
  });
  test('an event already acked, its reply held by Slack: the connection closes at once, without the wait or a warning', async () => {
    const { desk, asked, end } = await deskWithStopWait();
    const connection = await fake.socketMode.connection();
    const held = fake.holdNext('chat.postMessage');
    // A DM to the bot: acked at once (an event), its reply then posted.
    await connection.deliver(
      'events_api',
      eventCallbackBody(
        {
          type: 'message',
          channel_type: 'im',
          channel: 'D0DM000001',
          user: 'U0DM000001',
          text: 'hello?',
          ts: '1795500000.000100',
        },
        'Ev0STOPACK01',
        Math.floor(Date.now() / 1000),
        { contextTeamId: true },
      ),
    );
    await held.arrived;
    const stopping = desk.stop();
    // Every ack went out: nothing keeps the connection open (it used to wait for the reply).
    expect(await Promise.race([asked, connection.closed.then(() => 'closed' as const)])).toBe(
      'closed',
    );
    end();
    // stop() still returns only once the reply is done.
    held.release();
    await stopping;
    expect(capture.lines.filter((l) => l.level >= 40).map((l) => l.msg)).toEqual([]);
  });
  test('the wait for the acks runs beside the outbox pass under way: the connection closes once they are, the pass still held', async () => {
    // The outbox loop on, a message owed: its pass is under way (its post held) as the stop begins.
    let post!: ReturnType<typeof fake.holdNext>;
    const { desk, asked, end } = await deskWithStopWait({ outboxLoop: true }, async (d) => {
      post = fake.holdNext('chat.postMessage');
      const ctx = await d.services.workspaces.context({
        teamId: FAKE_TEAM_ID,
        actor: SYSTEM_ACTOR,
        now: new Date('2026-11-24T02:00:00Z'),
        log: createLogger('silent'),
        origin: 'job',
      });
      await d.services.outbox.enqueue(ctx, [
        { key: 'owed', kind: 'message', to: 'C0OWED0001', data: { message: { text: 'owed' } } },
      ]);
    });
    await post.arrived;
    const connection = await fake.socketMode.connection();
    const held = fake.holdNext('users.info');
    const first = connection.deliver('slash_commands', help('U0NOROLE04'));
    await held.arrived;
    const stopping = desk.stop();
    // The wait began with the stop (it used to wait for the outbox pass first).
    expect(await Promise.race([asked, Promise.resolve('not yet' as const)])).toBe('waiting');
    held.release();
    expect((await first).payload?.text).toContain('*/ticket*: service tickets');
    // Acked: the connection closes, the outbox's post still held.
    expect(await connection.closed).toBe(1000);
    end();
    post.release();
    await stopping;
    expect(capture.lines.filter((l) => l.level >= 40).map((l) => l.msg)).toEqual([]);
  });
  test('begun at the signal (main, before the job tick under way ends): the connection closes once the acks are out, stop() not called yet', async () => {
    const { desk, asked, end } = await deskWithStopWait();
    const connection = await fake.socketMode.connection();
    const held = fake.holdNext('users.info');
    const first = connection.deliver('slash_commands', help('U0NOROLE05'));
    await held.arrived;
    desk.beginStop();
    await asked;
    held.release();
    expect((await first).payload?.text).toContain('*/ticket*: service tickets');
    expect(await connection.closed).toBe(1000);
    end();
    await desk.stop();
    expect(capture.lines.filter((l) => l.level >= 40).map((l) => l.msg)).toEqual([]);
  });

  test('a form submitted just before the stop, past the wait: the form stays as typed, told on its first field; its save then lands on the form itself', async () => {
    const { desk, asked, end } = await deskWithStopWait({ submitAckBudgetMs: 0 });
    const connection = await fake.socketMode.connection();
    const t = translator('en');
    const view = customerModal(t, { mode: 'create', values: {} } as never);
    const given = { ...NEW_CUSTOMER_FORM, owner: 'U0NOROLE09' };
    const firstInput = view.blocks.find((b) => b.type === 'input')!.block_id!;
    // The boundary asks Slack who this member is (the roles name them nowhere): held past the wait.
    const held = fake.holdNext('users.info');
    const acked = connection.deliver(
      'interactive',
      viewSubmissionPayload(
        { ...view, callback_id: view.callback_id!, id: 'V0FORM0001' },
        viewStateOf(view as unknown as Record<string, unknown>, given),
        { id: 'U0NOROLE09', username: 'x', name: 'x', team_id: FAKE_TEAM_ID },
      ),
    );
    await held.arrived;
    const stopping = desk.stop();
    await asked;
    end();
    // It used to replace the form with an error view: what was typed was gone.
    expect((await acked).payload).toEqual({
      response_action: 'errors',
      errors: {
        [firstInput]:
          'The desk is restarting and could not finish this in time, so it may not have been done. Check in a moment, and try again if it was not.',
      },
    });
    held.release();
    await stopping;
    // Its listener went on and saved it; the "Saving…" view it acked with was never pushed (the
    // stop had acked first), so the save's outcome goes to the form by its id (it used to go to
    // that view's external id, which Slack does not know).
    expect(capture.lines.some((l) => l.msg === 'customer created')).toBe(true);
    const updates = fake.callsTo('views.update').map((c) => c.args);
    expect(updates.map((u) => [u.view_id, u.external_id])).toEqual([['V0FORM0001', undefined]]);
    expect(JSON.stringify(updates[0]!.view)).toContain('Shanghai Huadong Machinery');
    expect(connection.acks).toHaveLength(1);
  });
});
