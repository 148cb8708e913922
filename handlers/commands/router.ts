import type { ModalView } from '@slack/types';
import type { AllMiddlewareArgs, SlackCommandMiddlewareArgs } from '@slack/bolt';
import type { Ctx } from '../../src/context.js';
import type { MessageKey } from '../../src/i18n/index.js';
import {
  adminOnly,
  guestReadRefusal,
  holdsNoRole,
  may,
  readsDesk,
  type Permission,
} from '../../src/permissions.js';
import { boundary, readsOnly } from '../../src/slack/boundary.js';
import {
  parsePayload,
  COMMAND_TEXT_MAX,
  slashCommandSchema,
  type SlashCommand,
} from '../../src/slack/payloads.js';
import type { Message } from '../../src/ui/blocks.js';
import {
  extraWordsMessage,
  helpNote,
  helpMessage,
  tooLongMessage,
  unknownSubcommandMessage,
  type CommandUsage,
} from '../../src/ui/help.js';
import { COMMANDS } from '../../src/ui/ids.js';
import { adminsToAsk } from '../../src/workspace/types.js';
import type { HandlerDeps } from '../deps.js';
import { clip } from '../../src/text/clip.js';

export type CommandArgs = SlackCommandMiddlewareArgs & AllMiddlewareArgs;

export interface SubcommandInput {
  args: CommandArgs;
  command: SlashCommand;
  /** The text after the subcommand word. */
  rest: string;
  ctx: Ctx;
  /** Answers the person who typed the command, privately (the command is acked already). */
  reply(message: Message): Promise<void>;
}

export interface Subcommand {
  name: string;
  usage: string;
  summary: MessageKey;
  /**
   * The most words it reads after its name (a fallback: after the id), when it reads a fixed
   * few: more are answered with its usage, nothing done. Unset: it reads text (a title, a name)
   * or words it checks itself.
   */
  words?: number;
  /** What it needs (the service checks it): help marks one only admins may use for the others. */
  permission?: Permission;
  /**
   * A guest of the workspace who holds no role may use it (their own tickets, as the requester's
   * view gives them): help and their App Home list only these to them.
   */
  guests?: true;
  /**
   * Listed (help, the Home tab) only to whoever may do its `permission` (`/task team`, a
   * manager's): to others it would be only a refusal. Typed, it is refused as it would be.
   */
  listedToPermitted?: true;
  /**
   * It only reads (a list, a search, a card, a history, a modal opened): a failure is said as
   * "nothing was changed" (the boundary's `readsOnly`).
   */
  reads?: true;
  run(input: SubcommandInput): Promise<void>;
}

/**
 * A subcommand that opens a modal: the save is the modal's own listener, so it only reads. `view`
 * asks what it must first, and a refusal there is said (an ephemeral explanation) before any form
 * is shown.
 */
export function modalSubcommand(
  spec: Omit<Subcommand, 'reads' | 'run'>,
  view: (input: SubcommandInput) => ModalView | Promise<ModalView>,
): Subcommand {
  return {
    ...spec,
    reads: true,
    async run(input) {
      await input.args.client.views.open({
        trigger_id: input.command.trigger_id,
        view: await view(input),
      });
    },
  };
}

export interface CommandSpec {
  command: string;
  title: MessageKey;
  subcommands: Subcommand[];
  /** Handles a first word that is not a subcommand but a record id, e.g. `/customer C2026001`. */
  fallback?: Subcommand & { matches(word: string): boolean };
  /**
   * Said after the valid subcommands when the first word is none of them (`/customer Huadong
   * Machinery`): the whole text typed is its `text` parameter (e.g. "use `/customer find …`").
   */
  unknownHint?: MessageKey;
}

/**
 * A word the desk reads (a subcommand, a record id, a keyword such as `overdue`), as typed or
 * in full-width form (`ｎｅｗ`, `Ｔ２０２６０００１`): folded to ASCII (NFKC). Text people write
 * (a title, a search) is kept as typed.
 */
export function keyword(word: string): string {
  return word.normalize('NFKC');
}

/** Quotes people put around a name, and the one that closes each. */
const QUOTES: Record<string, string> = {
  '"': '"',
  "'": "'",
  '“': '”',
  '‘': '’',
  '「': '」',
  '『': '』',
  '＂': '＂',
};

/**
 * Text naming something (`"Huadong Machinery"`, `“王芳”`), without the quotes put around all of
 * it: the name is what is looked for, not its quotes. Quotes inside it stay.
 */
export function unquote(text: string): string {
  const trimmed = text.trim();
  const close = QUOTES[trimmed[0] ?? ''];
  return close && trimmed.length >= 2 && trimmed.endsWith(close)
    ? trimmed.slice(1, -1).trim()
    : trimmed;
}

/** Who reads a command's usage: a guest who reads only their own tickets is listed only theirs. */
type UsageReader = Pick<Ctx, 'settings' | 'actor' | 'guest' | 'external'>;

