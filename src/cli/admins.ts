// Usage: npm run admins -- --team T0123ABCD [--add U0123ABCD]
// The operator's way back in when a workspace has no admin left (the only one left the company,
// or was deactivated): nobody could change settings or roles again from Slack, and
// ADMIN_USER_IDS seeds only a new workspace. Lists the workspace's desk admins; with --add, makes
// that Slack user an admin too (logged in `/desk settings history`, applied on every instance
// within seconds).
import { z } from 'zod';
import { SYSTEM_ACTOR } from '../context.js';
import {
  ARGS_PARSE,
  readArgs,
  refuseArguments,
  runCli,
  teamIdArg,
  userIdArg,
  teamContext,
  withServices,
} from './shared.js';

const USAGE = 'Usage: admins --team T0123ABCD [--add U0123ABCD]';

const argsSchema = z.object({ team: teamIdArg, add: userIdArg.optional() });

async function main(): Promise<number> {
  const read = readArgs({ options: { team: { type: 'string' }, add: { type: 'string' } } }, USAGE);
  if (typeof read === 'number') return read;
  const parsed = argsSchema.safeParse(read.values, ARGS_PARSE);
  if (!parsed.success) return refuseArguments(parsed.error, USAGE);
  const a = parsed.data;
  return withServices(async (services, log) => {
    const ctx = await teamContext(services, {
      teamId: a.team,
      actor: SYSTEM_ACTOR,
      now: new Date(),
      log,
      origin: 'job',
    });
    if (typeof ctx === 'number') return ctx;
    if (a.add) {
      const added = await services.settings.addAdmin(ctx, a.add);
      process.stdout.write(
        added
          ? `${a.add} is now an admin of ${a.team}\n`
          : `${a.add} is an admin of ${a.team} already; nothing changed\n`,
      );
      return 0;
    }
    const { admins } = await services.workspaces.settings(a.team);
    process.stdout.write(
      admins.length
        ? `admins of ${a.team}: ${admins.join(', ')}\n`
        : `${a.team} has no admin; add one with --add U0123ABCD\n`,
    );
    return 0;
  });
}

runCli('admins', main);
