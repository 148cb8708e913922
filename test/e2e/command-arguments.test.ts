// What people type after a slash command, through the real Bolt HTTP path: the words the desk
// reads (subcommands, record ids, keywords) however a Chinese IME types them, in any case.
import { describe, expect, test } from 'vitest';
import { useTestApp } from '../helpers/app.js';
import { AGENT, makeCustomer, makeTicket } from '../helpers/factories.js';

const ADMIN = 'U0ADMIN001';

// Tuesday 2026-11-24 10:00 in Shanghai.
// Serving since January: `/desk report month 2026-10` reports a month the desk served (one that
// ended before it began serving is refused, report-before-desk).
const app = useTestApp({
  env: { ADMIN_USER_IDS: ADMIN },
  now: '2026-11-24T02:00:00Z',
  since: '2026-01-01T00:00:00Z',
});

/** What a full-width IME types for ASCII letters and digits: `Ｔ２０２６０００１`. */
const fullWidth = (text: string) =>
  text.replace(/[!-~]/g, (ch) => String.fromCharCode(ch.charCodeAt(0) + 0xfee0));

const answer = async (command: string, text: string, userId = AGENT) =>
  String((await app.slack.command(command, text, { userId })).body.text ?? '');
const opened = () => app.fake.callsTo('views.open').map((c) => (c.args.view as any).title.text);

describe('words typed full-width are the same words', () => {
  test('a ticket number, a subcommand and their keywords typed full-width do what they say', async () => {
    const ticket = await makeTicket(app, { title: 'Spindle error' });
    expect(await answer('/ticket', fullWidth(ticket.number))).toContain(
      `${ticket.number} · General · Huadong Machinery: Spindle error`,
    );
    expect(await answer('/ticket', `list ${fullWidth('unassigned')}`)).toContain(
      'Unassigned tickets (1)',
    );
    await answer('/ticket', `${fullWidth('new')} 主轴报警`);
    expect(opened()).toEqual(['New ticket']);

    await answer('/desk', `settings ${fullWidth('hours')}`, ADMIN);
    expect(opened()).toEqual(['New ticket', 'Business hours']);
    expect(await answer('/desk', `report month ${fullWidth('2026-10')}`, ADMIN)).toBe(
      'The 2026-10 report is in your direct messages from the desk.',
    );
    expect(await answer('/desk', `privacy ${fullWidth('log')}`, ADMIN)).toContain('Privacy log');
  });

  test('keywords in any case: `/desk privacy LOG` is the privacy log like `/ticket LIST OPEN` is the list', async () => {
    expect(await answer('/desk', 'privacy LOG', ADMIN)).toContain('Privacy log');
    expect(await answer('/ticket', 'LIST OPEN')).toContain('Open tickets');
  });
});

describe('names in quotes', () => {
  test("a name quoted whole is looked for without its quotes: find, a new ticket's title, a contact to erase", async () => {
    const { code } = await makeCustomer(app, { contact: { name: 'Zhang Wei' } });
    for (const quoted of ['"Huadong Machinery"', '“Huadong Machinery”', '「Huadong」'])
      expect(
        JSON.stringify((await app.slack.command('/customer', `find ${quoted}`)).body),
        quoted,
      ).toContain(`1 customer matches “${quoted.slice(1, -1)}”`);

    await answer('/ticket', 'new "Printer offline"');
    const view = app.fake.callsTo('views.open').at(-1)!.args.view as { blocks: any[] };
    expect(view.blocks.find((b) => b.block_id === 'title').element.initial_value).toBe(
      'Printer offline',
    );
    // Quotes inside a title are the title's.
    await answer('/ticket', 'new The "Save" button fails');
    const next = app.fake.callsTo('views.open').at(-1)!.args.view as { blocks: any[] };
    expect(next.blocks.find((b) => b.block_id === 'title').element.initial_value).toBe(
      'The "Save" button fails',
    );

    await answer('/desk', `privacy erase ${code} "Zhang Wei"`, ADMIN);
    const erase = app.fake.callsTo('views.update').at(-1)!.args.view as { blocks: unknown[] };
    expect(JSON.stringify(erase.blocks)).toContain('*Zhang Wei*');
  });
});

describe('nothing after a subcommand that needs something', () => {
  test('/desk report alone says which reports there are, in the workspace language', async () => {
    expect(await answer('/desk', 'report', ADMIN)).toBe(
      'Say which report: `/desk report week`, `/desk report month` or `/desk report quarter` (the last full one), or with a period such as `2026-W44`, `2026-10` or `2026-Q3`.',
    );
    await app.setSettings(() => ({ locale: 'zh-CN' }));
    expect(await answer('/desk', 'report', ADMIN)).toContain('请说明要哪份报告');
    expect(app.fake.callsTo('conversations.open')).toEqual([]);
  });
});

