/** The settings modals (`/desk settings`) and the settings history (pure builders). */
import type { ModalView, PlainTextOption } from '@slack/types';
import {
  isMessageKey,
  listParams,
  LOCALES,
  type MessageKey,
  type Translate,
} from '../i18n/index.js';
import {
  SETTINGS_FIELDS,
  SETTINGS_GROUPS,
  type SettingsField,
  type SettingsGroup,
  type SettingsInput,
  type WorkspaceSettings,
} from '../workspace/settings.js';
import { roleLists, staffToTell, type RoleList } from '../workspace/types.js';
import {
  actions,
  button,
  context,
  divider,
  field,
  listModal,
  markdown,
  type Block,
  type Message,
} from './blocks.js';
import type { SavedRepliesChange } from '../workspace/saved-replies.js';
import { SETTINGS } from './ids.js';
import { formModal, inputBlock, option, textInput, type Form } from './inputs.js';
import { SLACK_ID } from '../slack-ids.js';
import { SYSTEM_ACTOR } from '../context.js';
import {
  channelLink,
  clipMrkdwn,
  escape,
  escapeClipped,
  join,
  keep,
  md,
  mention,
  slackTime,
  type Mrkdwn,
} from './text.js';

const WEEKDAYS = ['1', '2', '3', '4', '5', '6', '7'] as const;
const TIERS = ['strategic', 'key', 'normal'] as const;

const groupTitle = (t: Translate, group: SettingsGroup) =>
  t.plain(`settings.group.${group}` as MessageKey);

/**
 * The modal `/desk settings` (and App Home's Settings button) opens: each group with what it
 * holds and an Edit button, which opens the group's modal on top of this one.
 */
export function settingsChooser(
  t: Translate,
  opts: { metadata: string; notice?: Mrkdwn | undefined },
): ModalView {
  const blocks: Block[] = [markdown(t('settings.intro'))];
  if (opts.notice) blocks.push(context(opts.notice));
  blocks.push(divider());
  for (const group of SETTINGS_GROUPS)
    blocks.push(
      markdown(
        field(
          t(`settings.group.${group}` as MessageKey),
          t(`settings.about.${group}` as MessageKey),
        ),
        button({ actionId: SETTINGS.editButton, text: t.plain('settings.edit'), value: group }),
      ),
    );
  return listModal(t, {
    callbackId: SETTINGS.chooserView,
    metadata: opts.metadata,
    title: 'settings.title',
    blocks,
  });
}

function choices(t: Translate, values: readonly string[], prefix: string): PlainTextOption[] {
  return values.map((v) => option(t.plain(`${prefix}.${v}` as MessageKey), v));
}

function selectElement(choicesList: PlainTextOption[], initial: string | undefined) {
  const selected = choicesList.find((c) => c.value === initial);
  return {
    type: 'static_select',
    options: choicesList,
    ...(selected ? { initial_option: selected } : {}),
  };
}

function fieldBlock(
  t: Translate,
  f: SettingsField,
  value: string | undefined,
  suffix: string,
): Block {
  const hintKey = `settings.hint.${f.id}`;
  const spec = {
    block: `${f.id}${suffix}`,
    label: t.plain(`settings.field.${f.id}` as MessageKey),
    optional: f.optional ?? false,
    ...(isMessageKey(hintKey) ? { hint: t.plain(hintKey) } : {}),
  };
  switch (f.input) {
    case 'channel':
      return inputBlock(spec, {
        type: 'conversations_select',
        filter: { include: ['public', 'private'], exclude_bot_users: true },
        ...(value ? { initial_conversation: value } : {}),
      });
    case 'locale':
      return inputBlock(spec, selectElement(choices(t, LOCALES, 'settings.locale'), value));
    case 'weekday':
      return inputBlock(spec, selectElement(choices(t, WEEKDAYS, 'settings.weekday'), value));
    case 'yesno':
      return inputBlock(spec, selectElement(choices(t, ['yes', 'no'], 'common'), value));
    case 'weekdays':
    case 'tiers': {
      const all =
        f.input === 'tiers' ? choices(t, TIERS, 'tier') : choices(t, WEEKDAYS, 'settings.weekday');
      const picked = new Set((value ?? '').split(',').map((d) => d.trim()));
      const initial = all.filter((o) => picked.has(o.value ?? ''));
      return inputBlock(spec, {
        type: 'checkboxes',
        options: all,
        ...(initial.length ? { initial_options: initial } : {}),
      });
    }
    case 'time':
      return inputBlock(spec, { type: 'timepicker', ...(value ? { initial_time: value } : {}) });
    case 'multiline':
      return textInput(spec, value, { multiline: true, max: 3000 });
    case 'text':
      return textInput(spec, value, { max: 200 });
  }
}

