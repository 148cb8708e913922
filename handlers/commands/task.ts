// Usage: /task new [customer code] | /task mine [approve] | /task team | /task help
import { COMMANDS } from '../../src/ui/ids.js';
import type { HandlerDeps } from '../deps.js';
import { extraWordsMessage } from '../../src/ui/help.js';
import { myTasksPage, teamPage, toApprovePage } from '../tasks.js';
import { newTaskView } from '../views/task-new.js';
import { keyword, modalSubcommand, type CommandSpec, type Subcommand } from './router.js';

export function taskCommand(deps: HandlerDeps): CommandSpec {
  const create = modalSubcommand(
    {
      name: 'new',
      usage: '/task new [C2026001]',
      summary: 'help.task.new',
      words: 1,
      permission: 'customer.planTask',
    },
    async ({ command, rest, ctx }) => {
      const code = rest.trim().split(/\s+/)[0];
      // A code given: that customer is picked (refused here, before the modal, if unknown or
      // not one the caller may plan tasks for); none: refused here if they may plan a task for
      // no customer at all.
      const customer = code
        ? await deps.services.tasks.customerToPlanFor(ctx, code)
        : await deps.services.tasks.assertMayPlanSome(ctx);
      return newTaskView(ctx, {
        responseUrl: command.response_url,
        ...(customer ? { customer: { code: customer.code, name: customer.name } } : {}),
      });
    },
  );
  const mine: Subcommand = {
    name: 'mine',
    usage: '/task mine [approve]',
    reads: true,
    summary: 'help.task.mine',
    words: 1,
    async run({ ctx, rest, reply }) {
      // `approve` (full-width too): every open task the caller signs off, in pages.
      const typed = keyword(rest.trim()).toLowerCase();
      if (typed === 'approve') return reply(await toApprovePage(deps, ctx));
      if (typed)
        return reply(
          extraWordsMessage(ctx.t, rest.trim(), { usage: mine.usage, summary: mine.summary }),
        );
      await reply(await myTasksPage(deps, ctx));
    },
  };
  // A manager's (an admin's): their team's open tasks, overdue first, each with its menu; the
  // overdue list's "…and N more" names it. Refused by the service to anyone else.
  const team: Subcommand = {
    name: 'team',
    usage: '/task team',
    reads: true,
    summary: 'help.task.team',
    words: 0,
    permission: 'task.seeTeam',
    listedToPermitted: true,
    async run({ ctx, reply }) {
      await reply(await teamPage(deps, ctx));
    },
  };
  return {
    command: COMMANDS.task,
    title: 'help.task.title',
    subcommands: [create, mine, team],
  };
}
