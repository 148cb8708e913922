// Usage: /desk roles | /desk help
import { rolesModal } from '../../src/ui/roles.js';
import { COMMANDS } from '../../src/ui/ids.js';
import { rolesOf } from '../../src/workspace/roles.js';
import type { HandlerDeps } from '../deps.js';
import type { CommandSpec, Subcommand } from './router.js';

/** `/desk`: running the desk from Slack (admins). */
export function deskCommand(deps: HandlerDeps): CommandSpec {
  const roles: Subcommand = {
    name: 'roles',
    usage: '/desk roles',
    summary: 'help.desk.roles',
    async run({ args, command, ctx }) {
      // Refused (an ephemeral explanation) before any form is shown.
      deps.services.workspaces.assertMayEditRoles(ctx);
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
  return { command: COMMANDS.desk, title: 'help.desk.title', subcommands: [roles] };
}
