import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { AppError, FieldErrors } from '../errors.js';
import { t, type Locale } from '../i18n/index.js';
import { localDate } from '../time.js';
import type { WorkspaceService } from '../workspace/service.js';
import {
  customerFormData,
  parseCustomerForm,
  parseOrderForm,
  type CustomerField,
  type FormData,
} from './form.js';
import type { CustomerRecord } from './repository.js';
import { CUSTOMER_CODE, nameKey } from './rules.js';
import type { CustomerService } from './service.js';

/**
 * The spreadsheet format teams keep today. Each column has one English and one Chinese header
 * (used by export) and a few accepted spellings; matching ignores case, spaces and `_`/`-`.
 */
export const CUSTOMER_COLUMNS: { field: CustomerField; en: string; zh: string; also: string[] }[] =
  [
    { field: 'code', en: 'Code', zh: '客户编号', also: ['customer code', '编号'] },
    { field: 'name', en: 'Name', zh: '客户名称', also: ['customer name', '客户名', '名称'] },
    { field: 'industry', en: 'Industry', zh: '行业', also: [] },
    { field: 'source', en: 'Source', zh: '客户来源', also: ['来源'] },
    {
      field: 'first_contact',
      en: 'First contact',
      zh: '首次接触日期',
      also: ['first contact date', '首次接触'],
    },
    { field: 'owner', en: 'Owner', zh: '负责人', also: ['owner id'] },
    { field: 'company_size', en: 'Company size', zh: '公司规模', also: ['规模'] },
    { field: 'region', en: 'Region', zh: '地区', also: ['区域'] },
    { field: 'address', en: 'Address', zh: '地址', also: [] },
    {
      field: 'annual_revenue',
      en: 'Annual revenue',
      zh: '年采购额',
      also: ['annual purchases', '年度采购额'],
    },
    { field: 'contact_name', en: 'Contact', zh: '联系人', also: ['contact name'] },
    { field: 'contact_title', en: 'Contact title', zh: '职务', also: ['title', '职位'] },
    {
      field: 'contact_phone',
      en: 'Phone',
      zh: '电话',
      also: ['contact phone', '手机', '联系电话'],
    },
    { field: 'contact_email', en: 'Email', zh: '邮箱', also: ['contact email', '电子邮箱'] },
    { field: 'tags', en: 'Tags', zh: '标签', also: [] },
    { field: 'potential', en: 'Potential', zh: '潜力', also: [] },
    { field: 'lifecycle', en: 'Lifecycle', zh: '生命周期', also: ['客户阶段'] },
    {
      field: 'contract_end',
      en: 'Contract end',
      zh: '合同到期日',
      also: ['contract end date', '合同到期'],
    },
    {
      field: 'cooperation_start',
      en: 'Cooperation start',
      zh: '合作开始日期',
      also: ['cooperation start date'],
    },
    {
      field: 'competitor_contact',
      en: 'Competitor contact',
      zh: '竞争对手接触',
      also: ['competitor'],
    },
    { field: 'contact_im', en: 'IM', zh: '即时通讯', also: ['wechat', '微信', 'im handle'] },
    { field: 'contact_birthday', en: 'Birthday', zh: '生日', also: [] },
    {
      field: 'contact_channel',
      en: 'Preferred channel',
      zh: '偏好渠道',
      also: ['preferred contact'],
    },
    { field: 'contact_opt_outs', en: 'Opt-outs', zh: '不接收', also: ['opt outs', 'optouts'] },
    { field: 'needs_stated', en: 'Needs', zh: '需求', also: ['stated needs', '明确需求'] },
    { field: 'needs_implicit', en: 'Implicit needs', zh: '潜在需求', also: [] },
    { field: 'needs_products', en: 'Product preferences', zh: '产品偏好', also: [] },
    { field: 'needs_budget', en: 'Budget', zh: '预算', also: [] },
    { field: 'needs_cycle', en: 'Purchase cycle', zh: '采购周期', also: [] },
    { field: 'needs_urgent', en: 'Urgent', zh: '紧急', also: [] },
    { field: 'needs_important', en: 'Important', zh: '重要', also: [] },
  ];

