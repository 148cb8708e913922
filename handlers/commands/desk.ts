// Usage: /desk settings [group] | /desk settings history | /desk roles | /desk handover | /desk channel ...
//        | /desk privacy export|erase C2026001 [contact] | user:U0456EFGH, /desk privacy log
//        | /desk report week|month|quarter [period] | /desk help
import {
  emojiName,
  INTAKE_MODES,
  sharedOutside,
  type IntakeMode,
} from '../../src/channel/types.js';
import { clipAtCharacter, typedExcerpt } from '../../src/text/clip.js';
import { foldCode } from '../../src/customer/rules.js';
import { errorModal, markdown, textMessage } from '../../src/ui/blocks.js';
import { AppError } from '../../src/errors.js';
import { readsOnly } from '../../src/slack/boundary.js';
import { channelLinkMessage, channelMessage, linkedMessage } from '../../src/ui/channel.js';
import { privacyUserArgSchema } from '../../src/slack/payloads.js';
import {
  PRIVACY_LOG_DEFAULT,
  PRIVACY_LOG_FILTERS,
  privacyLogFilter,
} from '../../src/privacy/types.js';
import { escape, join, keep, mention } from '../../src/ui/text.js';
import {
  aboutWhom,
  eraseConfirmModal,
  eraseUserConfirmModal,
  privacyLogMessage,
  subjectExportComment,
  subjectExportFailed,
  subjectExportMaybeShared,
  subjectExportFiles,
  subjectExportPreparing,
  subjectExportSent,
} from '../../src/ui/privacy.js';
import { failureReason, shareFiles, shareUnanswered, UploadFailed } from '../../src/slack/files.js';
import { localDate } from '../../src/time.js';
import { periodName } from '../../src/i18n/period.js';
import { handoverModal } from '../../src/ui/handover.js';
import { COMMANDS } from '../../src/ui/ids.js';
import { settingsHistoryMessage } from '../../src/ui/settings.js';
import { SETTINGS_GROUPS, type SettingsGroup } from '../../src/workspace/settings.js';
import { rolesModalNow } from '../actions/roles.js';
import type { HandlerDeps } from '../deps.js';
import { openSettings } from '../settings.js';
import { channelToLink } from '../views/customer-channel.js';
import { keyword, modalSubcommand, unquote, type CommandSpec, type Subcommand } from './router.js';

/**
 * `/desk`: running the desk from Slack: its settings and its roles. Admins only (the services
 * refuse anyone else).
 */