/**
 * One group's modal: its fields filled with `values` (the stored settings, or what the admin
 * typed when the modal is drawn again), a hint for the group, and for holidays the buttons that
 * load China's statutory holidays of this year and the next.
 */
export function settingsGroupModal(
  t: Translate,
  opts: {
    group: SettingsGroup;
    values: Form;
    metadata: string;
    /** A line at the top (what a load did). */
    notice?: Mrkdwn | undefined;
    /** The years the holidays modal offers to load. */
    years?: number[];
    /**
     * Drawn again with new values (a load): Slack keeps what was typed in an input whose block
     * id is unchanged, so the redrawn inputs get ids with this revision (`holidays~1`).
     */
    revision?: number;
  },
): ModalView {
  const { group } = opts;
  const blocks: Block[] = [];
  if (opts.notice) blocks.push(markdown(opts.notice));
  // A group named as one of its fields (holidays) shares that field's hint key: said once, under
  // the field, not again as the group's line above it.
  const hint = `settings.hint.${group}`;
  const fieldsHint = SETTINGS_FIELDS[group].some((f) => f.id === group);
  if (isMessageKey(hint) && !fieldsHint) blocks.push(context(t(hint)));
  const suffix = opts.revision ? `~${opts.revision}` : '';
  for (const f of SETTINGS_FIELDS[group]) blocks.push(fieldBlock(t, f, opts.values[f.id], suffix));
  if (group === 'holidays')
    for (const year of opts.years ?? [])
      blocks.push(
        actions(`holidays_load_${year}`, [
          button({
            actionId: SETTINGS.loadHolidays,
            text: t.plain('settings.holidays.load', { year }),
            value: String(year),
          }),
        ]),
      );
  if (group === 'greetings')
    blocks.push(
      actions('greetings_restore', [
        button({
          actionId: SETTINGS.restoreGreetings,
          text: t.plain('settings.greetings.restore'),
          value: 'defaults',
        }),
      ]),
    );
  return formModal(t, {
    callbackId: SETTINGS.groupView,
    title: `settings.group.${group}` as MessageKey,
    metadata: opts.metadata,
    blocks,
  });
}

/** How a field of a settings group is edited (its modal's input), to show its values alike. */
function inputOf(group: string, id: string): SettingsInput | undefined {
  if (!(SETTINGS_GROUPS as readonly string[]).includes(group)) return undefined;
  return SETTINGS_FIELDS[group as SettingsGroup].find((f) => f.id === id)?.input;
}

/** Stored ids as mentions: each one a Slack id, else undefined (the value is shown as text). */
function mentions(t: Translate, text: string, kind: 'user' | 'channel'): Mrkdwn | undefined {
  const ids = text.split(',').map((id) => id.trim());
  if (!ids.every((id) => SLACK_ID[kind].test(id))) return undefined;
  return join(
    ids.map((id) => (kind === 'user' ? mention(id) : channelLink(id))),
    t.plain('common.listSeparator'),
  );
}

/** `U1 (billing, ERP); U2 (…)`: each person as a mention, what follows in brackets as text. */
function peopleWith(t: Translate, text: string, inner: 'text' | 'user'): Mrkdwn | undefined {
  const parts = text.split(';').map((part) => part.trim().match(/^(\S+) \((.*)\)$/s));
  if (!parts.every((m) => m && SLACK_ID.user.test(m[1]!))) return undefined;
  return join(
    parts.map((m) => {
      const rest = inner === 'user' && m![2] ? mentions(t, m![2], 'user') : undefined;
      if (!m![2]) return mention(m![1]!);
      return md`${mention(m![1]!)} (${rest ?? escape(m![2])})`;
    }),
    '; ',
  );
}

/** How the history shows a value it can say better than as text; undefined: shown as text. */
type Shown = (t: Translate, text: string) => Mrkdwn | undefined;

/** A choice by its label in the reader's language (`settings.locale.en`), if it is one. */
const labelled =
  (prefix: 'settings.locale' | 'settings.weekday'): Shown =>
  (t, text) => {
    const key = `${prefix}.${text}`;
    return isMessageKey(key) ? t(key) : undefined;
  };

