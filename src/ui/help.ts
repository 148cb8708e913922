import type { MessageKey, Translate } from '../i18n/index.js';
import { context, markdown, type Message } from './blocks.js';

export interface UsageLine {
  usage: string;
  summary: MessageKey;
}

export interface CommandUsage {
  title: MessageKey;
  lines: UsageLine[];
}

export function usageList(t: Translate, lines: UsageLine[]): string {
  return lines.map((line) => `\`${line.usage}\`  ${t(line.summary)}`).join('\n');
}

/** The ephemeral usage reply of a slash command. */
export function helpMessage(t: Translate, usage: CommandUsage): Message {
  const body = `${t(usage.title)}\n${usageList(t, usage.lines)}`;
  return { text: body, blocks: [markdown(body), context(t('help.footer'))] };
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
    sub: sub.slice(0, 50),
    valid: valid.map((v) => `\`${command} ${v}\``).join(', '),
  });
  return { text, blocks: [markdown(text)] };
}
