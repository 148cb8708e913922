import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import type { Ctx } from '../context.js';
import { AppError, FieldErrors, notFoundAsNull, type FieldProblem } from '../errors.js';
import { choiceParams, yesNo, type FormData } from '../forms/kinds.js';
import {
  listParams,
  t,
  translator,
  type Locale,
  type MessageKey,
  type MessageParams,
} from '../i18n/index.js';
import { messagePlainText } from '../i18n/plain.js';
import { SLACK_ID } from '../slack-ids.js';
import { typedExcerpt } from '../text/clip.js';
import { CONTACT_TYPED_TEXT_FIELDS, FIELDS, TYPED_TEXT_FIELDS } from './fields.js';
import { exportsInClear, maskCustomer } from './visibility.js';
import { assertReadsDesk, holdsNoRole } from '../permissions.js';
import { maskFreeText } from '../privacy/free-text.js';
import {
  contactFormData,
  customerFormData,
  parseContactForm,
  maskedFormData,
  parseCustomerForm,
  parseNewCustomerForm,
  parseOrderForm,
} from './form.js';
import { CUSTOMER_CODE, erasedName, foldCode, nameKey } from './rules.js';
import { DuplicateKeyError } from './repository.js';
import type { CustomerService } from './service.js';
import { HIDDEN, orderNumberOf, type ChangeRecord, type CustomerRecord } from './types.js';

interface Column {
  field: string;
  en: string;
  zh: string;
  also: string[];
  /** An amount: in a `;`-separated file read with the comma as decimal mark. */
  money?: true;
}

/**
 * The spreadsheet format teams keep today: one column per registry field that has one, with an
 * English and a Chinese header (used by export) and a few accepted spellings; matching ignores
 * case, spaces and `_`/`-`.
 */
export const CUSTOMER_COLUMNS: Column[] = FIELDS.flatMap(([field, spec]) =>
  spec.csv
    ? [
        {
          field,
          en: spec.csv.en,
          zh: spec.csv.zh,
          also: [...(spec.csv.also ?? [])],
          ...(spec.kind.money ? { money: true as const } : {}),
        },
      ]
    : [],
);

/** Personal columns: a masked cell (`138****5678`, `***`, from a masked export) keeps the value. */
const PERSONAL_COLUMNS = FIELDS.filter(([, spec]) => spec.personal).map(([field]) => field);
const MASKED_CELL = /\*{3}/;
/**
 * Columns people type free text into (notes, needs, the primary contact's title, channel and
 * opt-outs): a masked export shows the phones and emails in them masked (as the card does the
 * notes'), and such a cell imported again keeps the stored text.
 */
const TYPED_COLUMNS = [...TYPED_TEXT_FIELDS, ...CONTACT_TYPED_TEXT_FIELDS];

/**
 * The row without its typed-text cells that show the stored text as a masked export wrote it
 * (`139****4321` for the number): imported again, such a cell keeps the stored text.
 */
function withoutMaskedTyped(
  form: FormData,
  stored: Record<string, string | undefined>,
  fields: readonly string[],
): FormData {
  const kept = { ...form };
  for (const field of fields) {
    const cell = kept[field];
    if (cell && cell !== stored[field] && cell === maskFreeText(stored[field])) delete kept[field];
  }
  return kept;
}

/** The characters of a cell or header a reason quotes (a longer one is cut, with `…`). */
const QUOTED_CELL_MAX = 60;

/** Columns that cannot be emptied: a blank cell keeps the current value. */
const REQUIRED_COLUMNS = FIELDS.filter(([, spec]) => spec.required).map(([field]) => field);

/** The primary contact's columns (Contact, Phone, Email...). */
const PRIMARY_CONTACT_FIELDS = FIELDS.filter(([, spec]) => spec.at.on === 'contact').map(
  ([field]) => field,
);

/**
 * The row without its contact cells when they are all blank: a sheet that never had the
 * primary contact (she was added in Slack since) leaves her as she is; removing a contact is
 * the Contacts form's Remove. A blank Contact cell beside a filled detail is refused (the
 * detail needs a name), as it was.
 */
function withoutBlankContact(form: FormData): FormData {
  const given = PRIMARY_CONTACT_FIELDS.filter((field) => field in form);
  if (given.some((field) => form[field]?.trim())) return form;
  const kept = { ...form };
  for (const field of given) delete kept[field];
  return kept;
}

/** Whether a row over a file on record names another primary contact (renamed, or none on file). */
function contactRenamed(form: FormData, stored: Record<string, string | undefined>): boolean {
  const name = form.contact_name?.trim();
  return !!name && name !== (stored.contact_name ?? '').trim();
}

/**
 * How an orders or contacts row names its customer: `Customer` 客户 (a code or a name), or a code
 * column and a name column of their own (the usual Chinese layout `客户编号,客户名称,...`), read
 * apart so that a name cell spelled otherwise (a longer legal name, the name before a rename) or
 * left blank does not hide the code beside it (`rowCustomer`).
 */
const CUSTOMER_REF_COLUMNS: Column[] = [
  { field: 'customer', en: 'Customer', zh: '客户', also: [] },
  { field: 'customerCode', en: 'Customer code', zh: '客户编号', also: ['code'] },
  { field: 'customerName', en: 'Customer name', zh: '客户名称', also: [] },
];

export const ORDER_COLUMNS: Column[] = [
  ...CUSTOMER_REF_COLUMNS,
  { field: 'date', en: 'Date', zh: '订单日期', also: ['order date', '日期'] },
  { field: 'amount', en: 'Amount', zh: '金额', also: ['订单金额'], money: true },
  { field: 'number', en: 'Order number', zh: '订单号', also: ['order no', 'number'] },
  { field: 'note', en: 'Note', zh: '备注', also: [] },
  {
    field: 'delivered',
    en: 'Delivered',
    zh: '交付日期',
    also: ['delivered on', 'delivery date', '交付'],
  },
];

/**
 * The contacts file: one contact per row, keyed by the customer's code (or name) like the
 * orders file, then the registry's contact columns and whether the contact is the primary one.
 */