/** A settings field's values, by the input its modal edits it with. */
const SHOWN_BY_INPUT: Partial<Record<SettingsInput, Shown>> = {
  locale: labelled('settings.locale'),
  weekday: labelled('settings.weekday'),
  weekdays: (t, text) => weekdayNames(t, text),
  tiers: (t, text) => tierNames(t, text),
  channel: (t, text) => mentions(t, text, 'channel'),
};

/** The roles' fields (`/desk roles`, group `roles`): people as ids, comma separated. */
const SHOWN_ROLES = new Map<string, Shown>([
  ['admins', (t, text) => mentions(t, text, 'user')],
  ['managers', (t, text) => mentions(t, text, 'user')],
  ['agents', (t, text) => mentions(t, text, 'user')],
  ['account_managers', (t, text) => mentions(t, text, 'user')],
  ['experts', (t, text) => peopleWith(t, text, 'text')],
  ['manages', (t, text) => peopleWith(t, text, 'user')],
]);

/**
 * A value in the history, as mrkdwn: a choice by its label in the reader's language (a language,
 * a weekday, a switch's yes / no), channels and people as links and mentions (ids checked as
 * Slack's: anything else is shown as text), else the text escaped and clipped, newlines shown as
 * commas; `(none)` when empty.
 */
function historyValue(t: Translate, group: string, id: string, value: string | undefined): Mrkdwn {
  const text = (value ?? '').replace(/\s*\n\s*/g, ', ').trim();
  if (!text) return t('settings.history.blank');
  if (text === 'yes' || text === 'no') return t(text === 'yes' ? 'common.yes' : 'common.no');
  const input = inputOf(group, id);
  const show = group === 'roles' ? SHOWN_ROLES.get(id) : input && SHOWN_BY_INPUT[input];
  const shown = show?.(t, text);
  if (shown) return clipMrkdwn(shown, 240);
  // Kept one item a line (dates added or removed): joined in the reader's list words (、).
  const items = (value ?? '')
    .split('\n')
    .map((item) => item.trim())
    .filter(Boolean);
  return listClipped(t, items, 120);
}

/**
 * Items joined in the reader's list words, as many whole ones as `max` characters hold, then
 * "and N more": a list is cut between two dates, never inside one (`2026-10-0…` read as a date
 * of its own). One item longer than `max` alone is clipped.
 */
function listClipped(t: Translate, items: string[], max: number): Mrkdwn {
  const separator = t.plain('common.listSeparator');
  let shown = 0;
  let length = 0;
  for (const item of items) {
    const more = (shown ? separator.length : 0) + item.length;
    if (shown && length + more > max) break;
    length += more;
    shown++;
  }
  if (shown >= items.length) return escapeClipped(items.join(separator), max);
  return t('settings.history.listMore', {
    list: keep(escapeClipped(items.slice(0, shown).join(separator), max)),
    count: items.length - shown,
  });
}

/** `1,2,3`: the weekdays' names, or undefined when one is not a weekday. */
function weekdayNames(t: Translate, text: string): Mrkdwn | undefined {
  const days = text.split(',').map((d) => d.trim());
  if (!days.every((d) => (WEEKDAYS as readonly string[]).includes(d))) return undefined;
  return join(
    days.map((d) => t(`settings.weekday.${d}` as MessageKey)),
    t.plain('common.listSeparator'),
  );
}

/** `strategic,key`: the tiers' names, or undefined when one is not a tier. */
function tierNames(t: Translate, text: string): Mrkdwn | undefined {
  const tiers = text.split(',').map((tier) => tier.trim());
  if (!tiers.every((tier) => (TIERS as readonly string[]).includes(tier))) return undefined;
  return join(
    tiers.map((tier) => t(`tier.${tier}` as MessageKey)),
    t.plain('common.listSeparator'),
  );
}

/** Fields kept one item a line (holidays, extra working days, greeting days). */
const LIST_FIELDS = new Set(['holidays', 'extra_workdays', 'greeting_days', 'saved_replies']);

/**
 * A list field's change as the lines that left it and the lines that joined it: a whole list
 * clipped to its first dates would hide a change made further down (a holiday moved in October
 * reads as the same January dates before and after). Read from what was logged, so a change
 * logged whole and one logged as removed -> added read alike; undefined (said as old -> new)
 * for another field, or when only the order changed.
 */
