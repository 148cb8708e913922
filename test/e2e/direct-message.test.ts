import { describe, expect, test } from 'vitest';
import { useTestApp } from '../helpers/app.js';
import { askAndWait } from '../helpers/clicks.js';
import { act, AGENT, makeCustomer, makeTicket } from '../helpers/factories.js';

// The Messages tab is on (the desk's reminders and alerts arrive there, with their buttons), so
// what people type there is answered: with what the app understands, its commands.
const app = useTestApp({ env: { TRIAGE_CHANNEL_ID: 'C0TRIAGE01' }, now: '2026-11-24T02:00:00Z' });
const dm = { type: 'message', channel_type: 'im', channel: 'D0DM000001', user: 'U0DM000001' };

function answers() {
  return app.fake.callsTo('chat.postMessage').map((c) => c.args);
}

describe('a message typed in the Messages tab', () => {
  test('is answered in that conversation with every command, in the workspace language', async () => {
    const res = await app.slack.event({ ...dm, text: 'hello?', ts: '1700000000.000100' });
    expect(res.status).toBe(200);
    const [answer, ...more] = answers();
    expect(more).toEqual([]);
    expect(answer).toMatchObject({ channel: 'D0DM000001' });
    expect(answer?.thread_ts).toBeUndefined();
    const text = String(answer?.text);
    expect(text).toContain('I do not read messages here');
    expect(text).toContain('*/ticket*: service tickets');
    expect(text).toContain('`/ticket new [title]`  Open a service ticket');
    expect(text).toContain('*/customer*: customer files');
    expect(text).toContain('`/customer help`  Show this help');
    expect(JSON.stringify(answer?.blocks)).toContain('/customer find');

    app.fake.reset();
    await app.setSettings(() => ({ locale: 'zh-CN' }));
    await app.slack.event({ ...dm, text: '你好', ts: '1700000000.000200' });
    const zh = String(answers()[0]?.text);
    expect(zh).toContain('我不读取这里的消息');
    expect(zh).toContain('*/ticket*：服务工单');
    expect(zh).toContain('`/customer help`  显示本帮助');
  });

  test('a member who holds no role on a closed desk is listed only what they may use, not the staff commands that would refuse them', async () => {
    await app.setSettings(() => ({ openDesk: false, agents: [AGENT] }));
    await app.slack.event({ ...dm, text: 'hello?', ts: '1700000000.000150' });
    const text = String(answers()[0]?.text);
    expect(text).toContain('I do not read messages here');
    expect(text).toContain('`/ticket new [title]`  Open a service ticket');
    expect(text).toContain('`/customer help`  Show this help');
    expect(text).not.toContain('/customer new');
    expect(text).not.toContain('/task new');
    expect(text).not.toContain('/desk');

    // An agent on the same desk still reads every command (the admins' marked as in help).
    app.fake.reset();
    await app.slack.event({ ...dm, user: AGENT, text: 'hello?', ts: '1700000000.000160' });
    const staff = String(answers()[0]?.text);
    expect(staff).toContain('`/customer new`');
    expect(staff).toContain('`/desk report');
  });

  test("a customer's owner who holds no role is listed /task new, which they may use; the empty lists suggest to a member without a role no command that would refuse them", async () => {
    const OWNER_NO_ROLE = 'U0OWNRLESS';
    const { code } = await makeCustomer(app, { name: 'Roleless Owner Co' });
    await app.db.models.customers.updateOne({ code }, { $set: { ownerId: OWNER_NO_ROLE } });
    await app.setSettings(() => ({ openDesk: false, agents: [AGENT] }));
    /** What `user` is answered in their DM: the help, or a command's reply. */
    const said = () =>
      [
        ...answers().map((a) => String(a.text)),
        ...app.fake.callsTo('response_url').map((c) => String(c.args.text)),
      ].join('\n');

    await app.slack.event({ ...dm, user: OWNER_NO_ROLE, text: 'hello?', ts: '1700000000.000170' });
    expect(said()).toContain('`/task new [C2026001]`');
    expect(said()).not.toContain('/customer new');
    app.fake.reset();
    await app.slack.command('/task', 'mine', { userId: OWNER_NO_ROLE, channelId: 'D0DM000001' });
    expect(said()).toContain('You have no open tasks. Plan one with `/task new`.');

    // A member who owns nothing: neither /task new nor /customer new, in the help or the lists.
    app.fake.reset();
    await app.slack.command('/task', 'mine', { userId: dm.user, channelId: 'D0DM000001' });
    expect(said()).toBe('You have no open tasks.');
    app.fake.reset();
    await app.slack.command('/customer', 'find zzz', { userId: dm.user, channelId: 'D0DM000001' });
    expect(said()).toBe('No customer matches “zzz”. Try part of the name or code.');
    // An agent is still told both.
    app.fake.reset();
    await app.slack.command('/customer', 'find zzz', { userId: AGENT, channelId: 'D0DM000001' });
    expect(said()).toContain('or add the customer with `/customer new`');
  });

  test('in a thread, the answer goes to that thread', async () => {
    await app.slack.event({
      ...dm,
      text: 'and this?',
      ts: '1700000000.000300',
      thread_ts: '1700000000.000100',
    });
    expect(answers()).toEqual([
      expect.objectContaining({ channel: 'D0DM000001', thread_ts: '1700000000.000100' }),
    ]);
  });

  test('edits, bot messages and messages outside the Messages tab get no answer', async () => {
    const ignored = [
      { ...dm, subtype: 'message_changed', message: { text: 'edited' } },
      { ...dm, bot_id: 'B0OTHER001', text: 'from a bot' },
      { ...dm, channel_type: 'channel', channel: 'C0CHAN0001', text: 'in a channel' },
    ];
    for (const event of ignored) {
      const res = await app.slack.event({ ts: '1700000000.000400', ...event });
      expect(res.status).toBe(200);
    }
    expect(answers()).toEqual([]);
    expect(app.logs.filter((l) => l.level >= 40)).toEqual([]);
  });
});

