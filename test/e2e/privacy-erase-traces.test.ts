// Personal data (#12): what an erasure of a contact leaves nowhere, beyond their record and the
// texts naming them: the preferred channel as the reminders of their customer's tasks wrote it
// into the outbox (its phones and emails in clear, for the readers who may see them), pending
// and sent alike.
import { describe, expect, test } from 'vitest';
import { tasksJob } from '../../jobs/tasks.js';
import { useTestApp } from '../helpers/app.js';
import { scanStrings } from '../helpers/db.js';
import { FAKE_TEAM_ID } from '../helpers/fake-slack.js';
import { act, AGENT, ctxOf, makeCustomer, makeTicket, OWNER } from '../helpers/factories.js';
import { runJobAt } from '../helpers/jobs.js';

const ADMIN = 'U0ADMIN001';

// Tuesday 2026-11-24 10:00 in Shanghai; the tasks run daily at 09:00 (01:00Z).
const app = useTestApp({ env: { ADMIN_USER_IDS: ADMIN }, now: '2026-11-24T02:00:00Z' });

const scan = (needles: string[]) => scanStrings(app.db, needles);

/** Erases `contact` of `code` in Slack, as an admin does: the command, then Erase in its modal. */
async function eraseInSlack(code: string, contact: string) {
  await app.slack.command('/desk', `privacy erase ${code} ${contact}`, { userId: ADMIN });
  const modal = app.fake.callsTo('views.update').at(-1)!.args.view as Record<string, any>;
  await app.slack.submitView(modal as never, {}, { userId: ADMIN });
}

describe('an erased contact in the outbox', () => {
  test("the preferred channel the reminders of her customer's tasks hold (a phone and an email in clear, and masked) goes from the pending and the sent ones", async () => {
    await app.setSettings(() => ({ agents: [AGENT], accountManagers: [OWNER] }));
    const { code } = await makeCustomer(app, {
      contact: {
        name: '王芳',
        phone: '+8613800138000',
        preferredChannel: 'her assistant, 139 1234 5678 or lin.zhao@example.cn',
        optOuts: [],
      },
    });
    const ctx = await ctxOf(app, OWNER);
    for (const [dueDate, content] of [
      ['2026-11-27', 'Call about the encoder'],
      ['2026-11-30', 'Call about the invoice'],
    ] as const)
      await app.desk.services.tasks.createManual(ctx, {
        customerCode: code,
        kind: 'call',
        assigneeId: OWNER,
        dueDate,
        content,
        submissionId: `reach-${dueDate}`,
      });
    // Today's run: the encoder's early reminder, sent.
    await runJobAt(app, tasksJob, '2026-11-24T01:00:00Z');
    await app.desk.outbox.drain();
    // Friday's: the encoder's due one and the invoice's early one, held by quiet hours.
    await app.setSettings(() => ({ quietHours: { enabled: true, start: '20:00', end: '09:30' } }));
    await runJobAt(app, tasksJob, '2026-11-27T01:00:00Z');
    const states = await app.db.models.outbox.distinct('state', { kind: 'reminder' });
    expect(states.sort()).toEqual(['pending', 'sent']);
    const traces = ['139 1234 5678', '139****5678', 'lin.zhao@example.cn', 'l***@example.cn'];
    const before = await scan(traces);
    expect(before.some((s) => s.startsWith('outbox.data.task.reach.clear'))).toBe(true);
    expect(before.some((s) => s.startsWith('outbox.data.task.reach.channel'))).toBe(true);

    app.clock.set('2026-11-27T01:05:00Z');
    await eraseInSlack(code, '王芳');
    expect(await scan([...traces, '王芳'])).toEqual([]);
  });
});

