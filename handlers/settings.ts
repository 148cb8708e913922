import type { WebClient } from '@slack/web-api';
import type { Ctx } from '../src/context.js';
import type { Mrkdwn } from '../src/ui/text.js';
import { settingsChooser, settingsGroupModal } from '../src/ui/settings.js';
import { savedRepliesModal } from '../src/ui/saved-replies.js';
import { settingsFormData, settingsShown } from '../src/workspace/form.js';
import { knowsPublicHolidays } from '../src/workspace/holidays.js';
import type { SettingsGroup } from '../src/workspace/settings.js';

/** What a settings modal carries to its submission. */
export interface SettingsMeta {
  responseUrl?: string | undefined;
  /** The picker a group's modal was pushed over, and the desk's proof of it (ModalProofs.parent). */
  parentView?: string | undefined;
  parentProof?: string | undefined;
  revision?: number | undefined;
  /** What the group's modal showed when it opened (`settingsShown`); kept by its redraws. */
  settingsShown?: Record<string, string> | undefined;
  /** The lists a redrawn modal showed when it opened (`carryListsShown`); what fits is kept. */
  listsShown?: Record<string, string> | undefined;
}

/** Slack's limit on a view's private_metadata. */
const METADATA_MAX = 3000;

function metadata(fields: Record<string, unknown>): string {
  return JSON.stringify(
    Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined)),
  );
}

/**
 * A redrawn modal's metadata: `fields` and the lists it showed when it opened (`listsShown`).
 * The lists that would not fit Slack's limit are left out, longest first: such a list is
 * compared whole at the save, as before they were kept.
 */
export function withListsShown(
  fields: Record<string, unknown>,
  listsShown: Record<string, string> | undefined,
): string {
  const lists = { ...listsShown };
  const text = () =>
    metadata({ ...fields, listsShown: Object.keys(lists).length ? lists : undefined });
  while (text().length > METADATA_MAX && Object.keys(lists).length) {
    const longest = Object.keys(lists).sort((a, b) => lists[b]!.length - lists[a]!.length)[0]!;
    delete lists[longest];
  }
  return text();
}

/**
 * The years the holidays modal offers to load: this one (in the workspace's zone; its Load says
 * so when the installed package does not know it) and the next once the package knows it (the
 * State Council publishes it late in the year): no button that can only say "not known yet".
 */
export function holidayYears(ctx: Ctx): number[] {
  const year = Number(ctx.today.slice(0, 4));
  return knowsPublicHolidays(year + 1) ? [year, year + 1] : [year];
}

/** The group picker, as `/desk settings` and App Home's Settings button open it. */
export function chooserView(ctx: Ctx, meta: SettingsMeta, notice?: Mrkdwn) {
  return settingsChooser(ctx.t, { metadata: metadata({ responseUrl: meta.responseUrl }), notice });
}

/**
 * The saved replies' list (`/desk settings replies`), as the settings are: replies are kept one
 * by one, each in a modal pushed over it. `page`: the page shown (of 20 replies).
 */
export function repliesView(
  ctx: Ctx,
  meta: { responseUrl?: string | undefined; page?: number | undefined },
  notice?: Mrkdwn,
) {
  return savedRepliesModal(ctx.t, {
    replies: ctx.settings.savedReplies,
    page: meta.page ?? 0,
    metadata: metadata({ responseUrl: meta.responseUrl, page: meta.page || undefined }),
    notice,
  });
}

/**
 * A group's modal, filled with the settings as they are (or `values` when drawn again, with what
 * it showed when it opened in `meta.settingsShown`); the saved replies' list for `replies`.
 */
export function groupView(
  ctx: Ctx,
  group: SettingsGroup,
  meta: SettingsMeta,
  opts: { values?: Record<string, string | undefined>; notice?: Mrkdwn } = {},
) {
  if (group === 'replies') return repliesView(ctx, meta, opts.notice);
  // Opened: what it shows, for its save to write only what the admin changed from it.
  const fields = {
    settingsGroup: group,
    ...meta,
    settingsShown: opts.values ? meta.settingsShown : settingsShown(group, ctx.settings),
  };
  return settingsGroupModal(ctx.t, {
    group,
    values: opts.values ?? settingsFormData(group, ctx.settings),
    metadata: withListsShown(fields, meta.listsShown),
    notice: opts.notice,
    years: holidayYears(ctx),
    revision: meta.revision,
  });
}

/** Opens the group picker (admins only: the service refuses anyone else). */
export async function openSettings(
  deps: { services: { settings: { assertAdmin(ctx: Ctx): void } } },
  ctx: Ctx,
  client: WebClient,
  triggerId: string,
  meta: SettingsMeta,
  group?: SettingsGroup,
): Promise<void> {
  deps.services.settings.assertAdmin(ctx);
  await client.views.open({
    trigger_id: triggerId,
    view: group ? groupView(ctx, group, meta) : chooserView(ctx, meta),
  });
}
