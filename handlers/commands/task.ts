// Usage: /task mine | /task help
import { COMMANDS } from '../../src/ui/ids.js';
import { myTasks } from '../../src/ui/task.js';
import type { HandlerDeps } from '../deps.js';
import type { CommandSpec, Subcommand } from './router.js';

/** Tasks shown by `/task mine` (the rest are counted). */
const MINE_LIMIT = 20;

export function taskCommand(deps: HandlerDeps): CommandSpec {
  const mine: Subcommand = {
    name: 'mine',
    usage: '/task mine',
    summary: 'help.task.mine',
    async run({ ctx, reply }) {
      const { items, total } = await deps.services.tasks.openFor(ctx, ctx.actor, MINE_LIMIT);
      await reply(myTasks(ctx.t, items, total, ctx.today));
    },
  };
  return { command: COMMANDS.task, title: 'help.task.title', subcommands: [mine] };
}