describe("an erased contact's former names", () => {
  test('the names she had before go from the change log and from what was typed under them', async () => {
    await app.setSettings(() => ({ agents: [AGENT], accountManagers: [OWNER] }));
    const { code } = await makeCustomer(app, { contact: { name: '王小芳', optOuts: [] } });
    const owner = await ctxOf(app, OWNER);
    await app.desk.services.customers.logInteraction(owner, code, {
      type: 'call',
      date: '2026-11-24',
      summary: '王小芳 asked for a quote',
    });
    // Renamed twice: each rename's old name stays in the change log.
    await app.desk.services.customers.update(owner, code, { contact: { name: '王晓芳' } });
    await app.desk.services.customers.update(owner, code, { contact: { name: '王芳' } });
    expect((await scan(['王小芳', '王晓芳'])).some((s) => s.startsWith('customer_changes.'))).toBe(
      true,
    );

    await eraseInSlack(code, '王芳');
    expect(await scan(['王小芳', '王晓芳', '王芳'])).toEqual([]);
  });
});

describe("an erased contact's former details", () => {
  test('the phone, email and preferred channel she had before go from the change log and the outbox, and a channel with no phone in it goes whole', async () => {
    await app.setSettings(() => ({ agents: [AGENT], accountManagers: [OWNER] }));
    const { code } = await makeCustomer(app, {
      contact: {
        name: '王芳',
        phone: '+8613800138000',
        email: 'wang.old@example.cn',
        preferredChannel: '微信 liwei88',
        optOuts: [],
      },
    });
    const owner = await ctxOf(app, OWNER);
    await app.desk.services.customers.logInteraction(owner, code, {
      type: 'call',
      date: '2026-11-24',
      summary: 'Called 138 0013 8000, then wrote to wang.old@example.cn',
    });
    await app.desk.services.tasks.createManual(owner, {
      customerCode: code,
      kind: 'call',
      assigneeId: OWNER,
      dueDate: '2026-11-27',
      content: 'Call about the encoder',
      submissionId: 'former-details',
    });
    // The early reminder, sent: it holds her preferred channel as it was.
    await runJobAt(app, tasksJob, '2026-11-24T01:00:00Z');
    await app.desk.outbox.drain();
    // Her details change: the old ones stay in the change log.
    await app.desk.services.customers.update(owner, code, {
      contact: {
        phone: '+8613900139000',
        email: 'wang.new@example.cn',
        preferredChannel: 'WeChat: fang_w',
      },
    });
    const old = ['13800138000', '138 0013 8000', 'wang.old@example.cn', 'liwei88'];
    const before = await scan(old);
    expect(before.some((s) => s.startsWith('customer_changes.oldValue'))).toBe(true);
    expect(before.some((s) => s.startsWith('outbox.data.task.reach.channel'))).toBe(true);

    app.clock.set('2026-11-24T03:00:00Z');
    await eraseInSlack(code, '王芳');
    expect(
      await scan([
        ...old,
        '138****8000',
        'w***@example.cn',
        '13900139000',
        'wang.new',
        'fang_w',
        '王芳',
      ]),
    ).toEqual([]);
  });
});

describe("a phone or email in an erased contact's preferred channel that a contact who stays holds", () => {
  test("stays in that contact's records (another contact of hers, another customer's), and is not in her export", async () => {
    await app.setSettings(() => ({ agents: [AGENT], accountManagers: [OWNER] }));
    const { code } = await makeCustomer(app, {
      contact: {
        name: '王芳',
        phone: '+8613800138000',
        preferredChannel: 'via 李强, 139 1234 5678, or zhao.lei@other.example.cn',
        optOuts: [],
      },
    });
    const owner = await ctxOf(app, OWNER);
    await app.desk.services.customers.saveContact(owner, code, undefined, {
      name: '李强',
      phone: '+8613912345678',
    });
    const other = await makeCustomer(app, { name: 'Other Co' });
    await app.desk.services.customers.saveContact(owner, other.code, undefined, {
      name: '赵磊',
      email: 'zhao.lei@other.example.cn',
    });
    const theirs = ['13912345678', 'zhao.lei@other.example.cn'];
    const inChangeLog = async (needle: string) =>
      (await scan([needle])).some((s) => s.startsWith('customer_changes.newValue'));
    for (const needle of theirs) expect(await inChangeLog(needle)).toBe(true);
    // Her export has her preferred channel on her record, not his change log line.
    const exported = await app.desk.services.dataSubjects.export(
      await ctxOf(app, ADMIN),
      code,
      '王芳',
    );
    expect(JSON.parse(exported.json).customerChanges).toEqual([]);

    await eraseInSlack(code, '王芳');
    expect(await scan(['王芳', '13800138000', 'via 李强'])).toEqual([]);
    for (const needle of theirs) {
      expect(await inChangeLog(needle)).toBe(true);
      expect((await scan([needle])).some((s) => s.startsWith('customers.contacts'))).toBe(true);
    }
  });
});

