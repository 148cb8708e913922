import { CUSTOMER_CODE, foldCode } from '../customer/rules.js';
import { choice, date, text, time, user, type FormData } from '../forms/kinds.js';
import { optional, readForm, required } from '../forms/read.js';
import { pastLocalInstant } from '../time.js';
import {
  COMPLAINT_URGENCIES,
  INTAKE_CHANNELS,
  SEVERITIES,
  TICKET_TYPES,
  type TicketInput,
} from './types.js';

/** Slack's plain_text_input holds at most 3000 characters. */
export const DESCRIPTION_MAX = 3000;
export const TITLE_MAX = 150;
/**
 * How far back "Received" may go: a ticket is filed within a year of the request. An older date
 * is a mistyped year (1970, 2016 for 2026), saved breached and escalated at once, and counted in
 * the figures as a resolution of years.
 */
export const RECEIVED_MAX_AGE_DAYS = 365;

/** The New ticket modal's fields, read by `parseTicketForm` (made once, not per submission). */
const TICKET_FORM = {
  customer: required(text({ max: 20, fold: true })),
  type: required(choice(TICKET_TYPES, 'ticket.type')),
  severity: required(choice(SEVERITIES, 'ticket.severity')),
  complaint_urgency: optional(choice(COMPLAINT_URGENCIES, 'complaint.urgency')),
  channel: required(choice(INTAKE_CHANNELS, 'ticket.channel')),
  title: required(text({ max: TITLE_MAX })),
  description: required(text({ max: DESCRIPTION_MAX, multiline: true })),
  received_date: required(date({ past: false })),
  received_time: required(time()),
  requester: optional(user()),
  contact_name: optional(text({ max: 100 })),
};

/**
 * The New ticket modal: customer (picker), type, severity, a complaint's urgency (general unless
 * chosen; ignored for other types), intake channel, title, description,
 * and when it was received (date and time in the workspace's zone, not in the future nor more
 * than RECEIVED_MAX_AGE_DAYS ago).
 */
export function parseTicketForm(
  form: FormData,
  context: { now: Date; timeZone: string; submissionId: string },
): TicketInput {
  let receivedAt: Date | undefined;
  let customerCode: string | undefined;
  const v = readForm(form, TICKET_FORM, undefined, (values, problems) => {
    customerCode = values.customer === undefined ? undefined : foldCode(values.customer);
    if (customerCode !== undefined && !CUSTOMER_CODE.test(customerCode))
      problems.customer = { key: 'ticket.error.pickCustomer' };
    if (!values.received_date || !values.received_time) return;
    receivedAt = pastLocalInstant(
      values.received_date,
      values.received_time,
      context.timeZone,
      context.now,
    );
    if (receivedAt.getTime() > context.now.getTime() + 60_000)
      problems.received_date = { key: 'form.error.futureDate' };
    else if (receivedAt.getTime() < context.now.getTime() - RECEIVED_MAX_AGE_DAYS * 86_400_000)
      problems.received_date = {
        key: 'ticket.error.receivedTooOld',
        params: { days: RECEIVED_MAX_AGE_DAYS },
      };
  });
  return {
    customerCode: customerCode ?? foldCode(v.customer),
    type: v.type,
    severity: v.severity,
    // A complaint's own scale (一般 / 紧急 / 特急): the modal shows it once the type is complaint,
    // preselected general; a submission without it (sent before the modal was updated) is general.
    ...(v.type === 'complaint' ? { complaintUrgency: v.complaint_urgency ?? 'general' } : {}),
    channel: v.channel,
    title: v.title,
    description: v.description,
    receivedAt: receivedAt ?? new Date(context.now),
    receivedTyped: true,
    submissionId: context.submissionId,
    // The requester: a Slack user picked (told of each step), or a contact outside Slack who
    // came by the ticket's channel. Neither: nobody is told (the filer is not assumed to be it).
    ...(v.requester || v.contact_name
      ? {
          requester: {
            ...(v.requester ? { userId: v.requester } : {}),
            ...(v.contact_name ? { contactName: v.contact_name, via: v.channel } : {}),
          },
        }
      : {}),
  };
}
