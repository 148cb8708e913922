// Usage:
//   npm run privacy -- export --team T0123ABCD --as U0123ABCD --customer C2026001 [--contact 王芳] --out subject (writes subject.json and subject.csv; a .json or .csv ending is dropped)
//   npm run privacy -- export --team T0123ABCD --as U0123ABCD --user U0456EFGH [--customer C2026001] [--contact 王芳] --out subject
//     (a Slack user's tickets as requester, and their timeline entries and survey answers)
//   npm run privacy -- erase --team T0123ABCD --as U0123ABCD --customer C2026001 [--contact 王芳] [--yes]
//   npm run privacy -- erase --team T0123ABCD --as U0123ABCD --user U0456EFGH [--yes]
//   npm run privacy -- log --team T0123ABCD --as U0123ABCD [--kind erase|export|retention|view] [--user U0456EFGH]
//     (with --kind, that kind alone, as `/desk privacy log <kind>`: PRIVACY_LOG_FILTERS)
// --as must be an admin of the workspace; every export and erasure is recorded in the privacy log.
// Reads MONGODB_URI (else the embedded database in DATA_DIR, when the app is not running).
import { z } from 'zod';
import { AppError } from '../errors.js';
import { PrivacyFlows } from '../flows/privacy.js';
import { ErasureLeaseLost, type ErasureLease, type ErasureSubject } from '../privacy/service.js';
import { PRIVACY_LOG_FILTERS, type PrivacyLogFilter } from '../privacy/types.js';
import { SLACK_ID } from '../slack-ids.js';
import { zonedDateTime } from '../time.js';
import { isMessageKey, type MessageKey } from '../i18n/index.js';
import { openPrivateFile, type PrivateFile } from './private-file.js';
import {
  outboxNotifiers,
  parsedArgs,
  refusalText,
  runCli,
  teamIdArg,
  userIdArg,
  teamContext,
  withServices,
  type Say,
} from './shared.js';

const args = z
  .object({
    command: z.enum(['export', 'erase', 'log']),
    team: teamIdArg,
    as: userIdArg,
    customer: z.string().max(20).optional(),
    contact: z.string().max(60).optional(),
    /**
     * A Slack user: exported (their tickets, timeline entries and survey answers), erased, or
     * whose privacy log entries are listed.
     */
    user: z
      .string()
      .regex(SLACK_ID.user, 'cli.args.userId' satisfies MessageKey)
      .optional(),
    out: z.string().optional(),
    yes: z.boolean().default(false),
    /** log: the entries of that kind alone, the words `/desk privacy log <kind>` takes. */
    kind: z
      .enum(Object.keys(PRIVACY_LOG_FILTERS) as [PrivacyLogFilter, ...PrivacyLogFilter[]])
      .optional(),
  })
  .refine(
    (a) => a.command !== 'erase' || a.customer || a.user,
    'cli.privacy.needsCustomer' satisfies MessageKey,
  )
  .refine(
    (a) => a.command !== 'erase' || !a.user || !a.customer,
    'cli.privacy.userEraseAlone' satisfies MessageKey,
  )
  .refine(
    (a) => a.command !== 'export' || a.customer || a.user,
    'cli.privacy.exportNeedsSubject' satisfies MessageKey,
  )
  .refine((a) => !a.contact || a.customer, 'cli.privacy.contactNeedsCustomer' satisfies MessageKey)
  .refine(
    (a) => a.command !== 'log' || (!a.customer && !a.contact),
    'cli.privacy.logByUserOnly' satisfies MessageKey,
  )
  .refine(
    (a) => a.command !== 'export' || a.out,
    'cli.privacy.exportNeedsOut' satisfies MessageKey,
  );

/**
 * `3 tickets, 1 interaction` or `none` (the counts are keyed by collection: each said as the
 * Slack summary of an erasure says it).
 */
function elsewhereLine(say: Say, counts: Record<string, number> = {}): string {
  const parts = Object.entries(counts).map(([k, count]) => {
    const key = `privacy.erase.where.${k}`;
    return isMessageKey(key) ? say(key, { count }) : `${k} ${count}`;
  });
  return parts.length ? parts.join(say('common.listSeparator')) : say('cli.privacy.none');
}