describe("an erased contact's preferred channel, an ordinary phrase", () => {
  test("another customer's contact and a contact who stays with the same preference keep it in their reminders and their change log line", async () => {
    await app.setSettings(() => ({ agents: [AGENT], accountManagers: [OWNER] }));
    const channel = 'WeChat, evenings';
    const erased = await makeCustomer(app, {
      contact: { name: '王芳', preferredChannel: channel, optOuts: [] },
    });
    const other = await makeCustomer(app, {
      name: 'Other Co',
      contact: { name: '李伟', preferredChannel: channel, optOuts: [] },
    });
    const ctx = await ctxOf(app, OWNER);
    // A colleague of hers who stays, with the same preference (a change log line of his).
    await app.desk.services.customers.saveContact(ctx, erased.code, undefined, {
      name: '李强',
      preferredChannel: channel,
    });
    for (const c of [erased, other])
      await app.desk.services.tasks.createManual(ctx, {
        customerCode: c.code,
        kind: 'call',
        assigneeId: OWNER,
        dueDate: '2026-11-27',
        content: 'Call about the encoder',
        submissionId: `reach-${c.code}`,
      });
    await runJobAt(app, tasksJob, '2026-11-24T01:00:00Z');
    await app.desk.outbox.drain();
    const reachOf = async (code: string) =>
      (await app.db.models.outbox.find({ kind: 'reminder' }).lean<any[]>())
        .map((o) => o.data?.task)
        .filter((t) => t?.customerCode === code)
        .map((t) => t.reach?.channel);
    expect(await reachOf(other.code)).toContain(channel);
    expect(await reachOf(erased.code)).toContain(channel);
    const hisLine = async () =>
      (await scan([channel])).some((s) => s.startsWith('customer_changes.newValue'));
    expect(await hisLine()).toBe(true);

    app.clock.set('2026-11-24T03:00:00Z');
    await eraseInSlack(erased.code, '王芳');
    // 李伟 of Other Co and 李强 were not erased: their reminder and line still say it; hers not.
    expect(await reachOf(other.code)).toEqual([channel]);
    expect(await reachOf(erased.code)).toEqual(['[erased]']);
    expect(await hisLine()).toBe(true);
    expect(await scan(['王芳'])).toEqual([]);
  });
});

