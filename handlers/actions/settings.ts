import type { WebClient } from '@slack/web-api';
import { z } from 'zod';
import type { Ctx } from '../../src/context.js';
import { AppError } from '../../src/errors.js';
import {
  parsePayload,
  formData,
  initialFormData,
  readMetadata,
  viewActionSchema,
} from '../../src/slack/payloads.js';
import { HOME, SETTINGS } from '../../src/ui/ids.js';
import type { Mrkdwn } from '../../src/ui/text.js';
import { formatGreetingDays, defaultGreetingDays } from '../../src/workspace/greeting-days.js';
import { carryListsShown, dateWords, datesOfWord, MAX_DATES } from '../../src/workspace/form.js';
import { SETTINGS_GROUPS, type SettingsGroup } from '../../src/workspace/settings.js';
import type { HandlerDeps } from '../deps.js';
import { groupView, openSettings } from '../settings.js';
import { readButton } from './card-button.js';

const groupSchema = z.enum(SETTINGS_GROUPS);

/** A settings modal's inputs by field (a redrawn one's block ids carry its revision: `holidays~1`). */
const byField = (data: Record<string, string | undefined>) =>
  Object.fromEntries(
    Object.entries(data).map(([block, text]) => [block.replace(/~\d+$/, ''), text]),
  );

/** The settings modal of `group` a button in it was clicked in, with its metadata. */
function groupModalOf(body: unknown, group: SettingsGroup) {
  const { view } = parsePayload(viewActionSchema, body);
  const meta = readMetadata(view.private_metadata);
  if (meta.settingsGroup !== group) throw new AppError('INVALID_INPUT', 'error.unreadable');
  return { view, meta };
}

/**
 * `group`'s modal drawn again in place with `values` (not saved) and `notice`: new block ids, so
 * that Slack shows them instead of what was typed, and what the lists showed when the modal
 * opened carried over (its save merges them from it).
 */
async function redrawGroup(
  client: WebClient,
  ctx: Ctx,
  { view, meta }: ReturnType<typeof groupModalOf>,
  group: SettingsGroup,
  opts: { values: Record<string, string | undefined>; notice: Mrkdwn },
): Promise<void> {
  await client.views.update({
    view_id: view.id,
    ...(view.hash ? { hash: view.hash } : {}),
    view: groupView(
      ctx,
      group,
      {
        responseUrl: meta.responseUrl,
        parentView: meta.parentView,
        parentProof: meta.parentProof,
        settingsShown: meta.settingsShown,
        listsShown: carryListsShown(
          byField(initialFormData(view)),
          meta.settingsShown,
          meta.listsShown,
          opts.values,
        ),
        revision: (meta.revision ?? 0) + 1,
      },
      opts,
    ),
  });
}

/** Settings on an admin's App Home: the same group picker as `/desk settings`. */
export function homeSettingsOpen(deps: HandlerDeps) {
  return readButton(HOME.settingsOpen, deps, async ({ args, action }, ctx) => {
    await openSettings(deps, ctx, args.client, action.trigger_id, {});
  });
}

/**
 * Edit on a group in the picker: the group's modal, pushed on top of the picker (which is
 * refreshed when the group is saved); from anywhere else, opened on its own.
 */
export function settingsEdit(deps: HandlerDeps) {
  return readButton(SETTINGS.editButton, deps, async ({ args, action, value }, ctx) => {
    const group = parsePayload(groupSchema, value);
    deps.services.settings.assertAdmin(ctx);
    // In the picker (a modal) the click carries its view, which must then parse; else none.
    const inView = 'view' in args.body ? parsePayload(viewActionSchema, args.body) : undefined;
    if (inView) {
      const { id, private_metadata } = inView.view;
      const { responseUrl } = readMetadata(private_metadata);
      await args.client.views.push({
        trigger_id: action.trigger_id,
        // The picker its save redraws, signed for this admin: no other view is redrawn.
        view: groupView(ctx, group, {
          responseUrl,
          ...deps.modalProofs.parent({ teamId: ctx.teamId, userId: ctx.actor }, id),
        }),
      });
      return;
    }
    await args.client.views.open({
      trigger_id: action.trigger_id,
      view: groupView(ctx, group, { responseUrl: action.response_url }),
    });
  });
}

/**
 * "Load public holidays of YEAR" in the holidays modal: China's statutory holidays and make-up
 * working days of that year added to what is in the modal now (typed and not yet saved, kept),
 * drawn again for the admin to check and save. Nothing is saved here.
 */
export function settingsLoadHolidays(deps: HandlerDeps) {
  return readButton(SETTINGS.loadHolidays, deps, async ({ args, value }, ctx) => {
    const year = parsePayload(z.coerce.number().int().min(2000).max(2100), value);
    const { view, meta } = groupModalOf(args.body, 'holidays');
    const loaded = deps.flows.settings.publicHolidays(ctx, year);
    const typed = byField(formData(view));
    // The dates already there as typed (`2026-1-1` is 2026-01-01, a range each of its days), so
    // none is added twice.
    const datesIn = (text: string) => dateWords(text).flatMap((w) => datesOfWord(w) ?? [w]);
    const merge = (text: string | undefined, dates: string[]) => {
      const have = new Set(datesIn(text ?? ''));
      const missing = dates.filter((d) => !have.has(d));
      return [...(text?.trim() ? [text.trim()] : []), ...missing].join('\n');
    };
    const none = !loaded.holidays.length && !loaded.extraWorkdays.length;
    const merged = {
      holidays: merge(typed.holidays, loaded.holidays),
      extra_workdays: merge(typed.extra_workdays, loaded.extraWorkdays),
    };
    // A list that would no longer fit its input (or be saved) is left as typed, and the admin
    // told to remove past years first.
    const full = Object.values(merged).some(
      (text) => text.length > 3000 || new Set(datesIn(text)).size > MAX_DATES,
    );
    const values = full ? typed : { ...typed, ...merged };
    const notice = none
      ? ctx.t('settings.holidays.none', { year })
      : full
        ? ctx.t('settings.holidays.full', { year, max: MAX_DATES })
        : ctx.t('settings.holidays.loaded', {
            year,
            holidays: loaded.holidays.length,
            workdays: loaded.extraWorkdays.length,
          });
    await redrawGroup(args.client, ctx, { view, meta }, 'holidays', { values, notice });
  });
}

/**
 * "Restore the default days" in the greetings modal: the list drawn again with the five default
 * days (what else was typed is dropped), for the admin to check and save. Nothing is saved here.
 */
export function settingsRestoreGreetings(deps: HandlerDeps) {
  return readButton(SETTINGS.restoreGreetings, deps, async ({ args }, ctx) => {
    deps.services.settings.assertAdmin(ctx);
    const { view, meta } = groupModalOf(args.body, 'greetings');
    const values = {
      greeting_days: formatGreetingDays(defaultGreetingDays(), ctx.settings.locale),
    };
    await redrawGroup(args.client, ctx, { view, meta }, 'greetings', {
      values,
      notice: ctx.t('settings.greetings.restored'),
    });
  });
}