export function deskCommand(deps: HandlerDeps): CommandSpec {
  const settings: Subcommand = {
    name: 'settings',
    permission: 'settings.edit',
    usage: '/desk settings [history | <group>]',
    // The history, or a modal opened: the save is the modal's own listener.
    reads: true,
    summary: 'help.desk.settings',
    words: 1,
    async run({ args, command, rest, ctx, reply }) {
      const typed = keyword(rest.trim()).toLowerCase();
      // A group typed in the singular or cut short (`holiday`, `channel`): the one it starts.
      const starting = SETTINGS_GROUPS.filter((g) => typed.length >= 3 && g.startsWith(typed));
      const word = starting.length === 1 && typed !== 'history' ? starting[0]! : typed;
      if (word === 'history') {
        const { items, total } = await deps.services.settings.history(ctx);
        await reply(settingsHistoryMessage(ctx.t, items, total, ctx.settings.timeZone));
        return;
      }
      if (word && !(SETTINGS_GROUPS as readonly string[]).includes(word)) {
        deps.services.settings.assertAdmin(ctx);
        // Each word to type, with its name in the reader's language beside it.
        const choices = (['history', ...SETTINGS_GROUPS] as const).map((group) =>
          ctx.t('settings.groupChoice', {
            group,
            label: ctx.t.plain(
              group === 'history' ? 'settings.history.title' : `settings.group.${group}`,
            ),
          }),
        );
        const text = ctx.t('settings.unknownGroup', {
          group: clipAtCharacter(word, 32, ''),
          valid: keep(join(choices, ctx.t.plain('common.listSeparator'))),
        });
        await reply({ text, blocks: [markdown(text)] });
        return;
      }
      await openSettings(
        deps,
        ctx,
        args.client,
        command.trigger_id,
        { responseUrl: command.response_url },
        (word || undefined) as SettingsGroup | undefined,
      );
    },
  };

  const roles = modalSubcommand(
    {
      name: 'roles',
      permission: 'roles.edit',
      usage: '/desk roles',
      summary: 'help.desk.roles',
      words: 0,
    },
    ({ command, ctx }) => {
      deps.services.settings.assertMayEditRoles(ctx);
      return rolesModalNow(ctx, { responseUrl: command.response_url });
    },
  );

  /**
   * `/desk channel link <customer> [all | emoji [:name:] | shortcut]`, `unlink`, or nothing to
   * see the link, run in the channel itself. The app must be a member to read its messages:
   * conversations.info says so (and whether it is shared with another organisation).
   */
  const channel: Subcommand = {
    name: 'channel',
    permission: 'channel.link',
    usage: '/desk channel [link <customer> [all | emoji [:name:] | shortcut] | unlink]',
    summary: 'help.desk.channel',
    async run({ args, command, rest, ctx, reply }) {
      const channels = deps.services.channels;
      channels.assertMayLink(ctx);
      const channelId = command.channel_id;
      const [typedVerb = '', code, typedMode, emoji] = rest.trim().split(/\s+/).filter(Boolean);
      const verb = keyword(typedVerb).toLowerCase();
      const mode = typedMode === undefined ? undefined : keyword(typedMode);
      if (!verb) {
        // The link shown: nothing is changed.
        readsOnly(args);
        const link = await channels.forChannel(ctx, channelId);
        await reply(
          link
            ? channelLinkMessage(ctx.t, link, 'channel.show', ctx.settings.timeZone)
            : channelMessage(ctx.t('channel.show.none', { channel: channelId })),
        );
        return;
      }
      if (verb === 'unlink') {
        // Asked of Slack only for a former desk channel cleared as shared; Slack not saying
        // (refused, failed): still shared, the safe side.
        const { relisted, ...link } = await channels.unlink(ctx, channelId, async () => {
          try {
            const info = (await args.client.conversations.info({ channel: channelId })).channel;
            return !info || sharedOutside(info);
          } catch (err) {
            const error = (err as { data?: { error?: string } }).data?.error;
            ctx.log.info({ error }, 'conversations.info refused at unlink: taken as shared');
            return true;
          }
        });
        await reply(
          channelMessage(
            // Still shared and listed as cleared again: its old tickets are told by DM now.
            ctx.t(relisted ? 'channel.unlinkedShared' : 'channel.unlinked', {
              channel: channelId,
              customer: link.customerName,
            }),
          ),
        );
        return;
      }
      if (verb !== 'link' || !code) {
        await reply(channelMessage(ctx.t('channel.usage')));
        return;
      }
      const intake = (mode?.toLowerCase() ?? undefined) as IntakeMode | undefined;
      const named = emoji === undefined ? undefined : emojiName(emoji);
      if (
        (intake !== undefined && !INTAKE_MODES.includes(intake)) ||
        (emoji !== undefined && (intake !== 'emoji' || !named))
      ) {
        await reply(
          channelMessage(
            ctx.t('channel.badIntake', { word: typedExcerpt(emoji ?? mode ?? '', 40) }),
          ),
        );
        return;
      }
      const refusal = channels.linkRefusal(ctx, channelId);
      if (refusal) {
        await reply(
          channelMessage(
            ctx.t(refusal === 'direct' ? 'channel.direct' : 'channel.ownChannel', {
              channel: channelId,
            }),
          ),
        );
        return;
      }
      const info = await channelToLink(args.client, channelId, ctx.log);
      if (info?.is_im || info?.is_mpim) {
        await reply(channelMessage(ctx.t('channel.direct', { channel: channelId })));
        return;
      }
      if (!info?.is_member) {
        await reply(channelMessage(ctx.t('channel.notMember', { channel: channelId })));
        return;
      }
      const link = await channels.link(ctx, {
        channelId,
        customerCode: code,
        ...(intake ? { intake } : {}),
        ...(named ? { emoji: named } : {}),
        // Judged as everywhere else (`sharedOutside`): an invitation to another organisation
        // pending counts, a channel shared only within the desk's own Grid org does not.
        shared: sharedOutside(info),
        // Shared only by a pending invitation: Slack's events do not say so (not taken back).
        pending: Boolean(info.is_pending_ext_shared && !info.is_ext_shared),
      });
      ctx.log.info(
        { channel: channelId, customer: link.customerCode, intake: link.intake },
        'channel linked',
      );
      await reply(linkedMessage(ctx.t, link));
    },
  };

  const report: Subcommand = {
    name: 'report',
    usage: '/desk report week|month|quarter [period]',
    summary: 'help.desk.report',
    permission: 'report.view',
    async run({ args, rest, ctx, reply }) {
      // Refused (an ephemeral explanation) before anything is read or built.
      deps.services.reports.assertMayRead(ctx);
      const window = deps.flows.reports.period(ctx, rest);
      // A period before the desk served the workspace is refused before the DM is opened.
      await deps.flows.reports.assertServed(ctx, window);
      // A long report with its chart goes to the asker's DM with the desk (private, kept).
      const dm = await args.client.conversations.open({ users: ctx.actor });
      await deps.flows.reports.ask(ctx, window, dm.channel?.id ?? ctx.actor);
      await reply(textMessage(ctx.t('report.sent', { period: periodName(ctx.t, window.period) })));
    },
  };

  /**
   * `/desk privacy export|erase C2026001 [contact name]`, `/desk privacy export|erase
   * user:U0456EFGH` (a person in Slack by member ID or mention; export also with a customer)
   * and `/desk privacy log`: data-subject requests and the privacy log, admins only (the service
   * refuses anyone else). Erase asks first, in a modal naming what will go.
   */
  const privacy: Subcommand = {
    name: 'privacy',
    permission: 'privacy.manage',
    usage:
      '/desk privacy export|erase C2026001 [contact] | /desk privacy export|erase user:U0456EFGH | /desk privacy log [erase|export|retention|view] [user:U0456EFGH]',
    summary: 'help.desk.privacy',
    async run({ args, command, rest, ctx, reply }) {
      // A person in Slack, `user:` and their member ID or mention, anywhere after the verb.
      const words = rest
        .trim()
        .replace(/\buser:\s+/i, 'user:')
        .split(/\s+/);
      const userWord = words.findIndex((w, i) => i > 0 && /^user:/i.test(w));
      const typedUser = userWord > 0 ? words.splice(userWord, 1)[0]! : undefined;
      const [typedVerb = '', code = '', ...contactWords] = words;
      const verb = keyword(typedVerb).toLowerCase();
      const contact = clipAtCharacter(unquote(contactWords.join(' ')), 60, '') || undefined;
      const usage = () => {
        const text = ctx.t('privacy.usage');
        return reply({ text, blocks: [markdown(text)] });
      };
      // `user:` names a Slack user: refused before the id is read (the same permission as the
      // rest of the command), then parsed.
      let user: string | undefined;
      if (typedUser !== undefined) {
        deps.services.dataSubjects.assertMayManage(ctx);
        const parsed = privacyUserArgSchema.safeParse(typedUser);
        if (!parsed.success) {
          const text = ctx.t('privacy.error.notAUser');
          return reply({ text, blocks: [markdown(text)] });
        }
        user = parsed.data;
      }
      if (verb === 'log') {
        // `user:` lists the entries about that person (their `userKey`), as the CLI's --user; a
        // kind (erase, export, retention, view) those alone; without one, all but views, which
        // would drown the rest.
        const kind = code ? privacyLogFilter(keyword(code).toLowerCase()) : undefined;
        if ((code && !kind) || contactWords.length) return usage();
        const { items, total } = await deps.services.dataSubjects.log(
          ctx,
          20,
          user,
          kind ? PRIVACY_LOG_FILTERS[kind] : PRIVACY_LOG_DEFAULT,
        );
        await reply(privacyLogMessage(ctx.t, items, total, ctx.settings.timeZone, kind));
        return;
      }
      if ((!code && !typedUser) || (verb !== 'export' && verb !== 'erase')) return usage();
      if (verb === 'export') {
        // Refused before anything is read; then said at once, as building it may take a while.
        const subjects = deps.services.dataSubjects;
        subjects.assertMayManage(ctx);
        const typed = code
          ? `${clipAtCharacter(foldCode(code), 20, '')}${contact ? ` ${contact}` : ''}`
          : '';
        const asked = user
          ? keep(join(typed ? [escape(typed), mention(user)] : [mention(user)], ' '))
          : typed;
        await reply(subjectExportPreparing(ctx.t, asked));
        const result = await subjects.export(ctx, code || undefined, contact, user, {
          toSlack: true,
        });
        /** Slack's answer on the export's log entry; a failure to write it is only logged. */
        const settle = async (outcome: { delivered: boolean | null; error?: string }) => {
          try {
            await subjects.delivered(ctx, result.logId, outcome);
          } catch (err) {
            ctx.log.warn({ err, subject: result.subject }, 'export delivery not logged');
          }
        };
        // The files, in full, go only to the admin: shared in their DM with the desk.
        try {
          const dm = await args.client.conversations.open({ users: ctx.actor });
          const channel = dm.channel?.id;
          if (!channel) throw new UploadFailed('no_dm');
          const files = subjectExportFiles(
            ctx.t,
            result,
            localDate(ctx.now, ctx.settings.timeZone),
          );
          await shareFiles(
            args.client,
            { channel, comment: subjectExportComment(ctx.t, result) },
            files,
          );
        } catch (err) {
          const reason = failureReason(err);
          // The share itself ended with no answer from Slack (its time limit, a request error,
          // an HTTP 5xx): Slack may have shared the files. Said so, and logged as unknown.
          if (shareUnanswered(err)) {
            ctx.log.warn(
              { err, subject: result.subject, reason },
              'export files may have been shared: Slack did not answer the share',
            );
            await settle({ delivered: null, error: reason });
            await reply(subjectExportMaybeShared(ctx.t, aboutWhom(ctx.t, result), reason));
            return;
          }
          ctx.log.warn({ err, subject: result.subject, reason }, 'export files not shared');
          await settle({ delivered: false, error: reason });
          await reply(subjectExportFailed(ctx.t, aboutWhom(ctx.t, result), reason));
          return;
        }
        ctx.log.info({ subject: result.subject, documents: result.documents }, 'export shared');
        await settle({ delivered: true });
        await reply(subjectExportSent(ctx.t, result));
        return;
      }
      const subjects = deps.services.dataSubjects;
      if (user) {
        // A person in Slack is erased on their own: with a customer, the usage.
        if (code) return usage();
        // As for a contact: the modal at once (the trigger expires in 3 s), from the indexes
        // only (their roles, the tickets they requested); then their entries, whether they ever
        // worked on the desk, and the events inbox (reads of whole collections) counted into it.
        const plan = await subjects.planUser(ctx, user, { quick: true });
        const metadata = JSON.stringify({ subjectUser: user, responseUrl: command.response_url });
        const opened = await args.client.views.open({
          trigger_id: command.trigger_id,
          view: eraseUserConfirmModal(ctx.t, plan, metadata),
        });
        let view;
        try {
          view = eraseUserConfirmModal(ctx.t, await subjects.planUser(ctx, user), metadata);
        } catch (err) {
          // Staff once (found in what they did): the modal says so, with nothing to confirm.
          if (!(err instanceof AppError) || err.messageKey !== 'privacy.error.userIsStaff')
            throw err;
          view = errorModal(ctx.t, ctx.t(err.messageKey, { user: keep(mention(user)) }));
        }
        try {
          await args.client.views.update({
            view_id: opened.view?.id ?? '',
            ...(opened.view?.hash ? { hash: opened.view.hash } : {}),
            view,
          });
        } catch (err) {
          ctx.log.info({ err }, 'erase confirmation not updated with the count');
        }
        return;
      }
      // The modal opens at once (the trigger expires in 3 s); then other customers' typed text
      // is scanned and the count put in it, before the admin confirms.
      const plan = await subjects.plan(ctx, code, contact, { countElsewhere: false });
      const metadata = JSON.stringify({
        code: plan.code,
        contact,
        responseUrl: command.response_url,
      });
      const opened = await args.client.views.open({
        trigger_id: command.trigger_id,
        view: eraseConfirmModal(ctx.t, plan, metadata, ctx.settings.timeZone),
      });
      const counted = await subjects.plan(ctx, code, contact);
      try {
        await args.client.views.update({
          view_id: opened.view?.id ?? '',
          ...(opened.view?.hash ? { hash: opened.view.hash } : {}),
          view: eraseConfirmModal(ctx.t, counted, metadata, ctx.settings.timeZone),
        });
      } catch (err) {
        // Closed or submitted meanwhile: the erasure itself still scans and says what it did.
        ctx.log.info({ err }, 'erase confirmation not updated with the count');
      }
    },
  };

  /**
   * `/desk handover`: a person's open tickets, tasks and customers handed to another (managers;
   * the service refuses anyone else). The modal asks from whom, to whom and what.
   */
  const handover = modalSubcommand(
    {
      name: 'handover',
      permission: 'team.handover',
      usage: '/desk handover',
      summary: 'help.desk.handover',
      words: 0,
    },
    ({ command, ctx }) => {
      deps.flows.handover.assertMay(ctx);
      return handoverModal(ctx.t, JSON.stringify({ responseUrl: command.response_url }));
    },
  );

  return {
    command: COMMANDS.desk,
    title: 'help.desk.title',
    subcommands: [settings, roles, handover, channel, report, privacy],
  };
}