function listChange(
  t: Translate,
  group: string,
  id: string,
  field: string,
  old: string | undefined,
  now: string | undefined,
): Mrkdwn | undefined {
  if (!LIST_FIELDS.has(id)) return undefined;
  const lines = (text: string | undefined) =>
    (text ?? '')
      .split('\n')
      .map((line) => line.trim())
      .filter(Boolean);
  const [before, after] = [lines(old), lines(now)];
  const removed = before.filter((line) => !after.includes(line));
  const added = after.filter((line) => !before.includes(line));
  const shown = (items: string[]) => keep(historyValue(t, group, id, items.join('\n')));
  if (removed.length && added.length)
    return t('settings.history.listChanged', {
      field,
      removed: shown(removed),
      added: shown(added),
    });
  if (removed.length) return t('settings.history.listRemoved', { field, removed: shown(removed) });
  if (added.length) return t('settings.history.listAdded', { field, added: shown(added) });
  return undefined;
}

/**
 * The saved replies' change, reply by reply: `added: “title”`, `removed: “title”`, `changed:
 * “title”`, `renamed: “old” → “new”` (titles escaped), or that only their order changed (a save
 * of the box they were kept in before: `saved_replies`; one reply since: `saved_reply`). Undefined for another field, or
 * an entry that does not read as replies (logged line by line): said as a list then.
 */
function repliesChange(
  t: Translate,
  id: string,
  field: string,
  change: SavedRepliesChange | undefined,
): Mrkdwn | undefined {
  if ((id !== 'saved_replies' && id !== 'saved_reply') || !change) return undefined;
  const items = [
    ...change.added.map((title) => t('settings.history.replyAdded', { title })),
    ...change.removed.map((title) => t('settings.history.replyRemoved', { title })),
    ...change.changed.map((title) => t('settings.history.replyChanged', { title })),
    ...(change.renamed ?? []).map((r) => t('settings.history.replyRenamed', r)),
  ];
  const changes = items.length
    ? join(items, t.plain('common.listSeparator'))
    : t('settings.history.replyOrder');
  return clipMrkdwn(t('settings.history.replies', { field, changes: keep(changes) }), 1500);
}

export interface SettingsHistoryItem {
  group: string;
  by: string;
  at: Date;
  old: Record<string, string>;
  new: Record<string, string>;
  /** A saved replies change, by title (src/workspace/saved-replies.ts `savedRepliesChange`). */
  replies?: SavedRepliesChange | undefined;
}

/** `/desk settings history`: the latest changes, newest first, one block each. */
export function settingsHistoryMessage(
  t: Translate,
  items: SettingsHistoryItem[],
  total: number,
  timeZone: string,
): Message {
  const title = t('settings.history.title');
  if (!items.length)
    return {
      text: title,
      blocks: [markdown(md`*${title}*`), context(t('settings.history.empty'))],
    };
  const blocks: Block[] = [markdown(md`*${title}*`)];
  for (const item of items) {
    const group = (SETTINGS_GROUPS as readonly string[]).includes(item.group)
      ? groupTitle(t, item.group as SettingsGroup)
      : item.group === 'roles'
        ? t.plain('roles.title')
        : item.group;
    const head = t('settings.history.entry', {
      group,
      at: keep(slackTime(item.at, timeZone)),
      // A person by their mention; the desk's own change (a desk channel it may no longer use,
      // cleared by SYSTEM_ACTOR: SettingsAdminService.clearSharedChannel, the one Channels change
      // not made by a person) as the desk; else the operator's command line (`npm run admins`,
      // also SYSTEM_ACTOR, changes only the roles).
      who: keep(
        SLACK_ID.user.test(item.by)
          ? mention(item.by)
          : item.by === SYSTEM_ACTOR && item.group === 'channels'
            ? t('settings.history.desk')
            : t('settings.history.operator'),
      ),
    });
    const lines = Object.keys(item.new).map((id) => {
      const key = `settings.field.${id}`;
      const field = isMessageKey(key) ? t.plain(key) : id;
      return (
        repliesChange(t, id, field, item.replies) ??
        listChange(t, item.group, id, field, item.old[id], item.new[id]) ??
        t('settings.history.change', {
          field,
          old: keep(historyValue(t, item.group, id, item.old[id])),
          new: keep(historyValue(t, item.group, id, item.new[id])),
        })
      );
    });
    blocks.push(markdown(join([head, ...lines], '\n')));
  }
  if (total > items.length)
    blocks.push(context(t('settings.history.more', { count: total - items.length })));
  return { text: title, blocks };
}

