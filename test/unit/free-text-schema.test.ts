import type { Schema } from 'mongoose';
import { describe, expect, test } from 'vitest';
import {
  customerChangeSchema,
  customerSchema,
  interactionSchema,
  orderSchema,
} from '../../src/customer/model.js';
import {
  FREE_TEXT,
  SUBMISSION_KEY_FIELDS,
  type FreeTextCollection,
} from '../../src/privacy/repository.js';
import { taskSchema } from '../../src/task/model.js';
import { ticketSchema } from '../../src/ticket/model.js';

/**
 * Every stored string field of the collections whose typed text retention and erasures rewrite
 * (FREE_TEXT) that may hold words a person typed, where another customer's contact may be named,
 * is in FREE_TEXT. A new string field must be listed there, or below as not typed (ids, keys,
 * dates, the desk's own words, or the record's own personal data, which an erasure of it
 * removes as a whole): session 56's attempt summary and "resolved without the contact" reason
 * were in neither, so retention and the erasures left them as typed.
 */
const SCHEMAS: Record<FreeTextCollection, Schema> = {
  tickets: ticketSchema as unknown as Schema,
  interactions: interactionSchema as unknown as Schema,
  tasks: taskSchema as unknown as Schema,
  customers: customerSchema as unknown as Schema,
  customerChanges: customerChangeSchema as unknown as Schema,
  orders: orderSchema as unknown as Schema,
};

/** Slack ids (users, channels, teams, message ts), record ids, numbers, codes, keys, links. */
const IDS =
  /(^|\.)(_id|teamId|by|\w+By|\w+Id|\w+Ids|ownerId|userId|heldBy|channel|ts|team|key|\w+Key|number|\w+Number|code|\w+Code|op|mark|permalink|\w+Permalink|\w+Link)$/;

/** String fields that hold no typed words (beyond IDS), per collection. */
const NOT_TYPED: Record<FreeTextCollection, string[]> = {
  tickets: [
    // The customer's name as the ticket copies it: the customer's own, erased with it.
    'customerName',
    'guestOwner',
    'standInTakenFor.guestOwner',
    'followers',
    'followedAt.user',
    'followersOwed.user',
    'submissionId',
    // The New ticket modal's view id that made a message's ticket.
    'formView',
    'follows',
    // How the contact or an attempt was made: one of the form's channels.
    'complaint.contactVia',
    'complaint.attempts.via',
    'complaint.repeatOf',
    'alertsOwed',
    'erasureResumeOwed',
    'erasureResumeUser',
    'erasureResumeOwnerNamed',
    'erasureResumeOwnerTo',
    // Dates as YYYY-MM-DD.
    'promisedDate',
    'promiseLapsedFor',
    'mergedInto',
    // A timeline entry's kind, its ids and tickets, how a response went, what the customer's
    // words were (said: one of a few kinds), a Slack message's `<channel>:<ts>`.
    'timeline.action',
    'timeline.owners.guestOwner',
    'timeline.via',
    'timeline.said',
    'timeline.writer',
    'timeline.into',
    'timeline.mergedFrom',
    'timeline.followedBy',
    'timeline.released',
    // The Slack Connect channel its customer disconnected (an id).
    'timeline.unshared',
  ],
  interactions: [
    // Dates as YYYY-MM-DD, the submission's key.
    'nextStepDate',
    'source',
  ],
  tasks: [
    'customerName',
    'episode',
    'guestOwner',
    'alsoTickets',
    // The catalogue's words around the customer's name in a greeting's content (the desk's).
    'contentAround',
    'dueDate',
    'doneDate',
    'rescheduled.from',
    'rescheduled.to',
    'noticesOwed.from',
    'noticesOwed.to',
    'noticesOwed.managers',
    // A DM's typed contact: the customer's own, taken off by its erasure (withoutTypedContacts).
    'noticesOwed.contact',
    'noticesOwed.call',
    // How a complaint contact attempt was made: one of the form's channels.
    'noticesOwed.via',
    'interactionOwed.date',
    'interactionOwed.nextStepDate',
  ],
  customers: [
    // The customer's own file: erased whole with it, never naming another customer's people.
    'name',
    'nameKey',
    'sortKey',
    'sortKeyOf',
    'searchTerms',
    'industry',
    'occupation',
    'region',
    'address',
    'contacts.name',
    'contacts.title',
    'contacts.phone',
    'contacts.email',
    'contacts.im',
    'contacts.birthday',
    'contacts.preferredChannel',
    'contacts.optOuts',
    'tags',
    'industryTags',
    'valueTags',
    'needTags',
    'firstContactDate',
    'cooperationStartDate',
    'lastOrderDate',
    'contractEndDate',
    'projectUntil',
    'currency',
    'createdIn',
    'tierMove.review',
    'lowRisk.on',
    'lowRisk.since',
    'lowRisk.until',
    'lowRisk.from',
    'lowRisk.past.since',
    'lowRisk.past.until',
    'lowRisk.cut',
    'namesOwed.from',
  ],
  customerChanges: ['field', 'subject'],
  orders: ['date', 'deliveredOn', 'deliveryRecordedOn', 'dedupeKey', 'rowKey'],
};

