import { TZDate } from '@date-fns/tz';
import { FieldErrors, type FieldProblem } from '../errors.js';
import { parseDateOnly } from '../time.js';
import { CUSTOMER_CODE } from '../customer/rules.js';
import type { FormData } from '../customer/form.js';
import { INTAKE_CHANNELS, SEVERITIES, TICKET_TYPES } from './rules.js';
import type { TicketInput } from './service.js';

/** Slack's plain_text_input holds at most 3000 characters. */
export const DESCRIPTION_MAX = 3000;
export const TITLE_MAX = 150;

function pick<T extends string>(values: readonly T[], raw: string | undefined): T | undefined {
  return values.find((v) => v === raw);
}

/**
 * The New ticket modal: customer (picker), type, severity, intake channel, title, description,
 * and when it was received (date and time in the workspace's zone, not in the future).
 */
export function parseTicketForm(
  form: FormData,
  context: { now: Date; timeZone: string; submissionId: string },
): TicketInput {
  const problems: Record<string, FieldProblem> = {};
  const required = (field: string) => {
    const value = form[field]?.normalize('NFKC').trim();
    if (!value) problems[field] = { key: 'form.error.required' };
    return value;
  };
  const customerCode = required('customer')?.toUpperCase();
  if (customerCode && !CUSTOMER_CODE.test(customerCode))
    problems.customer = { key: 'ticket.error.pickCustomer' };
  const choice = <T extends string>(field: string, values: readonly T[]) => {
    const raw = required(field);
    const value = pick(values, raw);
    if (raw && !value)
      problems[field] = { key: 'form.error.choice', params: { choices: values.join(', ') } };
    return value;
  };
  const type = choice('type', TICKET_TYPES);
  const severity = choice('severity', SEVERITIES);
  const channel = choice('channel', INTAKE_CHANNELS);
  const title = required('title');
  if (title && title.length > TITLE_MAX)
    problems.title = { key: 'form.error.tooLong', params: { max: TITLE_MAX } };
  const description = required('description');
  if (description && description.length > DESCRIPTION_MAX) {
    problems.description = { key: 'form.error.tooLong', params: { max: DESCRIPTION_MAX } };
  }

  const date = form.received_date ? parseDateOnly(form.received_date) : undefined;
  const time = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(form.received_time?.trim() ?? '');
  let receivedAt: Date | undefined;
  if (!date)
    problems.received_date = {
      key: form.received_date ? 'form.error.date' : 'form.error.required',
    };
  else if (!time) problems.received_time = { key: 'form.error.required' };
  else {
    const [y, m, d] = date.split('-').map(Number) as [number, number, number];
    receivedAt = new Date(
      new TZDate(y, m - 1, d, Number(time[1]), Number(time[2]), context.timeZone).getTime(),
    );
    if (receivedAt.getTime() > context.now.getTime() + 60_000) {
      problems.received_date = { key: 'form.error.futureDate' };
    }
  }

  if (Object.keys(problems).length) throw new FieldErrors(problems);
  return {
    customerCode: customerCode!,
    type: type!,
    severity: severity!,
    channel: channel!,
    title: title!,
    description: description!,
    receivedAt: receivedAt!,
    submissionId: context.submissionId,
  };
}