describe("an erased contact's preferred channel in the DMs the outbox holds rendered", () => {
  /**
   * The managers' overdue list of 2026-11-24 for `manager`, of an overdue call task of OWNER's on
   * each of `codes`: a reader of the message the outbox holds for it.
   */
  /**
   * A task's words that, escaped (407 characters) with the ` · ` before them, take an overdue
   * line as far past 290 characters as its limit is (700): the reach phrase after them is cut
   * where it was when the line said no words and was cut at 290.
   */
  const WORDS_TO_CUT = `${'&'.repeat(81)}ab`;

  async function overdueListOf(
    manager: string,
    codes: string[],
    prefix: string,
    content = 'Call about the encoder',
  ) {
    const ctx = await ctxOf(app, OWNER);
    for (const c of codes)
      await app.desk.services.tasks.createManual(ctx, {
        customerCode: c,
        kind: 'call',
        assigneeId: OWNER,
        dueDate: '2026-11-20',
        content,
        submissionId: `${prefix}-${c}`,
      });
    await runJobAt(app, tasksJob, '2026-11-24T01:00:00Z');
    await app.desk.outbox.drain();
    return async () =>
      JSON.stringify(
        (await app.db.models.outbox.findOne({ key: `overdue:2026-11-24:${manager}` }).lean<any>())!
          .data.message,
      );
  }

  test("the managers' overdue list (sent, in English) and a task's approver DM (held, in Chinese) say her reach no more; another customer's contact with the same channel keeps his", async () => {
    const MANAGER = 'U0MANAGER01';
    await app.setSettings(() => ({
      agents: [AGENT],
      accountManagers: [OWNER],
      managers: [MANAGER],
    }));
    const channel = '微信 liwei88';
    const { code } = await makeCustomer(app, {
      contact: { name: '王芳', preferredChannel: channel, optOuts: [] },
    });
    const other = await makeCustomer(app, {
      name: 'Other Co',
      contact: { name: '李伟', preferredChannel: channel, optOuts: [] },
    });
    const ctx = await ctxOf(app, OWNER);
    for (const c of [code, other.code])
      await app.desk.services.tasks.createManual(ctx, {
        customerCode: c,
        kind: 'call',
        assigneeId: OWNER,
        dueDate: '2026-11-20',
        content: 'Call about the encoder',
        submissionId: `overdue-${c}`,
      });
    // The managers' overdue list, sent: each task says how its customer's contact wants to be
    // reached, rendered into the message (no `reach` of a task to erase).
    await runJobAt(app, tasksJob, '2026-11-24T01:00:00Z');
    await app.desk.outbox.drain();
    // In Chinese, in quiet hours: a visit OWNER plans for AGENT, signed off by MANAGER, whose
    // DM (rendered too) is held.
    await app.setSettings(() => ({
      locale: 'zh-CN',
      quietHours: { enabled: true, start: '09:00', end: '23:00' },
    }));
    await app.slack.command('/task', 'new', { userId: OWNER });
    await app.slack.submitView(
      app.fake.callsTo('views.open').at(-1)!.args.view as never,
      {
        customer: code,
        kind: 'visit',
        executor: AGENT,
        approver: MANAGER,
        due: '2026-11-27',
        content: 'Visit the plant',
      },
      { userId: OWNER },
    );
    const dm = async (key: string) => {
      const entry = (await app.db.models.outbox.findOne({ key }).lean<any>())!;
      // Its text and blocks.
      return { state: entry.state, text: JSON.stringify(entry.data.message) };
    };
    const overdue = () => dm(`overdue:2026-11-24:${MANAGER}`);
    const approver = async () =>
      dm(String((await app.db.models.outbox.findOne({ key: /^approver:planned:/ }).lean())!.key));
    expect(await overdue()).toMatchObject({ state: 'sent' });
    expect((await overdue()).text).toContain('王芳 prefers 微信 liwei88');
    expect((await overdue()).text).toContain('李伟 prefers 微信 liwei88');
    expect(await approver()).toMatchObject({ state: 'pending' });
    expect((await approver()).text).toContain('王芳偏好“微信 liwei88”');

    app.clock.set('2026-11-24T03:00:00Z');
    await eraseInSlack(code, '王芳');
    expect((await overdue()).text).toContain('[erased] prefers [erased]');
    expect((await overdue()).text).toContain('李伟 prefers 微信 liwei88');
    expect((await approver()).text).toContain('[erased]偏好“[erased]”');
    expect(await scan(['王芳'])).toEqual([]);
    // Her channel left after her erased name nowhere (his, with his name, stays above).
    expect(await scan(['[erased] prefers 微信', '[erased]偏好“微信'])).toEqual([]);
  });

  test('the managers\' overdue list whose line was cut at its limit within her reach ("王芳 prefers 微信 liwei88…"): the cut phrase is erased too; another contact\'s cut line keeps his', async () => {
    const MANAGER = 'U0MANAGER01';
    await app.setSettings(() => ({
      agents: [AGENT],
      accountManagers: [OWNER],
      managers: [MANAGER],
    }));
    const channel = '微信 liwei88, evenings after six';
    // A customer name of 36 ampersands, each escaped to five characters in the message, and the
    // task's words (WORDS_TO_CUT) take the line (700 characters at most) to its limit within the
    // reach phrase.
    const name = `${'&'.repeat(36)} Co`;
    const { code } = await makeCustomer(app, {
      name,
      contact: { name: '王芳', preferredChannel: channel, optOuts: [] },
    });
    const other = await makeCustomer(app, {
      name: `${name} 2`,
      contact: { name: '李伟', preferredChannel: channel, optOuts: [] },
    });
    const overdue = await overdueListOf(MANAGER, [code, other.code], 'overdue-cut', WORDS_TO_CUT);
    expect(await overdue()).toContain('王芳 prefers 微信 liwei88…');
    expect(await overdue()).toContain('李伟 prefers 微信');

    app.clock.set('2026-11-24T03:00:00Z');
    await eraseInSlack(code, '王芳');
    expect(await overdue()).toContain('[erased] prefers [erased]…');
    expect(await overdue()).toContain('李伟 prefers 微信');
    expect(await scan(['王芳'])).toEqual([]);
    // No part of her channel left after her erased name.
    expect(await scan(['[erased] prefers 微'])).toEqual([]);
  });
  test('the managers\' overdue list cut within her reach: only where her name starts it ("Li prefers WeChat li…"); another contact\'s whose name ends with hers ("Wei Li prefers WeChat …", "XiaoLi prefers …") keeps his channel', async () => {
    const MANAGER = 'U0MANAGER01';
    await app.setSettings(() => ({
      agents: [AGENT],
      accountManagers: [OWNER],
      managers: [MANAGER],
    }));
    // Customer names of ampersands (escaped to five characters each) and the task's words
    // (WORDS_TO_CUT) take each line to its limit (700 characters) within the reach phrase.
    const amps = (n: number, co: string) => `${'&'.repeat(n)} ${co}`;
    const contacts = [
      ['Li', 'WeChat li_88, evenings after six', amps(35, 'Acme')],
      ['Wei Li', 'WeChat weili_2, mornings before nine', amps(36, 'Bolt')],
      ['XiaoLi', 'WeChat xiaoli_3, noon only', amps(37, 'Core')],
    ] as const;
    const codes: string[] = [];
    for (const [contact, preferredChannel, name] of contacts)
      codes.push(
        (
          await makeCustomer(app, {
            name,
            contact: { name: contact, preferredChannel, optOuts: [] },
          })
        ).code,
      );
    const overdue = await overdueListOf(MANAGER, codes, 'overdue-ends', WORDS_TO_CUT);
    // Each cut within what her phrase and his share ("Li prefers WeChat ").
    expect(await overdue()).toContain(' · Li prefers WeChat li_88…');
    expect(await overdue()).toContain(' · Wei Li prefers WeChat…');
    expect(await overdue()).toContain(' · XiaoLi prefers…');

    app.clock.set('2026-11-24T03:00:00Z');
    await eraseInSlack(codes[0]!, 'Li');
    expect(await overdue()).toContain(' · [erased] prefers [erased]…');
    // His channel stays (his "Li", a whole word, goes as her name does in the workspace's texts).
    expect(await overdue()).toContain(' prefers WeChat…');
    expect(await overdue()).toContain(' · XiaoLi prefers…');
    expect(await overdue()).not.toContain('Xiao[erased]');
    expect(await scan(['li_88'])).toEqual([]);
  });
});