/**
 * A field named as one keeping a form's submission (`…Form`, `…submission…`, `source`): it may
 * hold a submission key (view id and a digest of what was typed), which an erasure must take off
 * (SUBMISSION_KEY_FIELDS), unless it is known to hold none (below).
 */
const FORM_LIKE = /(^|\.)(\w*(Form|form|Submission|submission)\w*|source)$/;

/** Fields named so that hold no submission key, per collection, and why. */
const NOT_A_SUBMISSION_KEY: Partial<Record<FreeTextCollection, string[]>> = {
  // New ticket: its view's id alone (no digest of the values), as `submissionId` or, for a
  // message's ticket (keyed by the message), as `formView`.
  tickets: ['submissionId', 'formView'],
  // Record order: its modal's view id alone (no digest of the values), to know a repeat's order.
  orders: ['submissionId'],
  // Log interaction: `view:<view id>`, no digest of the values.
  interactions: ['source'],
};

const keyFields = (name: FreeTextCollection): readonly string[] =>
  (SUBMISSION_KEY_FIELDS as Partial<Record<FreeTextCollection, readonly string[]>>)[name] ?? [];

/** The schema's string leaves (dotted, through subdocuments and arrays), enums left out. */
function stringPaths(schema: Schema, prefix = ''): string[] {
  const out: string[] = [];
  schema.eachPath((path, type) => {
    const t = type as unknown as {
      schema?: Schema;
      instance: string;
      enumValues?: string[];
      embeddedSchemaType?: { instance: string; enumValues?: string[] };
    };
    const full = prefix + path;
    if (t.schema) out.push(...stringPaths(t.schema, `${full}.`));
    else if (t.instance === 'String' && !t.enumValues?.length) out.push(full);
    else if (
      t.instance === 'Array' &&
      t.embeddedSchemaType?.instance === 'String' &&
      !t.embeddedSchemaType.enumValues?.length
    )
      out.push(full);
    // Mixed: a ticket's alerts (times), the customer's orders by month and a change's old and
    // new values (FREE_TEXT): not walked.
  });
  return out;
}

describe('the typed text retention and the erasures rewrite (FREE_TEXT)', () => {
  for (const [name, schema] of Object.entries(SCHEMAS) as [FreeTextCollection, Schema][]) {
    test(`every string field of ${name} is in FREE_TEXT or known not to be typed`, () => {
      const known = new Set<string>([...FREE_TEXT[name], ...NOT_TYPED[name], ...keyFields(name)]);
      const unknown = stringPaths(schema).filter((p) => !known.has(p) && !IDS.test(p));
      expect(unknown).toEqual([]);
    });

    test(`every FREE_TEXT field of ${name} is stored`, () => {
      const mixed = name === 'customerChanges' ? ['oldValue', 'newValue'] : [];
      const stored = new Set([...stringPaths(schema), ...mixed]);
      expect(FREE_TEXT[name].filter((f) => !stored.has(f))).toEqual([]);
    });
  }
});

describe('the fields holding a submission key (SUBMISSION_KEY_FIELDS), which the erasures take off', () => {
  for (const [name, schema] of Object.entries(SCHEMAS) as [FreeTextCollection, Schema][]) {
    test(`every field of ${name} that may keep a form's submission is declared`, () => {
      const declared = new Set([...keyFields(name), ...(NOT_A_SUBMISSION_KEY[name] ?? [])]);
      const undeclared = stringPaths(schema).filter((p) => FORM_LIKE.test(p) && !declared.has(p));
      expect(undeclared).toEqual([]);
    });

    test(`every SUBMISSION_KEY_FIELDS field of ${name} is stored, and not said to be typed text or no key`, () => {
      const stored = new Set(stringPaths(schema));
      expect(keyFields(name).filter((f) => !stored.has(f))).toEqual([]);
      const elsewhere = new Set<string>([
        ...FREE_TEXT[name],
        ...NOT_TYPED[name],
        ...(NOT_A_SUBMISSION_KEY[name] ?? []),
      ]);
      expect(keyFields(name).filter((f) => elsewhere.has(f))).toEqual([]);
    });
  }
});
