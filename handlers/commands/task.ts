// Usage: /task new [customer code] | /task mine | /task help
import { COMMANDS } from '../../src/ui/ids.js';
import type { HandlerDeps } from '../deps.js';
import { myTasksPage } from '../tasks.js';
import { newTaskView } from '../views/task-new.js';
import type { CommandSpec, Subcommand } from './router.js';

export function taskCommand(deps: HandlerDeps): CommandSpec {
  const create: Subcommand = {
    name: 'new',
    usage: '/task new [C2026001]',
    summary: 'help.task.new',
    words: 1,
    async run({ args, command, rest, ctx }) {
      const code = rest.trim().split(/\s+/)[0];
      // A code given: that customer is picked (refused here, before the modal, if unknown or
      // not one the caller may plan tasks for).
      const customer = code ? await deps.services.tasks.customerToPlanFor(ctx, code) : undefined;
      await args.client.views.open({
        trigger_id: command.trigger_id,
        view: newTaskView(ctx, {
          responseUrl: command.response_url,
          ...(customer ? { customer: { code: customer.code, name: customer.name } } : {}),
        }),
      });
    },
  };
  const mine: Subcommand = {
    name: 'mine',
    usage: '/task mine',
    summary: 'help.task.mine',
    words: 0,
    async run({ ctx, reply }) {
      await reply(await myTasksPage(deps, ctx));
    },
  };
  return { command: COMMANDS.task, title: 'help.task.title', subcommands: [create, mine] };
}