describe('erasing the primary contact after the former primary was removed', () => {
  test.each([
    ['the removal logs the change of primary', false],
    ['a log written before it did (no contacts.primary line)', true],
  ])(
    "the former primary's details, logged without a contact before her removal, are not taken as the new primary's: %s",
    async (_, oldLog) => {
      await app.setSettings(() => ({ agents: [AGENT], accountManagers: [OWNER] }));
      const { code } = await makeCustomer(app, {
        name: 'Removal Co',
        contact: { name: '王芳', phone: '+8613800138000', optOuts: [] },
      });
      const owner = await ctxOf(app, OWNER);
      // Her phone changed without a contact form (as a customers import did before imports named
      // the contact): its change log entry names no contact, it is about the primary then, 王芳.
      await app.desk.services.customers.update(owner, code, {
        contact: { phone: '+8613900139000' },
      });
      await app.db.models.customerChanges.updateMany(
        { field: 'contact.phone', newValue: '+8613900139000' },
        { $unset: { subject: 1 } },
      );
      await app.desk.services.customers.logInteraction(owner, code, {
        type: 'call',
        date: '2026-11-24',
        summary: 'Called 王芳 on 139 0013 9000',
      });
      await app.desk.services.customers.saveContact(owner, code, undefined, {
        name: '李娜',
        phone: '+8613700137000',
      });
      const wang = (await app.db.models.customers.findOne({ code }).lean())!.contacts[0]!;
      // 王芳 leaves the company: removed, 李娜 is the primary now.
      await app.desk.services.customers.removeContact(owner, code, wang.key);
      const primary = { field: 'contacts.primary', oldValue: '王芳', newValue: '李娜' };
      expect(await app.db.models.customerChanges.countDocuments(primary)).toBe(1);
      if (oldLog) await app.db.models.customerChanges.deleteMany(primary);

      const hers = ['13900139000', '139 0013 9000'];
      app.clock.set('2026-11-24T03:00:00Z');
      await eraseInSlack(code, '李娜');
      // 李娜 is erased; 王芳's old number (never 李娜's) stays where it was.
      const left = await scan(hers);
      expect(left.some((s) => s.startsWith('customer_changes.'))).toBe(true);
      expect(left.some((s) => s.startsWith('interactions.'))).toBe(true);
      expect(await scan(['李娜', '13700137000'])).toEqual([]);
    },
  );
});