export const ORDER_COLUMNS: { field: string; en: string; zh: string; also: string[] }[] = [
  {
    field: 'customer',
    en: 'Customer',
    zh: '客户',
    also: ['customer code', 'code', '客户编号', '客户名称'],
  },
  { field: 'date', en: 'Date', zh: '订单日期', also: ['order date', '日期'] },
  { field: 'amount', en: 'Amount', zh: '金额', also: ['订单金额'] },
  { field: 'number', en: 'Order number', zh: '订单号', also: ['order no', 'number'] },
  { field: 'note', en: 'Note', zh: '备注', also: [] },
];

const normaliseHeader = (h: string) =>
  h
    .normalize('NFKC')
    .trim()
    .toLowerCase()
    .replace(/[\s_-]+/g, ' ');

function headerMap(
  headers: string[],
  columns: { field: string; en: string; zh: string; also: string[] }[],
) {
  const byName = new Map<string, string>();
  for (const c of columns)
    for (const n of [c.field, c.en, c.zh, ...c.also]) byName.set(normaliseHeader(n), c.field);
  const unknown = headers.filter((h) => h.trim() && !byName.has(normaliseHeader(h)));
  return { fields: headers.map((h) => byName.get(normaliseHeader(h))), unknown };
}

interface Row {
  line: number;
  form: FormData;
}

/** Reads a CSV (UTF-8, BOM allowed) into rows of form data keyed by field, with line numbers. */
function readRows(csv: string, columns: typeof ORDER_COLUMNS): { rows: Row[]; unknown: string[] } {
  const records = parse(csv, {
    bom: true,
    skip_empty_lines: true,
    relax_column_count: true,
    info: true,
  }) as unknown as {
    record: string[];
    info: { lines: number };
  }[];
  const [head, ...body] = records;
  if (!head) return { rows: [], unknown: [] };
  const { fields, unknown } = headerMap(head.record, columns);
  const rows = body.map(({ record, info }) => {
    const form: FormData = {};
    record.forEach((value, i) => {
      const field = fields[i];
      if (field) form[field] = value;
    });
    return { line: info.lines, form };
  });
  return { rows, unknown };
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
  /** Headers that match no column: ignored, reported so a typo is noticed. */
  ignoredColumns: string[];
}

/** Why a row was refused, in the workspace's language; other failures abort the import. */
function reasonOf(error: unknown, locale: Locale): string {
  if (error instanceof FieldErrors) {
    return Object.entries(error.fields)
      .map(([field, p]) => `${field}: ${t(locale, p.key, p.params)}`)
      .join('; ');
  }
  if (error instanceof AppError) return t(locale, error.messageKey, error.params);
  throw error;
}

export interface ImportOptions {
  teamId: string;
  /** The Slack user the changes are recorded as, and the owner of new rows without one. */
  actor: string;
  now: Date;
}

/**
 * Imports customers from CSV: every row validated like the modal; a bad row is reported with
 * its line and reason and skipped; good rows are created, or update the customer with the same
 * code, else the same name. Running the same file twice changes nothing the second time.
 */
