// Usage:
//   npm run customers -- import --team T0123ABCD --as U0123ABCD --file customers.csv [--orders orders.csv] [--contacts contacts.csv]
//   npm run customers -- export --team T0123ABCD --as U0123ABCD --out customers.csv [--contacts-out contacts.csv] [--lang zh-CN]
// An export masks personal fields unless --as is an admin; it is recorded in the privacy log.
// --at <ISO time> runs as of that time (which year new codes get, what "today" is).
// Reads MONGODB_URI (else the embedded database in DATA_DIR, when the app is not running).
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { z } from 'zod';
import { CsvError } from 'csv-parse/sync';
import {
  exportContacts,
  exportCustomers,
  importContacts,
  importCustomers,
  importOrders,
  type RowError,
} from '../customer/csv.js';
import { LOCALES } from '../i18n/index.js';
import {
  ARGS_PARSE,
  counted,
  readArgs,
  refuseArguments,
  runCli,
  teamIdArg,
  userIdArg,
  teamContext,
  withServices,
} from './shared.js';

const USAGE = `Usage:
  customers import --team T0123ABCD --as U0123ABCD --file customers.csv [--orders orders.csv] [--contacts contacts.csv]
  customers export --team T0123ABCD --as U0123ABCD --out customers.csv [--contacts-out contacts.csv] [--lang en|zh-CN]
  (headers in the workspace's language unless --lang; personal fields masked unless --as is an
  admin; every export is logged)
  --at <ISO time>: import as of that time (an export is always of now)`;

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
    'import needs --as and --file, --orders or --contacts',
  )
  .refine((a) => a.command !== 'export' || (a.out && a.as), 'export needs --as and --out')
  // An export is of now: --at would date its privacy log entry in the past.
  .refine((a) => a.command !== 'export' || !a.at, 'export takes no --at');

function printErrors(kind: string, errors: RowError[]): void {
  for (const e of errors) process.stdout.write(`  ${kind} line ${e.line}: ${e.reason}\n`);
}

async function main(): Promise<number> {
  const read = readArgs(
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
    USAGE,
  );
  if (typeof read === 'number') return read;
  const { values, positionals } = read;
  const { 'contacts-out': contactsOut, ...rest } = values;
  const parsed = args.safeParse({ command: positionals[0], ...rest, contactsOut }, ARGS_PARSE);
  if (!parsed.success) return refuseArguments(parsed.error, USAGE);
  const a = parsed.data;
  for (const file of [a.file, a.orders, a.contacts]) {
    if (file && !existsSync(file)) {
      process.stderr.write(`no such file: ${file}\n`);
      return 2;
    }
  }
  return withServices(async (services, log) => {
    const ctx = await teamContext(services, {
      teamId: a.team,
      actor: a.as ?? '',
      now: a.at ? new Date(a.at) : new Date(),
      log,
      origin: 'import',
    });
    if (typeof ctx === 'number') return ctx;
    if (a.command === 'export') {
      // Logged before the file exists: no file of personal data without its log entry.
      const lang = a.lang ?? ctx.locale;
      const { csv, count, masked } = await exportCustomers(services.customers, ctx, lang);
      await services.privacyLog.record(ctx, 'export.customers', 'all', {
        customers: count,
        masked,
        via: 'cli',
      });
      writeFileSync(a.out!, csv);
      process.stdout.write(
        `exported ${counted(count, 'customer')} to ${a.out}${masked ? ' (personal fields masked: not an admin)' : ''}\n`,
      );
      if (a.contactsOut) {
        const contacts = await exportContacts(services.customers, ctx, lang);
        await services.privacyLog.record(ctx, 'export.contacts', 'all', {
          contacts: contacts.count,
          masked: contacts.masked,
          via: 'cli',
        });
        writeFileSync(a.contactsOut, contacts.csv);
        process.stdout.write(
          `exported ${counted(contacts.count, 'contact')} to ${a.contactsOut}\n`,
        );
      }
      return 0;
    }
    let failed = 0;
    /**
     * One file's import; a file that cannot be read as CSV at all (a quote never closed) is
     * said and counted as failed, and the next files are still imported.
     */
    const each = async (kind: string, run: () => Promise<void>) => {
      try {
        await run();
      } catch (err) {
        if (!(err instanceof CsvError)) throw err;
        process.stdout.write(`${kind}: not read, nothing imported: ${err.message}\n`);
        failed++;
      }
    };
    await each('customers', async () => {
      if (!a.file) return;
      const r = await importCustomers(services.customers, ctx, readFileSync(a.file, 'utf8'));
      process.stdout.write(
        `customers: ${r.created} created, ${r.updated} updated, ${r.unchanged} unchanged, ${r.errors.length} skipped\n`,
      );
      if (r.ignoredColumns.length)
        process.stdout.write(`  ignored columns: ${r.ignoredColumns.join(', ')}\n`);
      printErrors('customers', r.errors);
      failed += r.errors.length;
    });
    await each('orders', async () => {
      if (!a.orders) return;
      const r = await importOrders(services.customers, ctx, readFileSync(a.orders, 'utf8'));
      process.stdout.write(
        `orders: ${r.added} added, ${r.duplicates} already there, ${r.errors.length} skipped\n`,
      );
      if (r.ignoredColumns.length)
        process.stdout.write(`  ignored columns: ${r.ignoredColumns.join(', ')}\n`);
      printErrors('orders', r.errors);
      failed += r.errors.length;
    });
    await each('contacts', async () => {
      if (!a.contacts) return;
      const r = await importContacts(services.customers, ctx, readFileSync(a.contacts, 'utf8'));
      process.stdout.write(
        `contacts: ${r.added} added, ${r.updated} updated, ${r.unchanged} unchanged, ${r.errors.length} skipped\n`,
      );
      if (r.ignoredColumns.length)
        process.stdout.write(`  ignored columns: ${r.ignoredColumns.join(', ')}\n`);
      printErrors('contacts', r.errors);
      failed += r.errors.length;
    });
    return failed ? 1 : 0;
  });
}

runCli('customers', main);