describe("erasing the primary contact after a colleague's removal", () => {
  test.each([
    ['the removal is marked as not the primary’s: it goes', false],
    ['a log written before removals were marked: it is left in the change log (Limits)', true],
  ])('her former phone, logged without a contact before the removal: %s', async (_, oldLog) => {
    await app.setSettings(() => ({ agents: [AGENT], accountManagers: [OWNER] }));
    const { code } = await makeCustomer(app, {
      name: 'Removal Co',
      contact: { name: '王芳', phone: '+8613800138000', optOuts: [] },
    });
    const owner = await ctxOf(app, OWNER);
    // Her phone changed as a customers import did before imports named the contact: the entry
    // names no contact (the primary's).
    await app.desk.services.customers.update(owner, code, { contact: { phone: '+8613900139000' } });
    const phone = { field: 'contact.phone', newValue: '+8613900139000' };
    expect(await app.db.models.customerChanges.countDocuments({ ...phone, subject: '王芳' })).toBe(
      1,
    );
    await app.db.models.customerChanges.updateMany(phone, { $unset: { subject: 1 } });
    // A colleague added, then removed: not the primary, so no change of primary is logged.
    await app.desk.services.customers.saveContact(owner, code, undefined, {
      name: '张伟',
      phone: '+8613700137000',
    });
    const zhang = (await app.db.models.customers.findOne({ code }).lean())!.contacts[1]!;
    await app.desk.services.customers.removeContact(owner, code, zhang.key);
    expect(await app.db.models.customerChanges.countDocuments({ field: 'contacts.primary' })).toBe(
      0,
    );
    const removal = { field: 'contact.name', oldValue: '张伟', newValue: null };
    expect(await app.db.models.customerChanges.countDocuments({ ...removal, primary: false })).toBe(
      1,
    );
    if (oldLog) await app.db.models.customerChanges.updateMany(removal, { $unset: { primary: 1 } });
    const former = async () =>
      (await scan(['13800138000'])).filter((s) => s.startsWith('customer_changes.'));
    expect(await former()).not.toEqual([]);

    app.clock.set('2026-11-24T03:00:00Z');
    await eraseInSlack(code, '王芳');
    expect(await scan(['王芳', '13900139000'])).toEqual([]);
    expect((await former()).length > 0).toBe(oldLog);
  });
});

