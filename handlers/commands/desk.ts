// Usage: /desk settings [group] | /desk settings history | /desk roles | /desk privacy ... | /desk help
import { markdown } from '../../src/ui/blocks.js';
import {
  eraseConfirmModal,
  privacyLogMessage,
  subjectExportMessage,
} from '../../src/ui/privacy.js';
import { rolesModal } from '../../src/ui/roles.js';
import { rolesOf } from '../../src/workspace/roles.js';
import { COMMANDS } from '../../src/ui/ids.js';
import { settingsHistoryMessage } from '../../src/ui/settings.js';
import { SETTINGS_GROUPS, type SettingsGroup } from '../../src/workspace/settings.js';
import type { HandlerDeps } from '../deps.js';
import { openSettings } from '../settings.js';
import type { CommandSpec, Subcommand } from './router.js';

/**
 * `/desk`: running the desk from Slack: its settings and its roles. Admins only (the services
 * refuse anyone else).
 */
export function deskCommand(deps: HandlerDeps): CommandSpec {
  const settings: Subcommand = {
    name: 'settings',
    usage: '/desk settings [history | <group>]',
    summary: 'help.desk.settings',
    async run({ args, command, rest, ctx, reply }) {
      const word = rest.trim().toLowerCase();
      if (word === 'history') {
        const { items, total } = await deps.services.settings.history(ctx);
        await reply(settingsHistoryMessage(ctx.t, items, total, ctx.settings.timeZone));
        return;
      }
      if (word && !(SETTINGS_GROUPS as readonly string[]).includes(word)) {
        deps.services.settings.assertAdmin(ctx);
        const text = ctx.t('settings.unknownGroup', {
          group: word.slice(0, 32),
          valid: ['history', ...SETTINGS_GROUPS].join(', '),
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

  const roles: Subcommand = {
    name: 'roles',
    usage: '/desk roles',
    summary: 'help.desk.roles',
    async run({ args, command, ctx }) {
      // Refused (an ephemeral explanation) before any form is shown.
      deps.services.settings.assertMayEditRoles(ctx);
      await args.client.views.open({
        trigger_id: command.trigger_id,
        view: rolesModal(
          ctx.t,
          rolesOf(ctx.settings),
          JSON.stringify({ responseUrl: command.response_url }),
        ),
      });
    },
  };

  /**
   * `/desk privacy export|erase C2026001 [contact name]` and `/desk privacy log`: data-subject
   * requests and the privacy log, admins only (the service refuses anyone else). Erase asks
   * first, in a modal naming what will go.
   */
  const privacy: Subcommand = {
    name: 'privacy',
    usage: '/desk privacy export|erase C2026001 [contact] | log',
    summary: 'help.desk.privacy',
    async run({ args, command, rest, ctx, reply }) {
      const [verb = '', code = '', ...contactWords] = rest.trim().split(/\s+/);
      const contact = contactWords.join(' ').slice(0, 60) || undefined;
      const usage = () => {
        const text = ctx.t('privacy.usage');
        return reply({ text, blocks: [markdown(text)] });
      };
      if (verb === 'log') {
        const { items, total } = await deps.services.dataSubjects.log(ctx, 20);
        await reply(privacyLogMessage(ctx.t, items, total, ctx.settings.timeZone));
        return;
      }
      if (!code || (verb !== 'export' && verb !== 'erase')) return usage();
      if (verb === 'export') {
        await reply(
          subjectExportMessage(ctx.t, await deps.services.dataSubjects.export(ctx, code, contact)),
        );
        return;
      }
      const plan = await deps.services.dataSubjects.plan(ctx, code, contact);
      await args.client.views.open({
        trigger_id: command.trigger_id,
        view: eraseConfirmModal(
          ctx.t,
          plan,
          JSON.stringify({ code: plan.code, contact, responseUrl: command.response_url }),
        ),
      });
    },
  };

  return {
    command: COMMANDS.desk,
    title: 'help.desk.title',
    subcommands: [settings, roles, privacy],
  };
}