async function main(say: Say): Promise<number> {
  const USAGE = say('cli.privacy.usage');
  const a = parsedArgs(
    {
      allowPositionals: true,
      options: {
        team: { type: 'string' },
        as: { type: 'string' },
        customer: { type: 'string' },
        contact: { type: 'string' },
        user: { type: 'string' },
        out: { type: 'string' },
        yes: { type: 'boolean' },
        kind: { type: 'string' },
      },
    },
    args,
    ({ values, positionals }) => ({ command: positionals[0], ...values }),
    USAGE,
    say,
    // `log --customer` is refused in its own words (logByUserOnly).
    {
      export: ['team', 'as', 'customer', 'contact', 'user', 'out'],
      erase: ['team', 'as', 'customer', 'contact', 'user', 'yes'],
      log: ['team', 'as', 'user', 'kind', 'customer', 'contact'],
    },
  );
  if (typeof a === 'number') return a;
  return withServices(async (services, log) => {
    // A Slack user is known in the log (and an erasure's marks) by a key under the app's secret:
    // without it nothing about them could be found, and an erasure would log them unfound.
    if (a.user && !services.privacyLog.userKeys.keyed) {
      process.stderr.write(`${say('cli.privacy.noPrivacyKey')}\n`);
      return 1;
    }
    const ctx = await teamContext(
      services,
      { teamId: a.team, actor: a.as, now: new Date(), log, origin: 'import' },
      say,
    );
    if (typeof ctx === 'number') return ctx;
    // Keyed under a secret not configured here (PRIVACY_KEY set after the fact, another one):
    // a lookup by user would miss their entries, and an erasure log them unfound.
    if (a.user && (await services.privacyLog.keyUnknown(ctx.teamId))) {
      process.stderr.write(`${say('cli.privacy.privacyKeyUnknown')}\n`);
      return 1;
    }
    const subjects = services.dataSubjects;
    // When in the workspace's zone, as the tools show times.
    const alreadyErased = (code: string, at: Date) =>
      say('cli.privacy.alreadyErased', { code, when: zonedDateTime(at, ctx.settings.timeZone) });
    try {
      if (a.command === 'log') {
        // Without --kind, every kind (views too), as before the option was there.
        const { items } = await subjects.log(
          ctx,
          100,
          a.user,
          a.kind && PRIVACY_LOG_FILTERS[a.kind],
        );
        for (const e of items)
          process.stdout.write(
            `${e.at.toISOString()}\t${e.kind}\t${e.by}\t${e.subject}\t${JSON.stringify(e.detail)}\n`,
          );
        return 0;
      }
      if (a.command === 'export') {
        // Both files opened before the export is made and logged: a path that cannot be written
        // (a link, a folder, another user's file) is said in one line, and nothing is written
        // nor logged as exported (a file the opens made is removed again).
        // --out is the files' stem: `subject.csv` (or `.json`) writes subject.json and
        // subject.csv, not subject.csv.json and subject.csv.csv.
        const stem = a.out!.replace(/\.(json|csv)$/i, '');
        const opened: PrivateFile[] = [];
        let result: Awaited<ReturnType<typeof subjects.export>>;
        try {
          opened.push(openPrivateFile(`${stem}.json`));
          opened.push(openPrivateFile(`${stem}.csv`));
          result = await subjects.export(ctx, a.customer, a.contact, a.user);
        } catch (err) {
          for (const file of opened) file.discard();
          throw err;
        }
        const [json, csv] = opened;
        json!.write(result.json);
        csv!.write(result.csv);
        process.stdout.write(
          `${say('cli.privacy.exported', { count: result.documents, subject: result.subject, json: `${stem}.json`, csv: `${stem}.csv` })}\n`,
        );
        return 0;
      }
      // The erasure as Slack's does it (its cards and Homes to the outbox, delivered by the
      // running app). No Slack client is needed to write them.
      const { outbox } = services;
      const flows = new PrivacyFlows({
        dataSubjects: subjects,
        customers: services.customers,
        tickets: services.tickets,
        tasks: services.tasks,
        notify: outboxNotifiers(outbox),
      });
      // The erasure holds the workspace's erasure lease, as Slack's Erase does (ErasureLeases):
      // while another erasure (from Slack, another run of this tool) holds it, nothing is erased.
      // What it returns: the erasure's result (undefined: refused or stopped, said on stderr)
      // and whether it kept its lease to the end (false: said on stderr, exit 1).
      // A Slack user's erasure stopped however (its lease lost at a step, the database failing)
      // may have resumed tickets waiting on them whose announcement waits for the erasure to be
      // done: said on stderr (`owed`: how many; a failure to count says none), with that the
      // running app's outbox upkeep finishes that erasure itself (PrivacyFlows.finishErasures).
      const erasing = async <T>(
        subject: ErasureSubject,
        run: (lease: Pick<ErasureLease, 'step' | 'keep'>) => Promise<T>,
        owed: () => Promise<number> = async () => 0,
      ): Promise<{ done: T; kept: boolean } | undefined> => {
        const sayOwed = async () => {
          const count = await owed().catch(() => 0);
          if (count) process.stderr.write(`${say('cli.privacy.resumesOwed', { count })}\n`);
        };
        const lease = await services.erasureLeases.hold(ctx, subject);
        if (!lease) {
          const running = (await services.erasureLeases.running(ctx)) ?? subject;
          const named =
            'user' in running
              ? say('cli.privacy.userSubject', { user: running.user })
              : running.code;
          process.stderr.write(`${say('cli.privacy.erasureRunning', { subject: named })}\n`);
          return undefined;
        }
        let done: T;
        try {
          done = await run(lease);
        } catch (err) {
          await lease.release().catch(() => true);
          // Held up past its lease at one step, which another erasure took: stopped there (not
          // run on beside it), said on stderr as the other refusals are, exit 1.
          if (err instanceof ErasureLeaseLost) {
            process.stderr.write(`${say('cli.privacy.overran')}\n`);
            await sayOwed();
            return undefined;
          }
          await sayOwed();
          throw err;
        }
        const kept = await lease.release().catch((err: unknown) => {
          log.warn({ err }, 'erasure lease not given back: free when it runs out');
          return true;
        });
        // Outran its lease (taken within its last step, run to the end): another erasure may
        // have run beside it. Said on stderr, as when it stopped at a step, and exit 1: a
        // script sees it is to be run again.
        if (!kept) process.stderr.write(`${say('cli.privacy.overran')}\n`);
        return { done, kept };
      };
      if (a.user) {
        if (!a.yes) {
          const plan = await subjects.planUser(ctx, a.user);
          process.stdout.write(
            `${say('cli.privacy.wouldEraseUser', { user: a.user, requested: plan.requested, entries: plan.entries ?? 0, followed: plan.followed ?? 0, owned: plan.owned ?? 0, ownedTasks: plan.ownedTasks ?? 0, ownerChanges: plan.ownerChanges ?? 0, inbox: plan.inbox ?? 0 })}\n`,
          );
          if (plan.waiting)
            process.stdout.write(
              `${say('cli.privacy.wouldResumeUser', { count: plan.waiting })}\n`,
            );
          return 0;
        }
        const ran = await erasing(
          { user: a.user },
          (lease) => flows.eraseUser(ctx, a.user!, lease.step, lease.keep),
          async () => (await subjects.resumesOwed(ctx, a.user!)).length,
        );
        if (!ran) return 1;
        const { changed, cards, plan, untold, earlier } = ran.done;
        const total = Object.values(changed).reduce((n, c) => n + c, 0);
        process.stdout.write(
          `${say('cli.privacy.erasedUser', { user: a.user, total, owned: plan.owned ?? 0, ownedTasks: plan.ownedTasks ?? 0, ownerChanges: plan.ownerChanges ?? 0, cards })}\n`,
        );
        // The tickets that waited on them, resumed by the desk: this run's, those a run of it
        // cut short before left unannounced (announced now), and any whose announcement failed
        // (the running app's upkeep announces them).
        if (plan.waiting)
          process.stdout.write(`${say('cli.privacy.resumedUser', { count: plan.waiting })}\n`);
        if (earlier)
          process.stdout.write(`${say('cli.privacy.resumedEarlier', { count: earlier })}\n`);
        if (untold)
          process.stdout.write(`${say('cli.privacy.resumesUntold', { count: untold })}\n`);
        return ran.kept ? 0 : 1;
      }
      if (!a.yes) {
        const plan = await subjects.plan(ctx, a.customer!, a.contact);
        if (plan.erasedAt && plan.unfinished) {
          // Cut short before: its name may still be on its links and tasks, its erasure unlogged.
          process.stdout.write(
            `${say('cli.privacy.erasureUnfinished', { code: plan.code, when: zonedDateTime(plan.erasedAt, ctx.settings.timeZone) })}\n`,
          );
          return 0;
        }
        if (plan.erasedAt) {
          process.stdout.write(`${alreadyErased(plan.code, plan.erasedAt)}\n`);
          return 0;
        }
        const what = {
          whole: plan.whole ? 'yes' : 'no',
          code: plan.code,
          contacts: plan.contacts.length,
          elsewhere: elsewhereLine(say, plan.elsewhere),
        };
        process.stdout.write(
          `${plan.inbox ? say('cli.privacy.wouldEraseInbox', { ...what, inbox: plan.inbox }) : say('cli.privacy.wouldErase', what)}\n`,
        );
        // A dry run that worked: nothing was erased, as asked.
        return 0;
      }
      // The app's worker finds the cards and Homes due on its next poll.
      const ran = await erasing({ code: a.customer!, contact: a.contact }, (lease) =>
        flows.erase(ctx, a.customer!, a.contact, lease.step, lease.keep),
      );
      if (!ran) return 1;
      const { plan, changed, cards } = ran.done;
      // Erased before: run again only to finish what a run cut short may have left, not logged
      // as another erasure. One cut short before its log entry is finished (and logged) now.
      if (plan.erasedAt && !plan.unfinished) {
        process.stdout.write(`${alreadyErased(plan.code, plan.erasedAt)}\n`);
        return ran.kept ? 0 : 1;
      }
      const total = Object.values(changed).reduce((n, c) => n + c, 0);
      process.stdout.write(
        `${say('cli.privacy.erased', {
          whole: plan.whole ? 'yes' : 'no',
          code: plan.code,
          contacts: plan.contacts.length,
          total,
          elsewhere: elsewhereLine(say, plan.elsewhere),
          cards,
        })}\n`,
      );
      return ran.kept ? 0 : 1;
    } catch (err) {
      if (err instanceof AppError) {
        // In the terminal's words: no such customer is told how to look the code up there (the
        // customers export, for this team and --as, filled in), not `/customer find`; a refusal
        // names the --as user who is no admin, and how one is made.
        process.stderr.write(`${refusalText(err, { team: a.team, as: a.as }, say)}\n`);
        return 1;
      }
      throw err;
    }
  });
}

runCli('privacy', main);