describe("an erased customer's former details", () => {
  test('its former address, region, notes, needs, tags and override reason go from the change log; the tier stays', async () => {
    await app.setSettings(() => ({ agents: [AGENT], accountManagers: [OWNER], managers: [OWNER] }));
    const { code } = await makeCustomer(app, {
      address: '上海市浦东新区张江路 88 号',
      region: '浦东张江',
      notes: 'Gate code 4471',
      tags: ['张江老客户'],
      needs: { stated: 'Spare parts for line Z7', items: [] },
    });
    const owner = await ctxOf(app, OWNER);
    await app.desk.services.customers.update(owner, code, {
      address: '苏州市工业园区星湖街 1 号',
      region: '苏州园区',
      notes: 'Moved to Suzhou',
      tags: ['苏州'],
      needs: { stated: 'Calibration service', items: [] },
      tierOverride: { tier: 'strategic', reason: '董事长是老朋友' },
    });
    const former = ['张江路', '浦东张江', 'Gate code', '张江老客户', 'line Z7', '董事长'];
    expect((await scan(former)).some((s) => s.startsWith('customer_changes.'))).toBe(true);

    await app.slack.command('/desk', `privacy erase ${code}`, { userId: ADMIN });
    const modal = app.fake.callsTo('views.update').at(-1)!.args.view as Record<string, any>;
    await app.slack.submitView(modal as never, {}, { userId: ADMIN });
    expect(await scan([...former, '星湖街', '苏州园区', 'Suzhou', 'Calibration'])).toEqual([]);
    const override = await app.db.models.customerChanges
      .findOne({ field: 'tierOverride' })
      .lean<{ newValue: unknown }>();
    expect(override?.newValue).toBe('strategic: [erased]');
  });
});

describe('an erased contact as the outbox holds her rendered', () => {
  test("her name with & < > and her IM with a phone, as the card's thread line quotes a note (escaped, masked), go", async () => {
    await app.setSettings(() => ({ agents: [AGENT], accountManagers: [OWNER] }));
    const name = 'Anna & Ben <Ops>';
    const { code } = await makeCustomer(app, {
      contact: { name, im: 'WeChat 13912345678', optOuts: [] },
    });
    const ticket = await makeTicket(app, { customerCode: code });
    await act(app, ticket.number, { action: 'claim' });
    await act(app, ticket.number, {
      action: 'note',
      text: `Called ${name}, then wrote on WeChat 13912345678`,
    });
    await app.desk.outbox.drain();
    const rendered = ['Anna &amp; Ben &lt;Ops&gt;', 'WeChat 139****5678'];
    const before = await scan(rendered);
    expect(before.filter((s) => s.startsWith('outbox.')).length).toBeGreaterThan(0);

    await eraseInSlack(code, name);
    expect(await scan([...rendered, name, 'Anna', '13912345678'])).toEqual([]);
  });
});

describe("an erased contact named in another customer's channel message, as Slack sends it", () => {
  test('her name with & < > escaped by Slack (the inbox holds the event as sent) goes, the rest of the message stays', async () => {
    await app.setSettings(() => ({ agents: [AGENT], accountManagers: [OWNER] }));
    const name = 'Anna & Ben <Ops>';
    const { code } = await makeCustomer(app, { contact: { name, optOuts: [] } });
    const other = await makeCustomer(app, { name: 'Lianhua Foods', contact: { name: '赵磊' } });
    const channels = app.desk.services.channels;
    await channels.link(await ctxOf(app, ADMIN), {
      channelId: 'C0LIANHUA1',
      customerCode: other.code,
      shared: true,
    });
    // A message of Lianhua's channel not made into a ticket yet (its work failed, to be done again).
    const claim = (await channels.receive(
      { teamId: FAKE_TEAM_ID, now: app.clock.now() },
      'Ev0ESCAPED01',
      'message',
      {
        event: {
          type: 'message',
          channel_type: 'channel',
          channel: 'C0LIANHUA1',
          user: 'U0CUSTUSR1',
          user_team: 'T0CUSTORG1',
          text: 'Please copy Anna &amp; Ben &lt;Ops&gt; on the joint order',
          ts: '1795485540.000300',
        },
        actor: 'U0CUSTUSR1',
        external: true,
      },
    ))!;
    await channels.failed(claim, app.clock.now(), new Error('database unavailable'));

    await eraseInSlack(code, name);
    const [event] = await app.db.models.seenEvents.find().lean();
    expect(JSON.parse(event!.payload!).event.text).toBe('Please copy [erased] on the joint order');
    expect(await scan(['Anna &amp; Ben', 'Anna & Ben'])).toEqual([]);
  });
});