describe('a long unknown name quoted back', () => {
  test('is cut between characters with an ellipsis, never inside an emoji (no broken character)', async () => {
    // `/task new <code>` and `/desk channel link <code>` quote what was typed when no customer
    // has that code: 'a' and twelve emoji put an emoji's two halves across the 20th character.
    const typed = `a${'😀'.repeat(12)}`;
    expect(await answer('/task', `new ${typed}`)).toBe(
      `No customer has the code a${'😀'.repeat(9)}…. Try \`/customer find a${'😀'.repeat(9)}…\`.`,
    );
    // Part of a name: the customers it may mean are named after it.
    const optics = await makeCustomer(app, { name: `Optics${'😀'.repeat(10)}` });
    const link = await app.slack.command('/desk', `channel link ptics${'😀'.repeat(8)}`, {
      userId: ADMIN,
      channelId: 'C0CUSTCH01',
    });
    expect(String(link.body.text)).toContain(
      `No customer has the code ptics${'😀'.repeat(7)}…; by name: ${optics.code}`,
    );
  });

  test('an unknown settings group is quoted to 32 characters, never half an emoji', async () => {
    // 'a' and sixteen emoji: the 32nd character is the first half of the sixteenth.
    expect(await answer('/desk', `settings a${'😀'.repeat(16)}`, ADMIN)).toContain(
      `\`a${'😀'.repeat(15)}\` is not a settings group.`,
    );
  });

  // In Chinese the groups were listed as bare English words.
  test('an unknown settings group lists each group to type with its name beside it, in the workspace language', async () => {
    expect(await answer('/desk', 'settings bogus', ADMIN)).toContain(
      '`bogus` is not a settings group. Try one of: `history` (Settings changes), `channels` (Channels), `locale` (Language and time zone), `hours` (Business hours),',
    );
    await app.setSettings(() => ({ locale: 'zh-CN' }));
    const zh = await answer('/desk', 'settings bogus', ADMIN);
    expect(zh).toContain(
      '`bogus` 不是设置分组。可选：`history`（设置变更记录）、`channels`（频道）、`locale`（',
    );
    expect(zh).toContain('`hours`（');
    expect(zh).not.toMatch(/(^|[：、])[a-z]+(、|。)/);
  });
});

describe('a command too long to read', () => {
  test('text over 4,000 characters is answered privately that it is too long, in the workspace language; nothing is done', async () => {
    const long = `new ${'主轴报警'.repeat(1000)}`; // 4,004 characters
    const res = await app.slack.command('/ticket', long);
    expect(res.status).toBe(200);
    expect(res.body.response_type).toBe('ephemeral');
    expect(String(res.body.text)).toBe(
      '`/ticket` reads at most 4,000 characters, and this one is longer, so nothing was done. Please shorten it, or use the form (`/ticket help` lists them).',
    );
    expect(app.fake.callsTo('views.open')).toEqual([]);

    await app.setSettings(() => ({ locale: 'zh-CN' }));
    const zh = await app.slack.command('/customer', `find ${'x'.repeat(5000)}`);
    expect(zh.status).toBe(200);
    expect(String(zh.body.text)).toContain('最多读取 4,000 个字符');

    // 4,000 exactly is read as usual.
    await app.setSettings(() => ({ locale: 'en' }));
    await answer('/ticket', `new ${'x'.repeat(3996)}`);
    expect(app.fake.callsTo('views.open')).toHaveLength(1);
  });
});

describe('words after a subcommand that reads none', () => {
  test('`/ticket mine x`, `/desk roles x`, `/ticket T… x`, `/customer new x`: the usage of that subcommand, nothing done; in the workspace language', async () => {
    const ticket = await makeTicket(app, { title: 'Spindle error' });
    expect(await answer('/ticket', 'mine please')).toBe(
      'I do not read `please` there, so nothing was done. Usage:\n`/ticket mine`  Your open tickets, due first',
    );
    expect(await answer('/ticket', `${ticket.number} close`)).toContain(
      'I do not read `close` there, so nothing was done. Usage:\n`/ticket T20260001`',
    );
    expect(await answer('/desk', 'roles add <@U0OTHER01>', ADMIN)).toContain(
      'I do not read `add` there',
    );
    expect(await answer('/customer', 'new Huadong')).toContain('`/customer new`');
    // `/task mine` reads one word (`approve`): a second is refused the same way.
    expect(await answer('/task', 'mine approve all')).toContain(
      'I do not read `all` there, so nothing was done. Usage:\n`/task mine [approve]`',
    );
    expect(await answer('/ticket', 'list open overdue')).toContain(
      '`/ticket list [open|overdue|unassigned|waiting|mine]`',
    );
    // Nothing was shown or opened for any of them.
    expect(app.fake.callsTo('views.open')).toEqual([]);
    expect(app.fake.callsTo('response_url')).toEqual([]);

    await app.setSettings(() => ({ locale: 'zh-CN' }));
    expect(await answer('/ticket', 'mine x')).toContain('此处不接受 `x`，因此未做任何操作。用法：');

    // What they read is read as before.
    await app.setSettings(() => ({ locale: 'en' }));
    await answer('/ticket', 'mine');
    await answer('/ticket', ticket.number);
    expect(app.fake.callsTo('response_url')).toHaveLength(2);
  });
});
