import type { MessageKey, Translate } from '../i18n/index.js';
import { context, textMessage, type Message } from './blocks.js';
import { clip, escape, join, keep, md, type Mrkdwn } from './text.js';

export interface UsageLine {
  usage: string;
  summary: MessageKey;
}

export interface CommandUsage {
  title: MessageKey;
  lines: UsageLine[];
}

export function usageList(t: Translate, lines: UsageLine[]): Mrkdwn {
  return join(
    lines.map((line) => md`\`${escape(line.usage)}\`  ${t(line.summary)}`),
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

/** The ephemeral reply to a subcommand the app does not know. */
export function unknownSubcommandMessage(
  t: Translate,
  command: string,
  sub: string,
  valid: string[],
): Message {
  const text = t('command.unknown', {
    command,
    sub: clip(sub, 50, ''),
    valid: keep(
      join(
        valid.map((v) => md`\`${escape(`${command} ${v}`)}\``),
        ', ',
      ),
    ),
  });
  return textMessage(text);
}