describe('an erased contact whose Chinese name is part of a longer one of a person who stays', () => {
  test("王芳 goes from running text (the outbox's rendered lines, another customer's note), 李王芳, another customer's contact, keeps her name", async () => {
    await app.setSettings(() => ({ agents: [AGENT], accountManagers: [OWNER] }));
    const { code } = await makeCustomer(app, { contact: { name: '王芳', optOuts: [] } });
    const other = await makeCustomer(app, {
      name: 'Lianhua Foods',
      contact: { name: '李王芳', optOuts: [] },
    });
    const ticket = await makeTicket(app, { customerCode: other.code });
    await act(app, ticket.number, { action: 'claim' });
    const note = '李王芳来电，联系王芳确认联合订单';
    await act(app, ticket.number, { action: 'note', text: note });
    await app.desk.outbox.drain();
    expect((await scan([note])).some((s) => s.startsWith('outbox.'))).toBe(true);

    await eraseInSlack(code, '王芳');
    const erased = '李王芳来电，联系[erased]确认联合订单';
    const after = await scan([erased]);
    expect(after.some((s) => s.startsWith('outbox.'))).toBe(true);
    expect(after.some((s) => s.startsWith('tickets.'))).toBe(true);
    expect(await scan(['李[erased]'])).toEqual([]);
    expect(await scan([note])).toEqual([]);
  });
});

describe("an erased contact's name cut by the card thread line's limit", () => {
  test('the line cut within her name ("…Anna &amp; Ben…") reads "[erased]…" from where her name begins', async () => {
    await app.setSettings(() => ({ agents: [AGENT], accountManagers: [OWNER] }));
    const name = 'Anna & Ben <Ops>';
    const { code } = await makeCustomer(app, { contact: { name, optOuts: [] } });
    const ticket = await makeTicket(app, { customerCode: code });
    await act(app, ticket.number, { action: 'claim' });
    // A long note: its thread line is cut at Slack's section limit (3,000) within her name.
    const words = Array.from({ length: 600 }, (_, i) => `word${i % 10}`)
      .join(' ')
      .slice(0, 2960);
    await act(app, ticket.number, { action: 'note', text: `${words} ${name} then wrote` });
    await app.desk.outbox.drain();
    const cut = await scan(['Anna &amp; Ben…']);
    expect(cut.some((s) => s.startsWith('outbox.'))).toBe(true);

    await eraseInSlack(code, name);
    expect(await scan(['Anna &amp; Ben', 'Anna & Ben'])).toEqual([]);
    expect((await scan([' [erased]…'])).some((s) => s.startsWith('outbox.'))).toBe(true);
  });
});

describe("an erased contact's Chinese name cut by a line's limit where it reads as the whole name of a contact who stays", () => {
  test('erasing 王芳丽: the line cut after "王芳" (another customer’s contact, who stays) keeps it', async () => {
    await app.setSettings(() => ({ agents: [AGENT], accountManagers: [OWNER] }));
    const { code } = await makeCustomer(app, { contact: { name: '王芳丽', optOuts: [] } });
    await makeCustomer(app, { name: 'Lianhua Foods', contact: { name: '王芳', optOuts: [] } });
    const ticket = await makeTicket(app, { customerCode: code });
    await act(app, ticket.number, { action: 'claim' });
    // A long note: its thread line is cut at Slack's section limit (3,000) right after "王芳".
    const fill = '客户来电'.repeat(800).slice(0, 2973);
    await act(app, ticket.number, { action: 'note', text: `${fill}请联系王芳丽确认订单` });
    await app.desk.outbox.drain();
    const lines = (await scan(['请联系王芳…'])).filter((s) => s.startsWith('outbox.'));
    expect(lines.length).toBeGreaterThan(0);

    await eraseInSlack(code, '王芳丽');
    expect((await scan(['请联系王芳…'])).filter((s) => s.startsWith('outbox.'))).toEqual(lines);
    expect(await scan(['王芳丽'])).toEqual([]);
  });
});