export async function importCustomers(
  services: { customers: CustomerService; workspaces: WorkspaceService },
  csv: string,
  options: ImportOptions,
): Promise<ImportReport> {
  const settings = await services.workspaces.settings(options.teamId);
  const today = localDate(options.now, settings.timeZone);
  const { rows, unknown } = readRows(csv, CUSTOMER_COLUMNS);
  const report: ImportReport = {
    created: 0,
    updated: 0,
    unchanged: 0,
    errors: [],
    ignoredColumns: unknown,
  };
  const seen = new Map<string, number>();

  for (const { line, form } of rows) {
    try {
      const code = form.code?.trim().toUpperCase();
      if (code && !CUSTOMER_CODE.test(code)) {
        throw new FieldErrors({
          code: { key: 'form.error.choice', params: { choices: 'C2026001' } },
        });
      }
      const key = nameKey(form.name ?? '');
      const earlier = seen.get(code || key);
      if (earlier)
        throw new AppError('INVALID_INPUT', 'import.error.duplicateRow', { line: earlier });
      seen.set(code || key, line);
      const existing = await findExisting(services.customers, options.teamId, code, form.name);
      if (existing) {
        // A blank cell in a required column keeps the current value (it cannot be cleared).
        const kept = REQUIRED_COLUMNS.reduce((f, field) => withoutBlank(f, field), form);
        const patch = parseCustomerForm(kept, { mode: 'update', today });
        const { changes } = await services.customers.update(
          options.teamId,
          existing.code,
          patch,
          options.actor,
          options.now,
          'import',
        );
        if (changes.length) report.updated++;
        else report.unchanged++;
      } else {
        const patch = parseCustomerForm(
          { owner: options.actor, ...withoutBlank(form, 'owner') },
          { mode: 'create', today },
        );
        await services.customers.create(
          options.teamId,
          patch,
          options.actor,
          options.now,
          'import',
          code || undefined,
        );
        report.created++;
      }
    } catch (error) {
      report.errors.push({ line, reason: reasonOf(error, settings.locale) });
    }
  }
  return report;
}

const REQUIRED_COLUMNS: CustomerField[] = ['name', 'industry', 'source', 'first_contact', 'owner'];

function withoutBlank(form: FormData, field: string): FormData {
  if (form[field]?.trim()) return form;
  const { [field]: _, ...rest } = form;
  return rest;
}

async function findExisting(
  customers: CustomerService,
  teamId: string,
  code: string | undefined,
  name: string | undefined,
): Promise<CustomerRecord | null> {
  if (code) {
    const byCode = await customers.get(teamId, code).catch(() => null);
    if (byCode) return byCode;
  }
  return name?.trim() ? customers.byName(teamId, name) : null;
}

export interface OrderImportReport {
  added: number;
  duplicates: number;
  errors: RowError[];
  ignoredColumns: string[];
}

/**
 * Imports orders (customer code or name, date, amount, order number, note). An order is added
 * once: by its order number, or else by customer, date, amount and note.
 */
export async function importOrders(
  services: { customers: CustomerService; workspaces: WorkspaceService },
  csv: string,
  options: ImportOptions,
): Promise<OrderImportReport> {
  const settings = await services.workspaces.settings(options.teamId);
  const today = localDate(options.now, settings.timeZone);
  const { rows, unknown } = readRows(csv, ORDER_COLUMNS);
  const report: OrderImportReport = {
    added: 0,
    duplicates: 0,
    errors: [],
    ignoredColumns: unknown,
  };
  for (const { line, form } of rows) {
    try {
      const ref = form.customer?.trim() ?? '';
      const customer = await findExisting(
        services.customers,
        options.teamId,
        CUSTOMER_CODE.test(ref) ? ref.toUpperCase() : undefined,
        ref,
      );
      if (!customer)
        throw new AppError('NOT_FOUND', 'customer.error.notFound', { code: ref || '?' });
      const order = parseOrderForm(form, today);
      const { duplicate } = await services.customers.recordOrder(
        options.teamId,
        customer.code,
        order,
        options.actor,
        options.now,
        'import',
      );
      if (duplicate) report.duplicates++;
      else report.added++;
    } catch (error) {
      report.errors.push({ line, reason: reasonOf(error, settings.locale) });
    }
  }
  return report;
}

/** All customers as CSV with the import's headers (English or Chinese), UTF-8 with a BOM for Excel. */
export async function exportCustomers(
  customers: CustomerService,
  teamId: string,
  lang: Locale,
): Promise<string> {
  const all = await customers.all(teamId);
  const header = CUSTOMER_COLUMNS.map((c) => (lang === 'zh-CN' ? c.zh : c.en));
  const rows = all.map((c) => {
    const values = customerFormData(c);
    return CUSTOMER_COLUMNS.map((col) => values[col.field] ?? '');
  });
  return `\uFEFF${stringify([header, ...rows])}`;
}
