// Usage: npm run report -- --team T0123ABCD --period 2026-10 [--kind month] [--out file.csv] [--rebuild]
// Writes the figures of one ended period's report (a week `2026-W44`, a month `2026-10` or a
// quarter `2026-Q3`) as CSV for spreadsheets: the stored report when there is one, else it is
// built from the records (and stored). To stdout unless --out.
import { fstatSync } from 'node:fs';
import { stringify } from 'csv-stringify/sync';
import { z } from 'zod';
import { neutraliseCell, shownControls } from '../customer/csv.js';
import type { MessageKey } from '../i18n/index.js';
import { AppError } from '../errors.js';
import { kindOf, lastFullPeriod, periodWindow, REPORT_KINDS } from '../digest/periods.js';
import { reportCsvRows } from '../ui/report.js';
import { jobContext, parsedArgs, runCli, teamIdArg, withServices, type Say } from './shared.js';
import { openPrivateFile, type PrivateFile } from './private-file.js';

const NUMBER = /^-?\d+(\.\d+)?(e-?\d+)?$/;

/**
 * What the report goes to without --out: a terminal, a file (`> q3.csv`: a regular file), else a
 * pipe (`| head`, `| grep`, `| tee`), whose reader may be a terminal.
 */
function stdoutIs(): 'terminal' | 'file' | 'pipe' {
  if (process.stdout.isTTY === true) return 'terminal';
  try {
    if (fstatSync(1).isFile()) return 'file';
  } catch {
    // Not known: taken as a pipe (nothing that can drive a terminal gets through).
  }
  return 'pipe';
}

/**
 * Text for a pipe: the control characters that could drive the terminal a pipe ends in (ESC,
 * BEL, CR, C1...) shown as `\u{1b}`; a line break and a tab kept, so that a quoted cell's line
 * break stays one (the CSV saved through `| tee` reads as the stored text's).
 */
const shownControlsButLines = (text: string) =>
  text.replace(
    /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g,
    (c) => `\\u{${c.codePointAt(0)!.toString(16)}}`,
  );

const argsSchema = z
  .object({
    team: teamIdArg,
    period: z
      .string()
      .regex(/^\d{4}-(\d{2}|Q[1-4]|W\d{2})$/i, 'cli.report.periodFormat' satisfies MessageKey),
    kind: z.enum(REPORT_KINDS).optional(),
    out: z.string().optional(),
    rebuild: z.boolean().default(false),
  })
  .refine((a) => !a.kind || kindOf(a.period.toUpperCase()) === a.kind, {
    message: 'cli.report.wrongKind' satisfies MessageKey,
    path: ['kind'],
  });

async function main(say: Say): Promise<number> {
  const USAGE = say('cli.report.usage');
  const a = parsedArgs(
    {
      options: {
        team: { type: 'string' },
        period: { type: 'string' },
        kind: { type: 'string' },
        out: { type: 'string' },
        rebuild: { type: 'boolean' },
      },
    },
    argsSchema,
    (read) => read.values,
    USAGE,
    say,
  );
  if (typeof a === 'number') return a;
  return withServices(async (services, log) => {
    const ctx = await jobContext(services, a.team, log, say);
    if (typeof ctx === 'number') return ctx;
    const window = periodWindow(a.period.toUpperCase(), ctx.settings.timeZone);
    if (!window) {
      process.stderr.write(`${say('cli.report.invalidPeriod', { period: a.period })}\n${USAGE}\n`);
      return 2;
    }
    if (window.to.getTime() > ctx.now.getTime()) {
      const last = lastFullPeriod(kindOf(window.period)!, ctx.now, ctx.settings.timeZone);
      process.stderr.write(
        `${say('cli.report.notEnded', { period: window.period, last: last.period })}\n`,
      );
      return 2;
    }
    // Ended before the desk began serving the workspace: no records of it, only zeros (the
    // service's one rule, as `/desk report` and the report jobs refuse it), said with the first
    // period it can report.
    const refused = await services.reports.beforeDesk(ctx, window);
    if (refused) {
      process.stderr.write(`${say('cli.report.beforeDesk', refused.params)}\n`);
      return 2;
    }
    // The file (the owners' revenue: personal data) is opened before the figures are built, as
    // the personal-data exports open theirs: 0600, never through a symbolic link, a path that
    // cannot be written said in one line.
    let out: PrivateFile | undefined;
    if (a.out) {
      try {
        out = openPrivateFile(a.out);
      } catch (err) {
        if (!(err instanceof AppError)) throw err;
        process.stderr.write(`${say(err.messageKey, err.params)}\n`);
        return 1;
      }
    }
    let rows: string[][];
    try {
      const figures = await services.reports.figures(
        ctx,
        [window],
        a.rebuild ? [window.period] : [],
      );
      const report = figures.get(window.period)!;
      // The customers that moved tier, named as they are now (the stored figures keep codes).
      // The targets it is read against are those stored with it; the settings now only for a
      // report stored before they were kept (rows `targetNow`).
      rows = reportCsvRows(
        window,
        report,
        await services.reports.customerNames(ctx, report),
        ctx.settings.digest.targets,
      );
    } catch (err) {
      // Nothing left of a report not written (a file that was there stays as it was).
      out?.discard();
      throw err;
    }
    // Numbers stay numbers (-0.25 is a figure); any text (a churn reason typed by someone) can
    // never start a formula.
    const cell = (c: string) => (NUMBER.test(c) ? c : neutraliseCell(c));
    // Printed to a terminal, a name or reason's control characters are shown as `\u{1b}` (as
    // the customers tool prints a file's), so that a stored name cannot drive the terminal.
    // Redirected to a file (`> q3.csv`), the CSV holds the stored text (a line break in a quoted
    // cell), as the `--out` file does. Into a pipe (`| head`, `| grep`), which may well end in
    // the terminal, only line breaks and tabs go through as they are.
    const to = a.out ? 'file' : stdoutIs();
    const shown = (c: string) =>
      to === 'terminal'
        ? shownControls(cell(c))
        : to === 'pipe'
          ? shownControlsButLines(cell(c))
          : cell(c);
    const csv = `\uFEFF${stringify(rows.map((row) => row.map(shown)))}`;
    if (out) {
      out.write(csv);
      process.stdout.write(
        `${say('cli.report.written', { kind: window.kind, period: window.period, count: rows.length - 1, file: a.out! })}\n`,
      );
    } else process.stdout.write(csv);
    return 0;
  });
}

runCli('report', main);
