// Usage:
//   npm run customers -- import --team T0123ABCD --as U0123ABCD --file customers.csv [--orders orders.csv] [--contacts contacts.csv]
//   npm run customers -- export --team T0123ABCD --as U0123ABCD --out customers.csv [--contacts-out contacts.csv] [--lang zh-CN]
// An export masks personal fields unless --as is an admin, and is recorded in the privacy log. An
// import or export is refused to an --as the roles name nowhere (the tool cannot ask Slack whether
// they are a guest).
// --at <ISO time> runs as of that time (which year new codes get, what "today" is).
// Reads MONGODB_URI (else the embedded database in DATA_DIR, when the app is not running).
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { z } from 'zod';
import { CsvError } from 'csv-parse/sync';
import {
  decodeCsv,
  exportContacts,
  exportCustomers,
  importContacts,
  importCustomers,
  importOrders,
  type RowError,
} from '../customer/csv.js';
import { withGuest } from '../context.js';
import { afterOwnerChange } from '../flows/customers.js';
import { HomeRedraws, shownOnTasks } from '../flows/refresh-homes.js';
import { AppError } from '../errors.js';
import { listParams, LOCALES, type MessageKey, type MessageParams } from '../i18n/index.js';
import { guestRefusalError, holdsNoRole } from '../permissions.js';
import {
  inTerminal,
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
import { fileProblem, openPrivateFile, readRegularFile, type PrivateFile } from './private-file.js';

const args = z
  .object({
    command: z.enum(['import', 'export']),
    team: teamIdArg,
    as: userIdArg.optional(),
    file: z.string().optional(),
    orders: z.string().optional(),
    contacts: z.string().optional(),
    out: z.string().optional(),
    contactsOut: z.string().optional(),
    lang: z.enum(LOCALES).optional(),
    at: z.iso.datetime({ offset: true }).optional(),
  })
  .refine(
    (a) => a.command !== 'import' || (a.as && (a.file || a.orders || a.contacts)),
    'cli.customers.importNeeds' satisfies MessageKey,
  )
  .refine(
    (a) => a.command !== 'export' || (a.out && a.as),
    'cli.customers.exportNeeds' satisfies MessageKey,
  )
  // An export is of now: --at would date its privacy log entry in the past.
  .refine((a) => a.command !== 'export' || !a.at, 'cli.customers.exportNoAt' satisfies MessageKey);

type Kind = 'customers' | 'orders' | 'contacts';

/** Each file as the summary lines name it. */
const FILE_OF: Record<Kind, MessageKey> = {
  customers: 'cli.customers.file.customers',
  orders: 'cli.customers.file.orders',
  contacts: 'cli.customers.file.contacts',
};

function printErrors(say: Say, kind: Kind, errors: RowError[]): void {
  for (const e of errors)
    process.stdout.write(
      `  ${say('cli.customers.rowError', { kind: say(FILE_OF[kind]), line: e.line, reason: e.reason })}\n`,
    );
}

function printIgnored(say: Say, columns: string[]): void {
  if (columns.length)
    process.stdout.write(
      `  ${say('cli.customers.ignoredColumns', listParams(say.locale, { columns }))}\n`,
    );
}

async function main(say: Say): Promise<number> {
  const USAGE = say('cli.customers.usage');
  /** `file` opened for an export, or its refusal said in one line (undefined). */
  const openOut = (file: string): PrivateFile | undefined => {
    try {
      return openPrivateFile(file);
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
      process.stderr.write(`${say(err.messageKey, err.params)}\n`);
      return undefined;
    }
  };
  const a = parsedArgs(
    {
      allowPositionals: true,
      options: {
        team: { type: 'string' },
        as: { type: 'string' },
        file: { type: 'string' },
        orders: { type: 'string' },
        contacts: { type: 'string' },
        out: { type: 'string' },
        'contacts-out': { type: 'string' },
        lang: { type: 'string' },
        at: { type: 'string' },
      },
    },
    args,
    ({ values, positionals }) => {
      const { 'contacts-out': contactsOut, ...rest } = values;
      return { command: positionals[0], ...rest, contactsOut };
    },
    USAGE,
    say,
    // `--at` on an export is refused in its own words (exportNoAt).
    {
      import: ['team', 'as', 'file', 'orders', 'contacts', 'at'],
      export: ['team', 'as', 'out', 'contacts-out', 'lang', 'at'],
    },
  );
  if (typeof a === 'number') return a;
  if (a.at && new Date(a.at).getTime() > Date.now() + 60_000) {
    // New customers would get that year's codes, and a code is never changed: refused as `npm
    // run job` refuses it, before any file is read.
    process.stderr.write(`${say('cli.customers.future')}\n`);
    return 2;
  }
  if (a.out && a.contactsOut && resolve(a.out) === resolve(a.contactsOut)) {
    // The contacts would be written over the customers, both said exported.
    process.stderr.write(`${say('cli.customers.samePath', { file: a.out })}\n`);
    return 2;
  }
  for (const file of [a.file, a.orders, a.contacts]) {
    if (file && !existsSync(file)) {
      process.stderr.write(`${say('cli.customers.noFile', { file })}\n`);
      return 2;
    }
  }
  // Every file is read before any row is imported. One in another encoding than UTF-8 is said in
  // its turn and counts as failed, as a file that cannot be read as CSV: the others are imported.
  const text: Partial<Record<Kind, string>> = {};
  const notUtf8: Partial<Record<Kind, string>> = {};
  if (a.command === 'import') {
    for (const [kind, file] of [
      ['customers', a.file],
      ['orders', a.orders],
      ['contacts', a.contacts],
    ] as const) {
      if (!file) continue;
      // A path that exists but cannot be read (a folder, a FIFO, no permission): one line, nothing
      // imported from any file.
      let bytes: Buffer;
      try {
        bytes = readRegularFile(file);
      } catch (err) {
        const problem = err instanceof AppError ? err : fileProblem(err, file, 'read');
        process.stderr.write(`${say(problem.messageKey, problem.params)}\n`);
        return 1;
      }
      const decoded = decodeCsv(bytes);
      if (decoded === undefined) notUtf8[kind] = file;
      else text[kind] = decoded;
    }
  }
  return withServices(async (services, log) => {
    const ctx = await teamContext(
      services,
      {
        teamId: a.team,
        actor: a.as ?? '',
        now: a.at ? new Date(a.at) : new Date(),
        log,
        origin: 'import',
      },
      say,
    );
    if (typeof ctx === 'number') return ctx;
    if (a.command === 'export') {
      // Who reads the customers is asked as the app asks it: a person the roles name nowhere
      // may be a guest of the workspace, which only Slack says and a tool cannot ask (the app's
      // `unchecked`), so they are refused.
      const reader = holdsNoRole(ctx.settings, ctx.actor) ? withGuest(ctx, 'unchecked') : ctx;
      // Logged before the file exists: no file of personal data without its log entry.
      const lang = a.lang ?? ctx.locale;
      const exported = await exportCustomers(services.customers, reader, lang).catch(
        (err: unknown) => {
          // A reader refused (`reader`): before anything is written or logged.
          if (!(err instanceof AppError)) throw err;
          process.stderr.write(`${refusalText(err, { team: a.team, as: a.as! }, say)}\n`);
          return undefined;
        },
      );
      if (!exported) return 1;
      const { csv, count, masked } = exported;
      const contacts = a.contactsOut
        ? await exportContacts(services.customers, reader, lang)
        : undefined;
      // Both files opened before the log entries: a path that cannot be written (a link, a
      // folder, another user's file) is said in one line, and nothing is written nor logged as
      // exported (a file the first open made is removed again).
      const out = openOut(a.out!);
      if (!out) return 1;
      const contactsOut = a.contactsOut ? openOut(a.contactsOut) : undefined;
      if (a.contactsOut && !contactsOut) {
        out.discard();
        return 1;
      }
      if (contactsOut && contactsOut.fileId === out.fileId) {
        // One file by two paths (a symlinked folder, a hard link): the contacts would be written
        // over the customers, both said exported. Nothing written nor logged.
        contactsOut.close();
        out.discard();
        process.stderr.write(`${say('cli.customers.samePath', { file: a.out! })}\n`);
        return 2;
      }
      await services.privacyLog.record(ctx, 'export.customers', 'all', {
        customers: count,
        masked,
        via: 'cli',
      });
      if (contacts)
        await services.privacyLog.record(ctx, 'export.contacts', 'all', {
          contacts: contacts.count,
          masked: contacts.masked,
          via: 'cli',
        });
      out.write(csv);
      process.stdout.write(
        `${say(masked ? 'cli.customers.exportedMasked' : 'cli.customers.exported', { count, file: a.out! })}\n`,
      );
      if (contacts && contactsOut) {
        contactsOut.write(contacts.csv);
        process.stdout.write(
          `${say('cli.customers.exportedContacts', { count: contacts.count, file: a.contactsOut! })}\n`,
        );
      }
      return 0;
    }
    // A refused row is said in the terminal's words: which --as user lacks which role, not
    // "an admin can give you a role with /desk roles".
    const who = { team: a.team, as: a.as ?? '' };
    // An import reads and writes customers' files as `--as`, who owns every row without an Owner:
    // someone the roles name nowhere (a typo, a guest) is refused as the export refuses them,
    // before any row is read.
    if (holdsNoRole(ctx.settings, ctx.actor)) {
      const refusal = guestRefusalError(ctx, 'permission.denied.guestReadUnchecked');
      process.stderr.write(`${refusalText(refusal, who, say)}\n`);
      return 1;
    }
    let failed = 0;
    const reasons = {
      locale: say.locale,
      instead: (key: MessageKey, params: MessageParams) => inTerminal(key, params, who),
    };
    /**
     * One file's import; a file not in UTF-8, or that cannot be read as CSV at all (a quote never
     * closed), is said and counted as failed, and the next files are still imported.
     */
    const each = async (kind: Kind, run: () => Promise<void>) => {
      const file = notUtf8[kind];
      if (file !== undefined) {
        process.stdout.write(
          `${say('cli.customers.notUtf8', { kind: say(FILE_OF[kind]), file })}\n`,
        );
        failed++;
        return;
      }
      try {
        await run();
      } catch (err) {
        if (!(err instanceof CsvError)) throw err;
        // csv-parse says what it could not read in English (with the line): kept as it is.
        process.stdout.write(
          `${say('cli.customers.notRead', { kind: say(FILE_OF[kind]), detail: err.message })}\n`,
        );
        failed++;
      }
    };
    // The Homes that show the customers the rows create or change are drawn again, as after Edit
    // customer and the Contacts modal: gathered over every file and written to the outbox once at
    // the end (no Slack client here), one per person however many rows they show; due now, not
    // at a future --at (the import's date): the running app draws them at once.
    const notify = outboxNotifiers(services.outbox);
    const homes = new HomeRedraws(services);
    await each('customers', async () => {
      if (text.customers === undefined) return;
      // A change of owner moves the owner's tasks and redraws the customer's open complaints'
      // cards, as Edit customer's does (both people's Homes gathered with the others).
      const owners = {
        customers: services.customers,
        tickets: services.tickets,
        tasks: services.tasks,
        notify,
      };
      const r = await importCustomers(
        services.customers,
        ctx,
        text.customers!,
        reasons,
        async (c, ch, customer, formerGuest) => {
          const now = { ...c, now: new Date() };
          await afterOwnerChange(owners, now, ch, homes, formerGuest);
          await homes.changed(now, customer, shownOnTasks(ch));
        },
      );
      process.stdout.write(
        `${say('cli.customers.importedCustomers', { created: r.created, updated: r.updated, unchanged: r.unchanged, skipped: r.errors.length })}\n`,
      );
      printIgnored(say, r.ignoredColumns);
      // Rows applied to a customer another import created meanwhile: said as the refused rows
      // are (by line), not counted as failed.
      printErrors(say, 'customers', r.notes);
      printErrors(say, 'customers', r.errors);
      failed += r.errors.length;
    });
    await each('orders', async () => {
      if (text.orders === undefined) return;
      const r = await importOrders(services.customers, ctx, text.orders!, reasons);
      // Rows that gave an order on file its delivery date, or its number, are said apart (not
      // "already there", nor "added").
      const counts = { added: r.added, duplicates: r.duplicates, skipped: r.errors.length };
      process.stdout.write(
        `${
          r.numbered
            ? say('cli.customers.importedOrdersNumbered', {
                ...counts,
                numbered: r.numbered,
                delivered: r.delivered,
              })
            : r.delivered
              ? say('cli.customers.importedOrdersDelivered', { ...counts, delivered: r.delivered })
              : say('cli.customers.importedOrders', counts)
        }\n`,
      );
      printIgnored(say, r.ignoredColumns);
      // Rows added beside a look-alike order on file: by line, not counted as failed.
      printErrors(say, 'orders', r.notes);
      printErrors(say, 'orders', r.errors);
      failed += r.errors.length;
    });
    await each('contacts', async () => {
      if (text.contacts === undefined) return;
      const r = await importContacts(
        services.customers,
        ctx,
        text.contacts!,
        reasons,
        (c, customer) => homes.changed(c, customer, true),
      );
      process.stdout.write(
        `${say('cli.customers.importedContacts', { added: r.added, updated: r.updated, unchanged: r.unchanged, skipped: r.errors.length })}\n`,
      );
      printIgnored(say, r.ignoredColumns);
      printErrors(say, 'contacts', r.errors);
      failed += r.errors.length;
    });
    await homes.flush(notify, { ...ctx, now: new Date() });
    return failed ? 1 : 0;
  });
}

runCli('customers', main);
