// Usage: /desk settings [group] | /desk settings history | /desk roles
//        | /desk report week|month|quarter [period] | /desk help
import { markdown, textMessage } from '../../src/ui/blocks.js';
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

  const report: Subcommand = {
    name: 'report',
    usage: '/desk report week|month|quarter [period]',
    summary: 'help.desk.report',
    async run({ args, rest, ctx, reply }) {
      // Refused (an ephemeral explanation) before anything is read or built.
      deps.services.reports.assertMayRead(ctx);
      const window = deps.flows.reports.period(ctx, rest);
      // A long report with its chart goes to the asker's DM with the desk (private, kept).
      const dm = await args.client.conversations.open({ users: ctx.actor });
      await deps.flows.reports.ask(ctx, window, dm.channel?.id ?? ctx.actor);
      await reply(textMessage(ctx.t('report.sent', { period: window.period })));
    },
  };

  return {
    command: COMMANDS.desk,
    title: 'help.desk.title',
    subcommands: [settings, roles, report],
  };
}
