// Usage: npm run admins -- --team T0123ABCD [--add U0123ABCD]
// The operator's way back in when a workspace has no admin left (the only one left the company,
// or was deactivated): nobody could change settings or roles again from Slack, and
// ADMIN_USER_IDS seeds only a new workspace. Lists the workspace's desk admins; with --add, makes
// that Slack user an admin too (logged in `/desk settings history`, applied on every instance
// within seconds). The first admin stands in for a guest owner when there is no manager: the
// write marks the guest owners' moves owed (`standInsOwed`), which the app's outbox job makes.
import { z } from 'zod';
import { homeReaders, refreshSavedHomes } from '../flows/settings.js';
import { listParams } from '../i18n/index.js';
import {
  jobContext,
  outboxNotifiers,
  parsedArgs,
  runCli,
  teamIdArg,
  userIdArg,
  withServices,
  type Say,
} from './shared.js';

const argsSchema = z.object({ team: teamIdArg, add: userIdArg.optional() });

async function main(say: Say): Promise<number> {
  const usage = say('cli.admins.usage');
  const a = parsedArgs(
    { options: { team: { type: 'string' }, add: { type: 'string' } } },
    argsSchema,
    (read) => read.values,
    usage,
    say,
  );
  if (typeof a === 'number') return a;
  return withServices(async (services, log) => {
    const ctx = await jobContext(services, a.team, log, say);
    if (typeof ctx === 'number') return ctx;
    if (a.add) {
      // An id the desk does not know (no role, owns no customer): maybe a typo, which the tool
      // cannot ask Slack about. Added as given, and said (as the import says of such an Owner).
      const known = await services.customers.userKnown(ctx, a.add);
      const added = await services.settings.addAdmin(ctx, a.add);
      // The Homes the same change made with /desk roles redraws (SettingsFlows.saveRoles): the
      // new admin's, the admins', and, as every Home names the admins (and says while there is
      // none), those opened lately and the roles' people: through the outbox, which the
      // running app delivers.
      if (added) {
        const after = await services.workspaces.settings(a.team);
        await refreshSavedHomes(outboxNotifiers(services.outbox), ctx, [
          a.add,
          ...after.admins,
          ...(await homeReaders(services.outbox, ctx, after)),
        ]);
      }
      const params = { user: a.add, team: a.team };
      process.stdout.write(
        `${added ? say('cli.admins.added', params) : say('cli.admins.already', params)}\n`,
      );
      if (added && !known) process.stdout.write(`${say('cli.admins.unknown', params)}\n`);
      return 0;
    }
    const { admins } = await services.workspaces.settings(a.team);
    process.stdout.write(
      `${
        admins.length
          ? say('cli.admins.list', { team: a.team, ...listParams(say.locale, { admins }) })
          : say('cli.admins.none', { team: a.team })
      }\n`,
    );
    return 0;
  });
}

runCli('admins', main);