/**
 * The usage a command prints in help and on the Home tab: its subcommands plus `help`. For a
 * `reader` who is not an admin, a subcommand only admins may use says whom to ask; to a guest
 * who reads only their own tickets (`readsDesk`), only the subcommands guests may use.
 */
export function commandUsage(
  spec: CommandSpec,
  reader?: UsageReader,
  /** Only what the reader may use, when they hold no role on a closed desk (`UsableBy`). */
  usable?: UsableBy,
): CommandUsage {
  const guest = !!reader && !readsDesk(reader);
  const roleless = !!usable && !!reader && rolelessOnClosedDesk(reader);
  const askAdmins = (s: Subcommand) =>
    reader &&
    s.permission &&
    adminOnly(s.permission) &&
    !may(reader.settings, reader.actor, s.permission)
      ? { askAdmins: adminsToAsk(reader.settings) }
      : {};
  return {
    title: spec.title,
    lines: [
      ...[...spec.subcommands, ...(spec.fallback ? [spec.fallback] : [])]
        .filter((s) => !guest || s.guests)
        .filter((s) => !roleless || !s.permission || mayUse(reader!, s.permission, usable!))
        .filter(
          (s) =>
            !reader ||
            !s.listedToPermitted ||
            !s.permission ||
            may(reader.settings, reader.actor, s.permission),
        )
        .map((s) => ({
          usage: s.usage,
          summary: s.summary,
          ...askAdmins(s),
        })),
      { usage: `${spec.command} help`, summary: 'help.sub.help' },
    ],
  };
}

/**
 * The commands' usage, as the Home tab and the DM help list it to `reader` (one list for both): a
 * command with nothing a guest may use is not listed to one (its `help` alone would name it); to a
 * member who holds no role on a closed desk, only what they may use: not the staff's subcommands
 * (`/customer new`, `/task new`, `/desk …`), each of which would refuse them, and a command left
 * with nothing else is not listed.
 */
export function commandUsages(
  specs: CommandSpec[],
  reader: UsageReader,
  /** What the reader may use beyond the roles (`usableBy`): none unless said. */
  usable: UsableBy = { ownsCustomer: false },
): CommandUsage[] {
  const guest = !readsDesk(reader);
  return specs
    .filter((spec) => !guest || forGuests(spec))
    .map((spec) => commandUsage(spec, reader, usable))
    .filter((usage) => usage.lines.length > 1);
}

/** What the DM help knows of a member beyond the roles, to list them what they may use. */
export interface UsableBy {
  /**
   * Owns a customer (one handed to someone without a role): its owner may plan its tasks
   * (`/task new`), as `customer.planTask` says.
   */
  ownsCustomer: boolean;
}

/**
 * What `reader` may use beyond the roles, read only for a member who holds no role on a closed
 * desk (the only one the lists filter by it): whether they own a customer.
 */
export async function usableBy(
  customers: { ownedBy(ctx: Ctx, owner: string, limit: number): Promise<unknown[]> },
  reader: Ctx,
): Promise<UsableBy> {
  if (!rolelessOnClosedDesk(reader)) return { ownsCustomer: false };
  return { ownsCustomer: (await customers.ownedBy(reader, reader.actor, 1)).length > 0 };
}

/** Whether `reader` may use a subcommand needing `permission`: by a role, or as an owner. */
function mayUse(reader: UsageReader, permission: Permission, usable: UsableBy): boolean {
  const { settings, actor } = reader;
  return (
    may(settings, actor, permission) ||
    (usable.ownsCustomer && may(settings, actor, permission, { customer: { ownerId: actor } }))
  );
}

/** A member of the workspace the roles name nowhere, on a closed desk: no staff right. */
function rolelessOnClosedDesk(reader: UsageReader): boolean {
  return !reader.settings.openDesk && holdsNoRole(reader.settings, reader.actor);
}

/** Whether a command has something a guest who reads only their own tickets may use. */
function forGuests(spec: CommandSpec): boolean {
  return [...spec.subcommands, spec.fallback].some((s) => s?.guests);
}

/** Where a guest is sent from a command with nothing for them: the help of what they may use. */
const GUESTS_HELP = `${COMMANDS.ticket} help`;

/**
 * One listener per slash command: parses the payload, picks the subcommand by its first word,
 * answers `help` (or no text) with the usage and an unknown word with the valid ones, in the
 * ack (a member who holds no role on a closed desk: only what they may use, after it). To a guest who reads only their own tickets (`readsDesk`), only what guests may use:
 * a command with nothing for them sends them to GUESTS_HELP instead. A subcommand is acked before it reads anything but the workspace's settings (cached;
 * Slack waits 3 s, and a busy database must not make it wait), and answers through the
 * command's response_url.
 */