export const CONTACT_COLUMNS: Column[] = [
  { field: 'customer', en: 'Customer', zh: '客户', also: [] },
  ...FIELDS.flatMap(([field, spec]) =>
    spec.at.on === 'contact' && spec.csv
      ? [{ field, en: spec.csv.en, zh: spec.csv.zh, also: [...(spec.csv.also ?? [])] }]
      : [],
  ),
  { field: 'primary', en: 'Primary', zh: '主联系人', also: ['primary contact'] },
];

/** The contacts file's columns as import reads them: its customer by code or name too. */
const CONTACT_IMPORT_COLUMNS: Column[] = [
  ...CUSTOMER_REF_COLUMNS,
  ...CONTACT_COLUMNS.filter((c) => c.field !== 'customer'),
];

/**
 * Spreadsheet formula injection (OWASP "CSV Injection"): a cell that starts with `=`, `+`, `-`,
 * `@`, tab or carriage return is run as a formula by Excel, LibreOffice and Sheets. Every cell
 * the app writes that would start so, or that is quotes followed by such a character, gets one
 * leading `'` (the spreadsheet then shows it as text). Import takes that one quote off again
 * (`restoreCell`), so an export re-imported keeps `-5`, `+8613800138000` or `=x` as they were,
 * and a hand-typed `'+86...` imports as `+86...`; any other leading quote is data and kept.
 */
const FORMULA_START = /^'*[=+\-@\t\r]/;

/** The cell as written to a CSV: never starting with a formula character. */
export function neutraliseCell(value: string): string {
  return FORMULA_START.test(value) ? `'${value}` : value;
}

/** The inverse of `neutraliseCell` on import: one leading quote before a formula start goes. */
export function restoreCell(value: string): string {
  return value.startsWith("'") && FORMULA_START.test(value) ? value.slice(1) : value;
}

const normaliseHeader = (h: string) =>
  h
    .normalize('NFKC')
    .trim()
    .toLowerCase()
    .replace(/[\s_-]+/g, ' ');

/**
 * Each header's field, and the headers not read: those that match no column, and a second
 * column for a field an earlier one has (手机 and 电话, 微信 and 即时通讯, 职务 and 职位): the
 * first is read, so a blank cell of the second never clears what the first holds.
 */
function headerMap(headers: string[], columns: Column[]) {
  const byName = new Map<string, string>();
  for (const c of columns)
    for (const n of [c.field, c.en, c.zh, ...c.also]) byName.set(normaliseHeader(n), c.field);
  const taken = new Set<string>();
  const unknown: string[] = [];
  const fields = headers.map((h) => {
    const field = byName.get(normaliseHeader(h));
    if (field && !taken.has(field)) {
      taken.add(field);
      return field;
    }
    if (h.trim()) unknown.push(shownControls(typedExcerpt(h, QUOTED_CELL_MAX)));
    return undefined;
  });
  return { fields, unknown };
}

/** Chinese characters: a file whose headers hold them is a Chinese file. */
const HAN = /\p{Script=Han}/u;

/**
 * How the file names its columns, for the messages about its rows: each field's header as the
 * file spells it, and the file's language (its headers', else the workspace's) for a column it
 * lacks.
 */
export interface FileColumns {
  headers: Partial<Record<string, string>>;
  lang: Locale;
}

function fileColumns(
  head: string[],
  fields: (string | undefined)[],
  fallback: Locale,
): FileColumns {
  const headers: Partial<Record<string, string>> = {};
  fields.forEach((field, i) => {
    if (field && headers[field] === undefined) headers[field] = head[i]!.trim();
  });
  const named = head.filter((_, i) => fields[i]);
  const lang: Locale = named.some((h) => HAN.test(h)) ? 'zh-CN' : named.length ? 'en' : fallback;
  return { headers, lang };
}

/** A field's column as the file calls it (else as an export in the file's language would). */
function columnName(field: string, file: FileColumns, columns: Column[]): string {
  const typed = file.headers[field];
  if (typed) return typed;
  const column = columns.find((c) => c.field === field);
  if (!column) return field;
  return file.lang === 'zh-CN' ? column.zh : column.en;
}

interface Row {
  line: number;
  form: FormData;
  /**
   * The row refused whatever its cells say: amounts of a `;` file that cannot be read with the
   * comma as decimal mark, or of a tab file that could be either (`1.250`), or filled cells past
   * the header's last column.
   */
  refused?: FieldErrors | AppError;
}

/**
 * An amount cell of a `;`-separated file (Excel where the decimal mark is a comma) as the
 * desk's amounts are written: the comma is the decimal mark and the point (or a space) groups
 * thousands, `1.250` -> `1250`, `12,50` -> `12.5`, `1.250.000,5` -> `1250000.5`, `1,5万` ->
 * `1.5万`. An apostrophe grouping thousands (Swiss: `1'234,50`, `1'234.50`, or the typographic
 * `1’234`) leaves one reading: the comma or the point after it is the decimal mark. Undefined
 * when the number cannot be read so without a guess (`1.25`, `1,250`: a point not grouping
 * three digits, more than two decimals; `1'23`, `1'234.500`), never read as 1.25 silently.
 */