describe("a requester's answer in the Messages tab, to the question of a ticket waiting on them", () => {
  const TRIAGE = 'C0TRIAGE01';
  const REQ = 'U0DM000001';

  /** A ticket REQ reported, claimed by AGENT, who asks a question with Waiting on customer. */
  async function waitingOnReq(title: string, customerCode?: string): Promise<string> {
    const { number } = await makeTicket(app, {
      requester: { userId: REQ },
      title,
      ...(customerCode ? { customerCode } : {}),
    });
    await act(app, number, { action: 'claim' });
    await askAndWait(app, number, 'Which printer model?', AGENT, TRIAGE);
    await app.desk.outbox.drain();
    return number;
  }

  test('resumes it (the clock runs again, the assignee is told); they are thanked, not sent the commands', async () => {
    const number = await waitingOnReq('Printer offline');
    const asked = app.fake.postsTo(REQ).map((c) => String(c.args.text));
    expect(asked.at(-1)).toBe(
      `Ticket *${number}* is waiting on you. <@${AGENT}> asks: Which printer model?\nAnswer here in this conversation and we carry on.`,
    );
    app.clock.set('2026-11-24T04:00:00Z');
    app.fake.reset();
    await app.slack.event(
      { ...dm, user: REQ, text: 'It is an HP M404', ts: '1795500000.000100' },
      { userId: REQ },
    );
    await app.desk.outbox.drain();
    const ticket = (await app.db.models.tickets.findOne({ number }).lean())!;
    expect(ticket.status).not.toBe('waiting');
    expect(ticket.pauses.at(-1)!.to).toEqual(new Date('2026-11-24T04:00:00Z'));
    expect(JSON.stringify(ticket.timeline.at(-1))).toContain('It is an HP M404');
    // In their DM with the app (the outbox addresses it by the person, as all their DMs).
    expect(answers().filter((a) => a.channel === REQ || a.channel === 'D0DM000001')).toEqual([
      expect.objectContaining({
        channel: REQ,
        text: `Thank you: your answer is added to ticket *${number}*, and we carry on with it.`,
      }),
    ]);
    expect(JSON.stringify(answers())).not.toContain('I do not read messages here');
    expect(
      app.fake
        .postsTo(AGENT)
        .map((c) => String(c.args.text))
        .join('\n'),
    ).toContain(number);
  });

  test('an answer in a thread of their DM is thanked in that thread', async () => {
    const number = await waitingOnReq('Printer offline');
    app.fake.reset();
    await app.slack.event(
      {
        ...dm,
        user: REQ,
        text: 'It is an HP M404',
        ts: '1795500000.000500',
        thread_ts: '1795500000.000050',
      },
      { userId: REQ },
    );
    await app.desk.outbox.drain();
    expect(app.fake.postsTo(REQ)).toEqual([
      expect.objectContaining({
        args: expect.objectContaining({
          thread_ts: '1795500000.000050',
          text: `Thank you: your answer is added to ticket *${number}*, and we carry on with it.`,
        }),
      }),
    ]);
  });

  test('a member of our staff who reported their own waiting ticket gets the help; the ticket keeps waiting', async () => {
    const number = await waitingOnReq('Printer offline');
    // The requester is one of our agents (a colleague's report on their own behalf).
    await app.setSettings((s) => ({ agents: [...s.agents, REQ] }));
    app.fake.reset();
    await app.slack.event(
      { ...dm, user: REQ, text: 'help', ts: '1795500000.000400' },
      { userId: REQ },
    );
    await app.desk.outbox.drain();
    const answer = answers().find((a) => a.channel === 'D0DM000001');
    expect(String(answer?.text)).toContain('I do not read messages here');
    expect(JSON.stringify(answers())).not.toContain('your answer is added');
    const ticket = (await app.db.models.tickets.findOne({ number }).lean())!;
    expect(ticket.status).toBe('waiting');
    expect(JSON.stringify(ticket.timeline)).not.toContain('"help"');
  });

  test('when two tickets wait on them, neither is guessed: they are told which and to answer in the thread of the question', async () => {
    await app.setSettings(() => ({ locale: 'zh-CN' }));
    const first = await waitingOnReq('Printer offline');
    const { customerCode } = (await app.db.models.tickets.findOne({ number: first }).lean())!;
    const second = await waitingOnReq('Scanner offline', customerCode);
    app.fake.reset();
    await app.slack.event(
      { ...dm, user: REQ, text: 'HP M404', ts: '1795500000.000300' },
      { userId: REQ },
    );
    expect(String(answers()[0]?.text)).toBe(
      `您有多个工单在等待您的回复（${first}、${second}），因此这条消息没有加入其中任何一个。请在提问那条消息的话题中回复，重新发送这条消息。`,
    );
    const statuses = await app.db.models.tickets.find().lean();
    expect(statuses.map((t) => t.status)).toEqual(['waiting', 'waiting']);
  });

  describe('with no ticket waiting on them (revtickets F2)', () => {
    /** REQ's DM event `text` (in the thread of `thread`, if given), handled, the outbox drained. */
    async function says(text: string, ts: string, thread?: string) {
      await app.slack.event(
        { ...dm, user: REQ, text, ts, ...(thread ? { thread_ts: thread } : {}) },
        { userId: REQ },
      );
      await app.desk.outbox.drain();
    }
    /** The ts of the desk's DM to REQ about ticket `number` that says `words`. */
    const dmTs = (number: string, words: string) =>
      String(
        app.fake
          .postsTo(REQ)
          .find((c) => String(c.args.text).includes(number) && String(c.args.text).includes(words))
          ?.answer?.ts,
      );
    const toReq = () =>
      answers()
        .filter((a) => a.channel === REQ || a.channel === 'D0DM000001')
        .map((a) => String(a.text));

    test('a correction sent a minute after their answer is added to that ticket: a line in its thread, its assignee told by DM, a reply owed; they are thanked, never sent the commands', async () => {
      const number = await waitingOnReq('Printer offline');
      app.clock.set('2026-11-24T04:00:00Z');
      await says('SN 4471-A', '1795500000.000100');
      app.clock.set('2026-11-24T04:01:00Z');
      app.fake.reset();
      await says('sorry, 4471-B, the sticker was worn', '1795500000.000200');
      const ticket = (await app.db.models.tickets.findOne({ number }).lean())!;
      expect(ticket.status).toBe('assigned');
      expect(ticket.timeline.at(-1)).toMatchObject({
        action: 'note',
        by: REQ,
        said: 'reply',
        text: 'sorry, 4471-B, the sticker was worn',
      });
      expect(ticket.replyFrom).toBeDefined();
      expect(app.fake.textsTo(TRIAGE).join('\n')).toContain(
        `<@${REQ}> replied: sorry, 4471-B, the sticker was worn`,
      );
      expect(app.fake.textsTo(AGENT).join('\n')).toContain(
        `<@${REQ}> wrote to us by direct message, added to the ticket: sorry, 4471-B, the sticker was worn`,
      );
      expect(toReq()).toEqual([`Thank you: your message is added to ticket *${number}*.`]);
      // The same message delivered again adds nothing and thanks nobody again.
      await says('sorry, 4471-B, the sticker was worn', '1795500000.000200');
      expect((await app.db.models.tickets.findOne({ number }).lean())!.timeline).toHaveLength(
        ticket.timeline.length,
      );
      expect(toReq()).toHaveLength(1);
    });

    test('with several open, none is guessed: they are told which (number and title) and to reply in the thread of one of its messages, which adds it to that one', async () => {
      const first = await makeTicket(app, {
        requester: { userId: REQ },
        title: 'Printer <!channel> & co',
      });
      const second = await makeTicket(app, {
        requester: { userId: REQ },
        title: 'Scanner jams',
        customerCode: first.customerCode,
      });
      await act(app, second.number, { action: 'claim' });
      await app.desk.outbox.drain();
      const received = dmTs(second.number, 'We have your request');
      app.fake.reset();
      await says('any news?', '1795500000.000300');
      expect(toReq()).toEqual([
        [
          'You have 2 open tickets, so this message was added to none of them:',
          `• *${first.number}* Printer &lt;!channel&gt; &amp; co`,
          `• *${second.number}* Scanner jams`,
          'To add it to one of them, send it again as a reply in the thread of one of my messages about that ticket.',
        ].join('\n'),
      ]);
      for (const t of await app.db.models.tickets.find().lean())
        expect(JSON.stringify(t.timeline)).not.toContain('any news?');

      app.fake.reset();
      await says('the scanner is in room 4', '1795500000.000400', received);
      const scanner = (await app.db.models.tickets.findOne({ number: second.number }).lean())!;
      expect(scanner.timeline.at(-1)).toMatchObject({
        action: 'note',
        text: 'the scanner is in room 4',
      });
      const printer = (await app.db.models.tickets.findOne({ number: first.number }).lean())!;
      expect(JSON.stringify(printer.timeline)).not.toContain('room 4');
      expect(answers().filter((a) => a.channel === REQ)).toEqual([
        expect.objectContaining({
          thread_ts: received,
          text: `Thank you: your message is added to ticket *${second.number}*.`,
        }),
      ]);
      expect(app.fake.textsTo(AGENT).join('\n')).toContain('the scanner is in room 4');
      // Found by the message's ts on an index of its own (the stand-in does not use it: README).
      expect(
        app.db.models.outbox.schema
          .indexes()
          .filter(([k]) => JSON.stringify(k) === '{"teamId":1,"result.ts":1}'),
      ).toHaveLength(1);
    });

    test('about a resolved ticket they are told to press Not solved, reopen; about a closed one, that it is closed; never the commands', async () => {
      const { number } = await makeTicket(app, { requester: { userId: REQ }, title: 'Fuser' });
      await act(app, number, { action: 'claim' });
      await act(app, number, { action: 'resolve', summary: 'Replaced the fuser' });
      await app.desk.outbox.drain();
      const received = dmTs(number, 'We have your request');
      app.fake.reset();
      await says('still broken', '1795500000.000500');
      expect(toReq()).toEqual([
        `Ticket *${number}* is resolved, so this message was added to none. If it is not solved for you, press *Not solved, reopen* on the message that told you it was resolved, within 7 days of it, and we reopen it.`,
      ]);
      expect((await app.db.models.tickets.findOne({ number }).lean())!.status).toBe('resolved');

      await act(app, number, { action: 'close' });
      await app.setSettings(() => ({ locale: 'zh-CN' }));
      app.fake.reset();
      await says('还是坏的', '1795500000.000600', received);
      expect(toReq()).toEqual([
        `工单 *${number}* 已关闭，因此这条消息没有加入该工单。如有新的问题，请用 \`/ticket new\` 新建工单，或联系服务团队。`,
      ]);
      expect(JSON.stringify(answers())).not.toContain('我不读取这里的消息');
    });
  });
});