/** Each desk channel setting as the DM below names it (keys named literally, for the key checks). */
const SHARED_CLEARED_ROLE = {
  triage: 'settings.sharedCleared.role.triage',
  escalation: 'settings.sharedCleared.role.escalation',
  alerts: 'settings.sharedCleared.role.alerts',
  digest: 'settings.sharedCleared.role.digest',
} as const satisfies Record<keyof WorkspaceSettings['channels'], MessageKey>;

/**
 * Why a desk channel was cleared: shared with another organisation (Slack Connect), shared while
 * Slack did not say in time with whom (`maybeShared`: maybe only the org's own workspaces), or a
 * customer's channel.
 */
export type ClearedWhy = 'shared' | 'maybeShared' | 'customer';

const CLEARED_TEXT = {
  shared: 'settings.sharedCleared',
  maybeShared: 'settings.maybeSharedCleared',
  customer: 'settings.customerCleared',
} as const satisfies Record<ClearedWhy, MessageKey>;

/**
 * The DM telling the admins that a desk channel, now shared with another organisation (Slack
 * Connect), was cleared from the settings it named (`cleared`), and to pick another one.
 */
export function sharedChannelClearedDm(
  t: Translate,
  channelId: string,
  cleared: readonly (keyof WorkspaceSettings['channels'])[],
  why: ClearedWhy = 'shared',
): Message & { text: Mrkdwn } {
  const roles = cleared.map((k) => t.plain(SHARED_CLEARED_ROLE[k]));
  const text = t(CLEARED_TEXT[why], {
    channel: keep(channelLink(channelId)),
    ...listParams(t.locale, { roles }),
  });
  return { text, blocks: [markdown(text)] };
}

/** The roles' names in `/desk roles`, by the settings field of their list, in the DM's order. */
const HOLDER_ROLE = {
  admins: 'roles.field.admins',
  managers: 'roles.field.managers',
  agents: 'roles.field.agents',
  experts: 'roles.field.experts',
  accountManagers: 'roles.field.account_managers',
  managerLinks: 'roles.field.manages',
} as const satisfies Record<RoleList, MessageKey>;

/**
 * The role lists of `/desk roles` (`roleLists`) that name `userId`, as `externalHolderDm` names
 * them.
 */
export function rolesNaming(
  settings: Pick<
    WorkspaceSettings,
    'admins' | 'managers' | 'agents' | 'experts' | 'accountManagers' | 'managerLinks'
  >,
  userId: string,
): RoleList[] {
  const named = new Set(
    roleLists(settings)
      .filter((l) => l.people.includes(userId))
      .map((l) => l.list),
  );
  return (Object.keys(HOLDER_ROLE) as RoleList[]).filter((list) => named.has(list));
}

/**
 * The DM telling the admins that a person `/desk roles` names (on the lists `roles`) is of another
 * organisation as Slack says, that the desk skips them from now on, and what to do.
 */
export function externalHolderDm(
  t: Translate,
  userId: string,
  roles: readonly RoleList[],
): Message & { text: Mrkdwn } {
  const text = t('settings.externalHolder', {
    user: userId,
    ...listParams(t.locale, { roles: roles.map((r) => t.plain(HOLDER_ROLE[r])) }),
  });
  return { text, blocks: [markdown(text)] };
}

export { groupTitle as settingsGroupTitle };

/**
 * An admins' notice (a channel refused or cleared, a customer's channel left, a customer channel's
 * event given up, a role holder of another organisation) as sent to `told`: when they are the
 * staff told instead of the admins and managers, whose work is held (`staffToTellNow`'s fallback:
 * the triage channel, else staff agents; none of `staffToTell`), with a last line saying why them
 * and that what it asks is an admin's to do. Otherwise `message` as it is.
 */
export function toldInsteadOfAdmins<M extends { text: Mrkdwn; blocks?: Block[] | undefined }>(
  t: Translate,
  settings: Parameters<typeof staffToTell>[0],
  teamId: string,
  told: readonly string[],
  message: M,
): M {
  const admins = staffToTell(settings);
  if (!told.length || told.some((u) => admins.includes(u))) return message;
  const why = t('staff.toldInstead', { team: teamId });
  return {
    ...message,
    text: join([message.text, why], '\n\n'),
    ...(message.blocks ? { blocks: [...message.blocks, context(why)] } : {}),
  };
}