export function decimalCommaAmount(cell: string): string | undefined {
  const text = cell.normalize('NFKC').trim();
  const run = /\d[\d., '’]*\d|\d/.exec(text);
  if (!run) return text;
  const number = run[0];
  const read = /^\d{1,3}(?:(\.|\s)\d{3})?(?:\1\d{3})*(?:,\d{1,2})?$/.test(number)
    ? number.replace(/[.\s]/g, '').replace(',', '.')
    : /^\d+(?:,\d{1,2})?$/.test(number)
      ? number.replace(',', '.')
      : /^\d{1,3}(['’])\d{3}(?:\1\d{3})*(?:[.,]\d{1,2})?$/.test(number)
        ? number.replace(/['’]/g, '').replace(',', '.')
        : undefined;
  return read === undefined
    ? undefined
    : text.slice(0, run.index) + read + text.slice(run.index + number.length);
}

/**
 * An amount cell of a tab-separated file (Excel's "Unicode text") that reads one way where the
 * decimal mark is a point and another where it is a comma: one point and exactly three digits
 * after it (`1.250`, `12.500`: 1.25 or 1250?). Refused as the `;` file's are, never read as
 * 1.25 silently; `1250`, `1.25` and `1,250.00` have one reading.
 */
function ambiguousTabAmount(cell: string): boolean {
  const run = /\d[\d.,]*\d/.exec(cell.normalize('NFKC'));
  return !!run && /^\d{1,3}\.\d{3}$/.test(run[0]);
}

/** A tab file's row, refused when an amount could be read two ways (`ambiguousTabAmount`). */
function withoutAmbiguousPoint(row: Row, columns: Column[]): Row {
  const problems: Record<string, FieldProblem> = {};
  for (const { field, money } of columns) {
    const cell = row.form[field];
    if (money && cell && ambiguousTabAmount(cell))
      problems[field] = {
        key: 'import.error.ambiguousPoint',
        params: { value: typedExcerpt(cell, QUOTED_CELL_MAX) },
      };
  }
  return Object.keys(problems).length ? { ...row, refused: new FieldErrors(problems) } : row;
}

/** A `;` file's row with its amounts read with the comma as decimal mark (refused when not read so). */
function withDecimalComma(row: Row, columns: Column[]): Row {
  const problems: Record<string, FieldProblem> = {};
  const form = { ...row.form };
  for (const { field, money } of columns) {
    const cell = form[field];
    if (!money || !cell?.trim()) continue;
    const read = decimalCommaAmount(cell);
    if (read === undefined)
      problems[field] = {
        key: 'import.error.decimalComma',
        params: { value: typedExcerpt(cell, QUOTED_CELL_MAX) },
      };
    else form[field] = read;
  }
  return Object.keys(problems).length
    ? { ...row, form, refused: new FieldErrors(problems) }
    : { ...row, form };
}

const CR = 0x0d;
const LF = 0x0a;

/**
 * The line each record starts on (a quoted cell may hold line breaks, CRLF counted once), from
 * where the record before it ended: `ends` are csv-parse's `info.bytes`, the UTF-8 bytes read
 * to the end of each record and its line break. Empty lines before a record are skipped.
 */
function firstLines(csv: string, ends: number[]): number[] {
  const bytes = Buffer.from(csv, 'utf8');
  const lines: number[] = [];
  let line = 1;
  let at = 0;
  let from = 0;
  for (const end of ends) {
    let start = from;
    while (start < bytes.length && (bytes[start] === CR || bytes[start] === LF)) start++;
    for (; at < start; at++)
      if (bytes[at] === LF || (bytes[at] === CR && bytes[at + 1] !== LF)) line++;
    lines.push(line);
    from = end;
  }
  return lines;
}

/**
 * The file's separator: a comma, unless its header row has none and is split by `;` (Excel's
 * CSV where the decimal mark is a comma) or by tabs (a sheet saved as text). No column's name
 * holds either, so a header row split by one is that file's separator.
 */
function delimiterOf(csv: string): string {
  const header =
    csv
      .replace(/^\uFEFF/, '')
      .split(/\r?\n|\r/)
      .find((line) => line.trim()) ?? '';
  if (header.includes(',')) return ',';
  if (header.includes(';')) return ';';
  if (header.includes('\t')) return '\t';
  return ',';
}

/**
 * A CSV file's bytes as text: UTF-8 (a BOM allowed), or UTF-16 when a BOM says so (Excel's
 * "Unicode text"); undefined for any other encoding (Excel's Chinese "CSV" is GBK), which read
 * as UTF-8 would import garbled names.
 */
export function decodeCsv(bytes: Uint8Array): string | undefined {
  const encoding =
    bytes[0] === 0xff && bytes[1] === 0xfe
      ? 'utf-16le'
      : bytes[0] === 0xfe && bytes[1] === 0xff
        ? 'utf-16be'
        : 'utf-8';
  try {
    // The decoder takes the BOM off.
    return new TextDecoder(encoding, { fatal: true }).decode(bytes);
  } catch {
    return undefined;
  }
}

/** A file's separator as the reason of a row with too many cells names it. */
const SEPARATOR_NAME: Record<string, string> = { ',': 'comma', ';': 'semicolon', '\t': 'tab' };

/**
 * Reads a CSV (UTF-8, BOM allowed; `;`- or tab-separated when its header row says so) into rows
 * of form data keyed by field, each with the line it starts on. A row with filled cells past the
 * header's last column (a separator typed into a cell not in quotes: what follows it would be
 * dropped) is refused; Excel's trailing blank cells are not. A filled column under a blank
 * header is listed with the unknown ones (`words`: the language it is named in).
 */
function readRows(
  csv: string,
  columns: Column[],
  locale: Locale,
  words: Locale = locale,
): { rows: Row[]; unknown: string[]; file: FileColumns } {
  const delimiter = delimiterOf(csv);
  const records = parse(csv, {
    bom: true,
    delimiter,
    skip_empty_lines: true,
    relax_column_count: true,
    // A quote inside a cell that is not quoted (`15" monitor`) is kept as typed.
    relax_quotes: true,
    info: true,
  }) as unknown as {
    record: string[];
    info: { bytes: number };
  }[];
  const lines = firstLines(
    csv,
    records.map((r) => r.info.bytes),
  );
  // Excel's trailing rows of empty or blank cells (`,,,,`, ` , `) are no rows (left out once
  // their lines are counted).
  const kept = records
    .map(({ record }, i) => ({ record, line: lines[i]! }))
    .filter(({ record }) => record.some((cell) => cell.trim() !== ''));
  const [head, ...body] = kept;
  if (!head) return { rows: [], unknown: [], file: { headers: {}, lang: locale } };
  const { fields, unknown } = headerMap(head.record, columns);
  const width = head.record.length;
  const unnamed = new Set<number>();
  const rows = body.map(({ record, line }): Row => {
    const form: FormData = {};
    record.forEach((value, i) => {
      const field = fields[i];
      if (field) form[field] = restoreCell(value);
      else if (i < width && !head.record[i]!.trim() && value.trim()) unnamed.add(i);
    });
    const cells = record.findLastIndex((cell) => cell.trim() !== '') + 1;
    if (cells > width)
      return {
        line,
        form,
        refused: new AppError('INVALID_INPUT', 'import.error.extraCells', {
          cells,
          columns: width,
          separator: SEPARATOR_NAME[delimiter] ?? 'comma',
        }),
      };
    const row = { line, form };
    if (delimiter === ';') return withDecimalComma(row, columns);
    return delimiter === '\t' ? withoutAmbiguousPoint(row, columns) : row;
  });
  for (const i of [...unnamed].sort((a, b) => a - b))
    unknown.push(t(words, 'import.column.unnamed', { n: i + 1 }));
  return { rows, unknown, file: fileColumns(head.record, fields, locale) };
}

export interface RowError {
  line: number;
  reason: string;
}

export interface ImportReport {
  created: number;
  updated: number;
  unchanged: number;
  errors: RowError[];
  /**
   * Rows imported otherwise than they read, each with its line and what was done (a customer
   * another import created while this one ran: the row updated it instead). Not refusals.
   */
  notes: RowError[];
  /** Headers that match no column: ignored, reported so a typo is noticed. */
  ignoredColumns: string[];
}

/**
 * The words the refused rows' reasons are said in: a language (the workspace's, or the CLI's),
 * and `instead`, the message a reader elsewhere than Slack reads in place of one (the CLI's:
 * "an admin can give you a role with /desk roles" said as which `--as` user lacks which role).
 */
export interface RowWords {
  readonly locale: Locale;
  instead?(key: MessageKey, params: MessageParams): { key: MessageKey; params: MessageParams };
}

/**
 * Why a row was refused, in `words` (the workspace's language, or the CLI's), as plain text (a terminal shows no
 * mentions: `<@U123>` reads `@U123`); a field's problem names its column as the file does
 * (`首次接触日期: ...`), each problem a sentence of its own; a refused choice lists the labels
 * in the file's language. Other failures abort the import.
 */
function reasonOf(error: unknown, words: RowWords, file: FileColumns, columns: Column[]): string {
  return shownControls(rawReasonOf(error, words, file, columns));
}

/**
 * Text from the file as the report shows it (a reason quoting a cell, an ignored header): its
 * control characters (C0 but tab, DEL, C1) as `\u{1b}`, so that a file someone sent cannot
 * clear, retitle or hide a link in the operator's terminal as the CLI prints its report.
 */
export function shownControls(text: string): string {
  return text.replace(/[\u0000-\u0008\u000a-\u001f\u007f-\u009f]/g, (c) => {
    return `\\u{${c.codePointAt(0)!.toString(16)}}`;
  });
}

function rawReasonOf(
  error: unknown,
  words: RowWords,
  file: FileColumns,
  columns: Column[],
): string {
  const { locale } = words;
  if (error instanceof FieldErrors) {
    return Object.entries(error.fields)
      .map(([field, p]) =>
        t(locale, 'import.error.field', {
          column: columnName(field, file, columns),
          problem: plainMessage(words, p.key, {
            ...choiceParams(p, file.lang),
            ...listParams(locale, p.lists),
          }),
        }),
      )
      .join(locale === 'zh-CN' ? '' : ' ');
  }
  if (error instanceof AppError) return plainMessage(words, error.messageKey, error.params);
  throw error;
}

/**
 * A catalogue message (mrkdwn) as plain text, as `words` say it: mentions as `@U123`, entities
 * as characters.
 */
function plainMessage(words: RowWords, key: MessageKey, params: MessageParams = {}): string {
  const said = words.instead?.(key, params) ?? { key, params };
  return messagePlainText(translator(words.locale)(said.key, said.params));
}

/**
 * Imports customers from CSV: every row validated like the modal; a bad row is reported with
 * its line and reason and skipped; good rows are created, or update the customer with the same
 * code, else the same name. Running the same file twice changes nothing the second time.
 */
export async function importCustomers(
  customers: CustomerService,
  /** The import's context: `actor` is recorded on the changes and owns rows without an owner. */
  ctx: Ctx,
  csv: string,
  /** The words the refused rows' reasons are said in (the CLI's); the workspace's unless given. */
  reasons: RowWords = { locale: ctx.locale },
  /**
   * Told each row's customer once saved, as stored then, with its changes (none for a customer
   * the row created), as Edit customer's save tells its own: the Homes that show it are drawn
   * again (a change of owner's, the old and the new owner's). Its failure is its own to log: the
   * row stays imported.
   */
  after?: (
    ctx: Ctx,
    changes: readonly ChangeRecord[],
    customer: CustomerRecord,
    /** Handed over from an owner marked a guest (CustomerService.update). */
    formerGuest?: true,
  ) => Promise<void>,
): Promise<ImportReport> {
  const { today } = ctx;
  const { rows, unknown, file } = readRows(csv, CUSTOMER_COLUMNS, ctx.locale, reasons.locale);
  const report: ImportReport = {
    created: 0,
    updated: 0,
    unchanged: 0,
    errors: [],
    notes: [],
    ignoredColumns: unknown,
  };
  // The customers this file's rows imported (by code) and the names they gave (by name key):
  // each with the line of its row.
  const seenCodes = new Map<string, number>();
  const seenNames = new Map<string, number>();
  // Owners said unknown to the desk by an earlier row (their first row made them an owner).
  const unknownOwners = new Set<string>();

  for (const { line, form: cells, refused } of rows) {
    try {
      if (refused) throw refused;
      // The personal cells are read against the customer the row is about (update, create).
      const form = cells;
      const code = form.code === undefined ? undefined : foldCode(form.code);
      if (code && !CUSTOMER_CODE.test(code))
        throw new FieldErrors({ code: { key: 'import.error.codeFormat' } });
      // A second row of a customer a row of this file imported: that row stands. Only a row
      // that was imported counts (a refused one leaves the next to be imported). The customer
      // is the one the row resolves to (its code, else its name), whatever the cells say.
      const earlierCode = code ? seenCodes.get(code) : undefined;
      if (earlierCode)
        throw new AppError('INVALID_INPUT', 'import.error.duplicateRow', { line: earlierCode });
      /**
       * The customer the row resolves to, refused as the row's: erased, or its name another
       * customer's while the row names another code, or imported by an earlier row.
       */
      const resolved = async (found: CustomerRecord | null) => {
        if (found) {
          refuseErased(found, form.name);
          await refuseErasedContact(customers, ctx, found, form.contact_name);
        }
        if (found && code && found.code !== code) {
          // A code not found, and a name that is another customer's: not that customer (its
          // code is another), and no new one of the same name.
          const earlier = seenCodes.get(found.code);
          if (earlier)
            throw new AppError('INVALID_INPUT', 'import.error.nameInFile', {
              line: earlier,
              code: found.code,
            });
          throw new FieldErrors({
            name: { key: 'customer.error.duplicateName', params: { code: found.code } },
          });
        }
        const earlier = found ? seenCodes.get(found.code) : seenNames.get(nameKey(form.name ?? ''));
        if (earlier)
          throw new AppError('INVALID_INPUT', 'import.error.duplicateRow', { line: earlier });
        return found;
      };
      /** The row written over `found`: the number of changes it made. */
      const update = async (found: CustomerRecord): Promise<number> => {
        // A blank cell in a required column keeps the current value (it cannot be cleared); a
        // personal or typed-text cell as a masked export showed it keeps the stored value.
        const stored = customerFormData(found);
        const typed = withoutMaskedTyped(
          withoutMasked(form, maskedFormData(found, maskCustomer(found))),
          stored,
          TYPED_COLUMNS,
        );
        const kept = REQUIRED_COLUMNS.reduce(
          (f, field) => withoutBlank(f, field),
          withoutBlankContact(typed),
        );
        // A row naming another contact than the file's (renamed, or the file had none) comes
        // with their title, as Edit customer asks it with a changed name: the title's cell, else
        // the stored one (a column not in the file keeps it). A row naming the contact on file
        // saves an older file whose contact has no title as it is.
        const renamed = contactRenamed(kept, stored);
        const patch = parseCustomerForm(
          renamed ? { contact_title: stored.contact_title ?? '', ...kept } : kept,
          { mode: 'update', today, ...(renamed ? { requiredWith: true as const } : {}) },
        );
        const {
          customer: updated,
          changes,
          formerGuest,
        } = await customers
          .update(ctx, found.code, patch)
          .catch((err: unknown) => removedMeanwhile(err, found.code));
        if (changes.length) report.updated++;
        else report.unchanged++;
        if (changes.length && after) await after(ctx, changes, updated, formerGuest);
        return changes.length;
      };
      /** The row as a new customer: the code it has. */
      const create = async (): Promise<string> => {
        const patch = parseNewCustomerForm(
          { owner: ctx.actor, ...withoutBlank(withoutMasked(form), 'owner') },
          today,
          // A new customer's contact comes with their title, as in the New customer modal.
          { requiredWith: true },
        );
        let created: CustomerRecord;
        try {
          created = await customers.create(ctx, patch, code ? { fixedCode: code } : {});
        } catch (err) {
          // Another import (the same file run twice at once: a retried cron, two machines)
          // created the customer between this row's read and its write: the row is applied to
          // that one as an update (the same row: nothing changes), said in a note; a row that is
          // not that customer (its name is another code's) is refused as above.
          const meanwhile = takenMeanwhile(err)
            ? await resolved(await findExisting(customers, ctx, code, form.name))
            : null;
          if (!meanwhile) throw err;
          // The other run gave the row's code to a customer of another name: not this row's
          // customer to rename (that run's file says otherwise), refused by line.
          if (code && form.name?.trim() && nameKey(meanwhile.name) !== nameKey(form.name))
            throw new AppError('INVALID_INPUT', 'import.error.createdMeanwhileOtherName', {
              code: meanwhile.code,
              name: meanwhile.name,
            });
          const changed = await update(meanwhile);
          report.notes.push({
            line,
            reason: plainMessage(reasons, 'import.note.createdMeanwhile', {
              code: meanwhile.code,
              changed: changed ? 'yes' : 'no',
            }),
          });
          return meanwhile.code;
        }
        report.created++;
        if (after) await after(ctx, [], created);
        return created.code;
      };
      const existing = await resolved(await findExisting(customers, ctx, code, form.name));
      // An Owner the desk does not know (no role, owns no customer): maybe a typo of an id,
      // which the tool cannot ask Slack about. Imported, and said by line (each row naming them).
      const owner = form.owner?.trim() ?? '';
      const strange =
        SLACK_ID.user.test(owner) &&
        owner !== existing?.ownerId &&
        owner !== ctx.actor &&
        (unknownOwners.has(owner) || !(await customers.userKnown(ctx, owner)));
      if (existing) await update(existing);
      const imported = existing ? existing.code : await create();
      if (strange) {
        unknownOwners.add(owner);
        report.notes.push({
          line,
          reason: plainMessage(reasons, 'import.note.ownerUnknown', { owner }),
        });
      }
      seenCodes.set(imported, line);
      const name = nameKey(form.name ?? '');
      if (name && !seenNames.has(name)) seenNames.set(name, line);
    } catch (error) {
      report.errors.push({ line, reason: reasonOf(error, reasons, file, CUSTOMER_COLUMNS) });
    }
  }
  return report;
}

/**
 * Whether a create was refused because the customer exists now: its name (`customer.error.
 * duplicateName`, said by the create's own check) or its code (the store's unique index) taken
 * since the row was read.
 */
function takenMeanwhile(err: unknown): boolean {
  if (err instanceof DuplicateKeyError) return true;
  return err instanceof FieldErrors && err.fields.name?.key === 'customer.error.duplicateName';
}

/**
 * The row without the personal cells that show the stored value as a masked export wrote it
 * (`shown`: `138****5678`, `***`): imported again, such a cell keeps the stored value. Any other
 * cell holding a mask (`w***@newco.cn`, an address `***（3楼）`: edited around it, or the stored
 * value changed since the export) stays, for the form to refuse on its column, as Edit customer
 * does. Without `shown` (a new customer or contact), or with nothing stored in that field (a
 * masked file that created the record, imported again), a masked cell is dropped: there is no
 * value to keep and none the user could have typed (revmask F1).
 */
function withoutMasked(form: FormData, shown?: Record<string, string | undefined>): FormData {
  const kept = { ...form };
  for (const field of PERSONAL_COLUMNS) {
    const cell = kept[field];
    if (cell === undefined || !MASKED_CELL.test(cell)) continue;
    if (!shown || !shown[field] || cell.trim() === shown[field]) delete kept[field];
  }
  return kept;
}

function withoutBlank(form: FormData, field: string): FormData {
  if (form[field]?.trim()) return form;
  const { [field]: _, ...rest } = form;
  return rest;
}

/**
 * Refuses a row of a customer whose file was erased (`/desk privacy erase`, which keeps its code
 * and orders but names it `[erased] C…`): the team's old spreadsheet imported again would write
 * the erased name, contacts and details back. A customers row that names it as erased (an export
 * of it, re-imported: `name`, its name cell) is let through, as it brings nothing back. Orders
 * and contacts rows of it are refused (a contact would come back; an order's note may name one).
 */
function refuseErased(customer: CustomerRecord, name?: string): void {
  const erased = erasedName(customer.code);
  if (customer.name === erased && nameKey(name ?? '') !== nameKey(erased))
    throw new AppError('INVALID_INPUT', 'import.error.erased', { code: customer.code });
}

/**
 * The customer an orders or contacts row names, from its customer cells: the code column 客户编号,
 * the `Customer` column 客户 (a code or a name) and the name column 客户名称.
 * - The code cell is a desk code only when it has the desk's shape (`C2026001`, full-width typed
 *   too): many ERP files put the ERP's own number there (`10023`) and the desk's name beside it,
 *   so a code cell of another shape is not looked up, and the other cells name the customer (it
 *   is looked up as a name only when it is the row's only customer cell).
 * - Every other filled cell is looked up (a code, else a name). A name no customer has (a longer
 *   legal name, the name before a rename) does not hide the code beside it.
 * - Refused: a desk code no customer has (not attached by its name to another: a safe default;
 *   `import.error.codeNoCustomer` names the customer another cell names), cells that name two
 *   customers (`import.error.customerMismatch`), and a row naming none.
 */
async function rowCustomer(
  customers: CustomerService,
  ctx: Ctx,
  form: FormData,
): Promise<CustomerRecord> {
  const cell = (field: string) => form[field]?.trim() ?? '';
  const [codeCell, customerCell, nameCell] = [
    cell('customerCode'),
    cell('customer'),
    cell('customerName'),
  ];
  const codeLooked = codeOf(codeCell) !== undefined || (!customerCell && !nameCell);
  const looked = [codeLooked ? codeCell : '', customerCell, nameCell].filter(Boolean);
  // No customer cell filled (or none in the file): a required field, named as the file heads it.
  if (!looked.length) {
    const field =
      ['customer', 'customerCode', 'customerName'].find((f) => form[f] !== undefined) ?? 'customer';
    throw new FieldErrors({ [field]: { key: 'form.error.required' } });
  }
  const named: { cell: string; customer: CustomerRecord }[] = [];
  let unknownCode: string | undefined;
  for (const ref of looked) {
    const code = codeOf(ref);
    const customer = await findExisting(customers, ctx, code, ref);
    if (customer) named.push({ cell: ref, customer });
    else if (code) unknownCode ??= ref;
  }
  const [first, ...others] = named;
  // A desk code no customer has next to a cell that names one: said so, naming both (importing
  // "the customer first" would make that one twice).
  if (unknownCode && first)
    throw new AppError('INVALID_INPUT', 'import.error.codeNoCustomer', {
      code: typedExcerpt(unknownCode, QUOTED_CELL_MAX),
      name: typedExcerpt(first.cell, QUOTED_CELL_MAX),
      nameCode: first.customer.code,
    });
  if (unknownCode) throw noCustomer(ctx, unknownCode);
  if (!first) throw noCustomer(ctx, looked[0] ?? '');
  const second = others.find((n) => n.customer.code !== first.customer.code);
  if (second)
    throw new AppError('INVALID_INPUT', 'import.error.customerMismatch', {
      first: typedExcerpt(first.cell, QUOTED_CELL_MAX),
      firstCode: first.customer.code,
      second: typedExcerpt(second.cell, QUOTED_CELL_MAX),
      secondCode: second.customer.code,
    });
  return first.customer;
}

/** An orders or contacts row naming no customer (`ref`: the cell looked up). */
function noCustomer(ctx: Ctx, ref: string): AppError {
  return new AppError('NOT_FOUND', 'import.error.noCustomer', {
    ref: typedExcerpt(ref, QUOTED_CELL_MAX) || '?',
    team: ctx.teamId,
    user: ctx.actor,
    // An export --as someone with no role is refused: they are sent to someone with one.
    role: holdsNoRole(ctx.settings, ctx.actor) ? 'none' : 'some',
  });
}

/**
 * Refuses a row naming a contact erased from the customer (`/desk privacy erase … <contact>`,
 * which keeps the customer): the team's old spreadsheet imported again would bring the contact
 * and their details back. Known by the privacy log's keyed hash of each name they had
 * (PrivacyLog.contactErased), never their name in clear. A contact of that name on file now
 * (added again in Slack) is let through. Safe default: such a contact is added again in Slack.
 */
async function refuseErasedContact(
  customers: CustomerService,
  ctx: Ctx,
  customer: CustomerRecord,
  name: string | undefined,
): Promise<void> {
  if (!name?.trim() || customer.contacts.some((c) => nameKey(c.name) === nameKey(name))) return;
  if (await customers.contactErased(ctx, customer.code, name))
    throw new AppError('INVALID_INPUT', 'import.error.contactErased', { code: customer.code });
}

/** A customer column's cell as a code (full-width typed folded), or undefined for a name. */
function codeOf(ref: string): string | undefined {
  const code = foldCode(ref);
  return CUSTOMER_CODE.test(code) ? code : undefined;
}

async function findExisting(
  customers: CustomerService,
  ctx: Ctx,
  code: string | undefined,
  name: string | undefined,
): Promise<CustomerRecord | null> {
  if (code) {
    const byCode = await customers.get(ctx, code).catch(notFoundAsNull);
    if (byCode) return byCode;
  }
  return name?.trim() ? customers.byName(ctx, name) : null;
}

/**
 * A row's write refused because what its read found went meanwhile (removed in Slack, or erased,
 * while the import ran): said as the import's own reason, naming the customer (and contact) that
 * went, not as Slack says it to someone in a modal ("Open Contacts again") or as an unknown code.
 * Any other error is thrown as it is.
 */
function removedMeanwhile(error: unknown, code: string, contact?: string): never {
  if (error instanceof AppError && error.code === 'NOT_FOUND') {
    if (error.messageKey === 'contacts.error.gone' && contact !== undefined)
      throw new AppError('NOT_FOUND', 'import.error.contactGone', { code, contact });
    if (error.messageKey === 'customer.error.notFound')
      throw new AppError('NOT_FOUND', 'import.error.customerGone', { code });
  }
  throw error;
}

export interface OrderImportReport {
  added: number;
  /** Rows with a number that gave it to the one order on file of their customer, date and amount
   * recorded without one (updated, not added). */
  numbered: number;
  /** Rows of an order on file that gave it its delivery date (or a corrected one). */
  delivered: number;
  duplicates: number;
  errors: RowError[];
  /** Rows added beside orders on file of the same customer, date and amount: said by line. */
  notes: RowError[];
  ignoredColumns: string[];
}

/**
 * Imports orders (customer code or name, date, amount, order number, note, delivered). An order
 * is added once: by its order number, or else by customer, date, amount and note; a row of one
 * on file with a delivered date it does not have yet sets it (delivered later than first
 * imported), counted as `delivered`, not as a duplicate. A numbered row of the one order on file
 * of its customer, date and amount without a number gives it that number (`numbered`); a row
 * added beside orders of the same customer, date and amount that nothing tells apart is said by
 * line (`notes`), so that nothing is counted twice without a word.
 */
export async function importOrders(
  customers: CustomerService,
  ctx: Ctx,
  csv: string,
  /** The words the refused rows' reasons are said in (the CLI's); the workspace's unless given. */
  reasons: RowWords = { locale: ctx.locale },
): Promise<OrderImportReport> {
  const { today } = ctx;
  const { rows, unknown, file } = readRows(csv, ORDER_COLUMNS, ctx.locale, reasons.locale);
  const report: OrderImportReport = {
    added: 0,
    numbered: 0,
    delivered: 0,
    duplicates: 0,
    errors: [],
    notes: [],
    ignoredColumns: unknown,
  };
  for (const { line, form: cells, refused } of rows) {
    try {
      if (refused) throw refused;
      const form = withoutMasked(cells);
      const customer = await rowCustomer(customers, ctx, form);
      refuseErased(customer);
      const order = parseOrderForm(form, today);
      const { duplicate, delivered, numbered, alike } = await customers
        .recordOrder(ctx, customer.code, order)
        .catch((err: unknown) => removedMeanwhile(err, customer.code));
      if (numbered) report.numbered++;
      else if (delivered) report.delivered++;
      else if (duplicate) report.duplicates++;
      else report.added++;
      if (alike)
        report.notes.push({
          line,
          reason: shownControls(
            order.number
              ? plainMessage(reasons, 'import.note.orderNumberAmbiguous', {
                  count: alike.count,
                  date: order.date,
                  code: customer.code,
                  number: typedExcerpt(order.number, QUOTED_CELL_MAX),
                })
              : plainMessage(reasons, 'import.note.orderLookalike', {
                  date: order.date,
                  code: customer.code,
                  number: orderNumberOf(alike.order) ?? 'none',
                }),
          ),
        });
    } catch (error) {
      report.errors.push({ line, reason: reasonOf(error, reasons, file, ORDER_COLUMNS) });
    }
  }
  return report;
}

export interface ContactImportReport {
  added: number;
  updated: number;
  unchanged: number;
  errors: RowError[];
  ignoredColumns: string[];
}

/**
 * Imports contacts: each row is one contact of the customer its first column names, matched by
 * the contact's name within that customer (updated, else added); blank cells clear, as in the
 * file export writes, so re-importing an export changes nothing. `Primary` yes makes the
 * contact the primary one.
 */
export async function importContacts(
  customers: CustomerService,
  ctx: Ctx,
  csv: string,
  /** The words the refused rows' reasons are said in (the CLI's); the workspace's unless given. */
  reasons: RowWords = { locale: ctx.locale },
  /**
   * Told each customer a row added or changed a contact of (as read before the row), as the
   * Contacts modal's save tells its own: the Homes that show it are drawn again. Its failure is
   * its own to log: the row stays imported.
   */
  after?: (ctx: Ctx, customer: CustomerRecord) => Promise<void>,
): Promise<ContactImportReport> {
  const { rows, unknown, file } = readRows(csv, CONTACT_IMPORT_COLUMNS, ctx.locale, reasons.locale);
  const report: ContactImportReport = {
    added: 0,
    updated: 0,
    unchanged: 0,
    errors: [],
    ignoredColumns: unknown,
  };
  const primary = yesNo();
  // The contacts this file's rows imported, by customer code and contact name key, with the
  // line of each row.
  const seen = new Map<string, number>();
  for (const { line, form, refused } of rows) {
    try {
      if (refused) throw refused;
      const customer = await rowCustomer(customers, ctx, form);
      refuseErased(customer);
      const {
        customer: _c,
        customerCode: _code,
        customerName: _name,
        primary: primaryCell,
        ...fields
      } = form;
      let patch = parseContactForm(withoutMasked(fields), ctx.today);
      const makePrimary = primaryCell?.trim()
        ? primary.parse(primaryCell.trim().toLowerCase(), ctx.today)
        : { ok: true as const, value: false };
      if (!makePrimary.ok) throw new FieldErrors({ primary: makePrimary.problem });
      const name = patch.name ?? '';
      await refuseErasedContact(customers, ctx, customer, name);
      // A second row of a contact a row of this file imported (the same name, however typed):
      // that row stands, rather than this one overwriting it.
      const key = `${customer.code} ${nameKey(name)}`;
      const earlier = seen.get(key);
      if (earlier)
        throw new AppError('INVALID_INPUT', 'import.error.duplicateContactRow', { line: earlier });
      const existing = customer.contacts.find((c) => nameKey(c.name) === nameKey(name));
      // A personal or typed-text cell as a masked export (by someone who may not see it) showed
      // it keeps the contact's stored value; one edited around its mask is refused on its column.
      if (existing) {
        const shown = maskCustomer(customer).contacts[customer.contacts.indexOf(existing)]!;
        patch = parseContactForm(
          withoutMaskedTyped(
            withoutMasked(fields, maskedContactData(existing, shown, ctx.locale)),
            contactFormData(existing),
            CONTACT_TYPED_TEXT_FIELDS,
          ),
          ctx.today,
        );
      } else {
        // A new contact comes with their title, as in the contact form (manual D 1.04): a row
        // without one (or a file without the column) is refused by line; a row of a contact on
        // file saves an older contact without a title as it is.
        patch = parseContactForm(withoutMasked(fields), ctx.today, 'new');
      }
      // The contact (or the customer) read above may be removed before these writes.
      const changed = await (async () => {
        const { contact, changes } = await customers.saveContact(
          ctx,
          customer.code,
          existing?.key,
          patch,
        );
        const current = await customers.get(ctx, customer.code);
        if (!makePrimary.value || current.contacts[0]?.key === contact.key)
          return changes.length > 0;
        await customers.makePrimary(ctx, customer.code, contact.key);
        return true;
      })().catch((err: unknown) => removedMeanwhile(err, customer.code, existing?.name ?? name));
      if (!existing) report.added++;
      else if (changed) report.updated++;
      else report.unchanged++;
      seen.set(key, line);
      if ((!existing || changed) && after) await after(ctx, customer);
    } catch (error) {
      report.errors.push({
        line,
        reason: reasonOf(error, reasons, file, CONTACT_IMPORT_COLUMNS),
      });
    }
  }
  return report;
}

/** Every contact of every customer, one per row, with the contacts file's headers. */
export async function exportContacts(
  customers: CustomerService,
  ctx: Pick<Ctx, 'teamId' | 'actor' | 'settings' | 'guest' | 'external'>,
  lang: Locale,
): Promise<CsvExport> {
  // Personal details are masked unless the exporting user is an admin, as in the customers file.
  return exportRows(customers, ctx, lang, CONTACT_COLUMNS, (customer, masked) => {
    const shown = masked ? maskCustomer(customer).contacts : customer.contacts;
    return customer.contacts.map((contact, index) => ({
      ...(masked
        ? maskedContactData(contact, shown[index]!, lang)
        : contactFormData(contact, lang)),
      customer: customer.code,
      primary: index === 0 ? 'yes' : 'no',
    }));
  });
}

/** An export: the file, its rows (header left out), and whether it was masked. */
type CsvExport = { csv: string; count: number; masked: boolean };

/**
 * Every customer's rows (`rowsOf`: the cells by field, masked or not) under `columns` in `lang`,
 * UTF-8 with a BOM for Excel, each cell a spreadsheet would run as a formula neutralised
 * (`neutraliseCell`); masked unless the exporting user is an admin (`exportsInClear`); refused
 * to one who does not read the desk (`assertReadsDesk`).
 */
async function exportRows(
  customers: CustomerService,
  ctx: Pick<Ctx, 'teamId' | 'actor' | 'settings' | 'guest' | 'external'>,
  lang: Locale,
  columns: readonly { field: string; en: string; zh: string }[],
  rowsOf: (customer: CustomerRecord, masked: boolean) => Record<string, string | undefined>[],
): Promise<CsvExport> {
  assertReadsDesk(ctx);
  const all = await customers.all(ctx);
  const masked = !exportsInClear(ctx.settings, ctx.actor);
  const header = columns.map((c) => (lang === 'zh-CN' ? c.zh : c.en));
  const rows = all.flatMap((customer) =>
    rowsOf(customer, masked).map((values) => columns.map((col) => values[col.field] ?? '')),
  );
  const csv = `\uFEFF${stringify([header, ...rows].map((row) => row.map(neutraliseCell)))}`;
  return { csv, count: rows.length, masked };
}

/**
 * A contact's cells with its personal details as the masked view shows them (`138****5678`), and
 * the phones and emails typed into its title, channel and opt-outs masked.
 */
function maskedContactData(
  contact: CustomerRecord['contacts'][number],
  view: CustomerRecord['contacts'][number],
  lang: Locale,
): Record<string, string | undefined> {
  const data = contactFormData(contact, lang);
  for (const [field, spec] of FIELDS) {
    if (spec.at.on !== 'contact' || !spec.personal || data[field] === undefined) continue;
    const shown = (view as unknown as Record<string, unknown>)[spec.at.key];
    data[field] = typeof shown === 'string' && shown ? shown : HIDDEN;
  }
  for (const field of CONTACT_TYPED_TEXT_FIELDS) data[field] = maskFreeText(data[field]);
  return data;
}

/**
 * All customers as CSV with the import's headers (English or Chinese), UTF-8 with a BOM for
 * Excel; a cell that a spreadsheet would run as a formula is neutralised (`neutraliseCell`).
 * Personal fields and commercial figures are masked unless the exporting user is an admin
 * (src/customer/visibility.ts); a guest of the workspace who holds no role reads no customer's
 * file, and so exports none (`assertReadsDesk`, as `/customer find`). The caller logs the export
 * (the privacy log).
 */
export async function exportCustomers(
  customers: CustomerService,
  ctx: Pick<Ctx, 'teamId' | 'actor' | 'settings' | 'guest' | 'external'>,
  lang: Locale,
): Promise<CsvExport> {
  return exportRows(customers, ctx, lang, CUSTOMER_COLUMNS, (c, masked) => {
    const values = masked ? maskedFormData(c, maskCustomer(c), lang) : customerFormData(c, lang);
    if (masked) for (const field of TYPED_COLUMNS) values[field] = maskFreeText(values[field]);
    return [values];
  });
}