export function commandListener(spec: CommandSpec, deps: HandlerDeps) {
  return boundary<CommandArgs>(`command:${spec.command}`, deps.boundary, async (args, ctx) => {
    const { t } = ctx;
    // Longer than the desk reads: said so privately, before the text is parsed or split.
    const typedText: unknown = (args.command as { text?: unknown }).text;
    if (typeof typedText === 'string' && typedText.length > COMMAND_TEXT_MAX) {
      await args.ack({
        response_type: 'ephemeral',
        ...tooLongMessage(t, spec.command, COMMAND_TEXT_MAX),
      });
      ctx.log.info({ length: typedText.length }, 'command text too long');
      return;
    }
    const command = parsePayload(slashCommandSchema, args.command);
    const [typed = 'help', ...restWords] = command.text.trim().split(/\s+/).filter(Boolean);
    // A Chinese IME in full-width mode types `ｎｅｗ` or `Ｔ２０２６０００１`: the same words.
    const word = keyword(typed);
    const name = word.toLowerCase();

    const sub =
      name === 'help'
        ? undefined
        : (spec.subcommands.find((s) => s.name === name) ??
          (spec.fallback?.matches(word) ? spec.fallback : undefined));
    const guest = !readsDesk(ctx);
    if (guest && !forGuests(spec) && !sub) {
      // Its help or a word it does not know, from a guest it has nothing for: where to look
      // instead (Slack not having said whether they are one: why the desk does not know).
      const why =
        ctx.guest === 'guest'
          ? t('help.guestElsewhere', { command: spec.command, help: GUESTS_HELP })
          : t(guestReadRefusal(ctx)!);
      await args.ack({ response_type: 'ephemeral', ...helpNote(t, why) });
      ctx.log.info({ length: typed.length }, 'help of a command with nothing for a guest');
      return;
    }
    if (name === 'help') {
      if (guest || !rolelessOnClosedDesk(ctx)) {
        await args.ack({ response_type: 'ephemeral', ...helpMessage(t, commandUsage(spec, ctx)) });
        return;
      }
      // A member who holds no role on a closed desk: only what they may use, the list the Home
      // and the DM help show them (`commandUsages`), whether they own a customer read after the
      // ack. A command with nothing for them sends them where a guest is sent.
      readsOnly(args);
      await args.ack();
      const usage = commandUsage(spec, ctx, await usableBy(deps.services.customers, ctx));
      await args.respond({
        response_type: 'ephemeral',
        replace_original: false,
        ...(usage.lines.length > 1
          ? helpMessage(t, usage)
          : helpNote(t, t('help.guestElsewhere', { command: spec.command, help: GUESTS_HELP }))),
      });
      return;
    }
    if (!sub) {
      // A guest is told only what they may use, and not the staff's hint (a customer search).
      const hint =
        spec.unknownHint && !guest
          ? t(spec.unknownHint, { text: clip(unquote(command.text), 80, '') })
          : undefined;
      const unknown = (valid: Subcommand[]) =>
        unknownSubcommandMessage(
          t,
          spec.command,
          typed,
          [...valid.map((s) => s.name), 'help'],
          hint,
        );
      // What was typed may be a phone number, an email or a person's name (`/customer 王芳`):
      // its length only, never the word.
      const logged = () => ctx.log.info({ length: typed.length }, 'unknown subcommand');
      if (guest || !rolelessOnClosedDesk(ctx)) {
        const valid = spec.subcommands.filter((s) => !guest || s.guests);
        await args.ack({ response_type: 'ephemeral', ...unknown(valid) });
        logged();
        return;
      }
      // A member who holds no role on a closed desk: only what they may use, as their `help`
      // lists it (whether they own a customer read after the ack); a command with nothing for
      // them sends them where a guest is sent.
      readsOnly(args);
      await args.ack();
      const usable = await usableBy(deps.services.customers, ctx);
      const valid = spec.subcommands.filter(
        (s) => !s.permission || mayUse(ctx, s.permission, usable),
      );
      const left = valid.length || (spec.fallback && !spec.fallback.permission);
      await args.respond({
        response_type: 'ephemeral',
        replace_original: false,
        ...(left
          ? unknown(valid)
          : helpNote(t, t('help.guestElsewhere', { command: spec.command, help: GUESTS_HELP }))),
      });
      logged();
      return;
    }
    const extra = sub.words === undefined ? undefined : restWords[sub.words];
    if (extra !== undefined) {
      await args.ack({
        response_type: 'ephemeral',
        ...extraWordsMessage(t, extra, { usage: sub.usage, summary: sub.summary }),
      });
      ctx.log.info({ sub: sub.name }, 'words after a subcommand that reads none');
      return;
    }
    const rest = sub === spec.fallback ? word : restWords.join(' ');
    await args.ack();
    const reply = async (message: Message) => {
      await args.respond({ response_type: 'ephemeral', replace_original: false, ...message });
    };
    if (sub.reads) readsOnly(args);
    await sub.run({ args, command, rest, ctx, reply });
  });
}
