import { describe, expect, test } from 'vitest';
import { LOCALES, translator } from '../../../src/i18n/index.js';
import { helpMessage, unknownSubcommandMessage, usageList } from '../../../src/ui/help.js';
import { CUSTOMER_USAGE, TICKET_USAGE } from '../../helpers/records.js';
import { expectValidMessage, mrkdwn } from '../../helpers/ui.js';

const WORDS = {
  en: {
    only: 'Replies like this one are only visible to you.',
    unknown: 'is not a command I know',
  },
  'zh-CN': { only: '此类回复仅你本人可见。', unknown: '无法识别命令' },
} as const;

describe.each(LOCALES)('help builders in %s', (locale) => {
  const t = translator(locale);

  test.each([
    ['/customer', CUSTOMER_USAGE],
    ['/ticket', TICKET_USAGE],
  ] as const)('helpMessage for %s: title, every usage line, "only you see this"', (_, usage) => {
    const message = helpMessage(t, usage);
    expectValidMessage(message);
    const body = `${t(usage.title)}\n${usageList(t, usage.lines)}`;
    expect(message.text).toBe(body);
    expect(mrkdwn(message)).toBe(`${body}\n${WORDS[locale].only}`);
    for (const line of usage.lines) expect(message.text).toContain(String(usageList(t, [line])));
    expect(message).toMatchSnapshot();
  });

  test("a usage line's placeholders are in the reader's language; what is typed stays as typed", () => {
    const text = String(
      usageList(t, [
        { usage: '/customer find <text>', summary: 'help.customer.find' },
        { usage: '/ticket list [open|overdue]', summary: 'help.ticket.list' },
      ]),
    );
    expect(text).toContain(
      locale === 'en' ? '`/customer find &lt;text&gt;`' : '`/customer find &lt;文本&gt;`',
    );
    expect(text).toContain('`/ticket list [open|overdue]`');
  });

  test('unknownSubcommandMessage: the word typed and the valid subcommands', () => {
    const message = unknownSubcommandMessage(t, '/customer', 'fnd', ['new', 'find', 'help']);
    expectValidMessage(message);
    expect(message.text).toBe(
      t('command.unknown', {
        command: '/customer',
        sub: 'fnd',
        // The language's own list separator: `、` in Chinese.
        valid: ['`/customer new`', '`/customer find`', '`/customer help`'].join(
          t.plain('common.listSeparator'),
        ),
      }),
    );
    expect(message.text).toContain(WORDS[locale].unknown);
    expect(mrkdwn(message)).toBe(message.text);
    expect(message).toMatchSnapshot();
  });

  test('unknownSubcommandMessage: a long word is cut to 50 characters', () => {
    const message = unknownSubcommandMessage(t, '/ticket', 'w'.repeat(400), ['new']);
    expectValidMessage(message);
    expect(message.text).toContain(`/ticket ${'w'.repeat(50)}\``);
    expect(message.text).not.toContain('w'.repeat(51));
  });
});
