import type { MessageKey, Translate } from '../i18n/index.js';
import { context, textMessage, type Message } from './blocks.js';
import { clip } from '../text/clip.js';
import { escape, join, keep, md, mention, mentionList, type Mrkdwn } from './text.js';

export interface UsageLine {
  usage: string;
  summary: MessageKey;
  /**
   * Set when the reader cannot use it, only an admin can: whom to ask (empty while the desk has no
   * admin). Admins, and lines anyone may use, leave it out.
   */
  askAdmins?: readonly string[];
}

export interface CommandUsage {
  title: MessageKey;
  lines: UsageLine[];
}

/** The placeholders of a usage line (`<text>`, `[title]`), said in the reader's language. */
const PLACEHOLDERS = {
  text: 'help.arg.text',
  title: 'help.arg.title',
  group: 'help.arg.group',
  customer: 'help.arg.customer',
  contact: 'help.arg.contact',
  period: 'help.arg.period',
} as const satisfies Record<string, MessageKey>;
/**
 * Admins an admin-only line names at most; more are counted ("… or one of 37 more admins"), so
 * that a desk with 40 admins keeps a command's usage (a Home section, a help reply) under Slack's
 * 3,000 characters and readable.
 */
export const ADMINS_NAMED = 3;

const PLACEHOLDER = new RegExp(`([<[])(${Object.keys(PLACEHOLDERS).join('|')})([>\\]])`, 'g');

/**
 * A command's usage, a line per subcommand: the words typed as they are (`/ticket list open`),
 * the placeholders and the summary in the reader's language.
 */
export function usageList(t: Translate, lines: UsageLine[]): Mrkdwn {
  const usage = (text: string) =>
    text.replace(
      PLACEHOLDER,
      (_, open: string, word: keyof typeof PLACEHOLDERS, close: string) =>
        `${open}${t.plain(PLACEHOLDERS[word])}${close}`,
    );
  const adminsOnly = (admins: readonly string[]) =>
    !admins.length
      ? t('help.adminsOnlyNone')
      : admins.length <= ADMINS_NAMED
        ? t('help.adminsOnly', { admins: keep(mentionList(admins, t.locale)) })
        : t('help.adminsOnlyMore', {
            admins: keep(
              join(
                admins.slice(0, ADMINS_NAMED).map((a) => mention(a)),
                t.locale === 'zh-CN' ? '、' : ', ',
              ),
            ),
            count: admins.length - ADMINS_NAMED,
          });
  return join(
    lines.map((line) => {
      const text = md`\`${escape(usage(line.usage))}\`  ${t(line.summary)}`;
      return line.askAdmins ? md`${text} ${adminsOnly(line.askAdmins)}` : text;
    }),
    '\n',
  );
}

/** The ephemeral usage reply of a slash command. */
export function helpMessage(t: Translate, usage: CommandUsage): Message {
  const body = md`${t(usage.title)}\n${usageList(t, usage.lines)}`;
  return textMessage(body, context(t('help.footer')));
}

/**
 * The answer to a message typed in the app's Messages tab: the app reads none, so it says so and
 * lists what it does understand, every command's usage.
 */
export function directMessageHelp(t: Translate, usages: CommandUsage[]): Message {
  const commands = usages.map((usage) => md`${t(usage.title)}\n${usageList(t, usage.lines)}`);
  return textMessage(join([t('help.dm.intro'), ...commands], '\n\n'));
}

/** A help answer that is one line (`body`, already in mrkdwn), not a command's usage. */
export function helpNote(t: Translate, body: Mrkdwn): Message {
  return textMessage(body, context(t('help.footer')));
}

/** The ephemeral reply to a subcommand the app does not know. */
export function unknownSubcommandMessage(
  t: Translate,
  command: string,
  sub: string,
  valid: string[],
  /** A line after the valid ones (e.g. how to search instead), already in mrkdwn. */
  hint?: Mrkdwn,
): Message {
  const unknown = t('command.unknown', {
    command,
    sub: clip(sub, 50, ''),
    valid: keep(
      join(
        valid.map((v) => md`\`${escape(`${command} ${v}`)}\``),
        t.plain('common.listSeparator'),
      ),
    ),
  });
  return textMessage(hint ? join([unknown, hint], '\n') : unknown);
}

/** A command whose text is longer than the desk reads (`max` characters): nothing was done. */
export function tooLongMessage(t: Translate, command: string, max: number): Message {
  return textMessage(t('command.tooLong', { command, max }));
}

/**
 * The ephemeral reply to words after a subcommand that reads fewer (`/ticket mine x`): nothing
 * was done; the first word not read, and the subcommand's usage line.
 */
export function extraWordsMessage(t: Translate, extra: string, line: UsageLine): Message {
  const text = t('command.extraWords', { extra: clip(extra, 50, '') });
  return textMessage(md`${text}
${usageList(t, [line])}`);
}
