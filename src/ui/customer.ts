import type { ModalView, Option, PlainTextOption } from '@slack/types';
import {
  FIELDS,
  FIELDS_BY_LOG_NAME,
  MODAL_SECTIONS,
  TAG_PICKS,
  needMarksBlock,
  needRowBlock,
  otherTagsField,
  readOverrideLogValue,
  type FieldSpec,
  type ModalSection,
  type NeedRowState,
} from '../customer/fields.js';
import { needList, parseTags, phoneExtension } from '../forms/kinds.js';
import {
  HIDDEN,
  INTERACTION_TYPES,
  type ChangeRecord,
  type Contact,
  type CustomerRecord,
  type InteractionRecord,
  type CommercialFigures,
  type NeedItem,
  orderNumberOf,
  type OrderRecord,
  type ServiceHistory,
  type TagFamily,
  type TicketBrief,
} from '../customer/types.js';
import { ERASED } from '../erased.js';
import { erasedPersonIn, isMessageKey, type MessageKey, type Translate } from '../i18n/index.js';
import {
  actions,
  builtBlock,
  button,
  context,
  divider,
  field,
  fieldsSection,
  fieldsSections,
  header,
  labelled,
  markdown,
  plain,
  type Block,
  type Message,
} from './blocks.js';
import {
  dateInput,
  formModal,
  inputBlock,
  option,
  options,
  selectInput,
  textInput,
  type Form,
} from './inputs.js';
import { CUSTOMER, TASK, TICKET } from './ids.js';
import { clip } from '../text/clip.js';
import {
  clipMrkdwn,
  escape,
  escapeClipped,
  join,
  keep,
  link,
  literalClipped,
  md,
  mention,
  slackTime,
  type Mrkdwn,
} from './text.js';
import { formatPhone } from '../phone.js';
import { formatAmount } from './format.js';
import { maskFreeText } from '../privacy/free-text.js';
import { SLACK_ID } from '../slack-ids.js';

export interface CustomerModalInput {
  mode: 'create' | 'edit';
  /** Current values as form data (field name -> text). */
  values: Form;
  /** The private metadata to carry to the submission. */
  metadata: string;
  currency: string;
  /** Managers and admins see the tier override fields. */
  showOverride: boolean;
  /**
   * Service staff editing a customer they do not own: only the service fields (contacts,
   * address, region, tags) are shown, so the form asks only for what they may change.
   */
  serviceOnly?: boolean;
  /** Revenue comes from orders: the field is shown for reference and may not change. */
  revenueFromOrders: boolean;
  /** The tags in use in the workspace, per family, most used first (offered in the pick lists). */
  tagsInUse?: Partial<Record<TagFamily, readonly string[]>>;
  /** The needs matrix's rows (Edit): else one per need of `values.needs_matrix`, or one empty. */
  needRows?: readonly NeedRowState[];
  /**
   * The fields the reader sees masked (Edit, src/customer/form.ts maskedFields): a masked date
   * opens empty, and says that left empty it keeps the date on file.
   */
  masked?: readonly string[];
}

/** Slack's limits on a static select: options, and characters of an option's text and value. */
const SELECT_OPTIONS_MAX = 100;
const OPTION_MAX = 75;

/**
 * A tag family's pick list's options: the manuals' suggestions (in the reader's language), the
 * customer's tags, then the workspace's tags in use, once each (`ＶＩＰ` and `VIP` are one), at
 * most 100 (Slack's limit: the most used are kept; any other can be typed beside the list).
 */
export function tagPickOptions(
  t: Translate,
  family: TagFamily,
  current: readonly string[],
  inUse: readonly string[] = [],
): PlainTextOption[] {
  const seen = new Set<string>();
  const out: PlainTextOption[] = [];
  const suggested = parseTags(t.plain(`customer.tagSuggestions.${family}`));
  for (const tag of [...suggested, ...current, ...inUse]) {
    const key = tag.normalize('NFKC');
    if (seen.has(key) || tag.length > OPTION_MAX || out.length >= SELECT_OPTIONS_MAX) continue;
    seen.add(key);
    out.push(option(tag, tag));
  }
  return out;
}

/** A tag family as a pick list, and the free text beside it for a value not in the list yet. */
function tagPickBlocks(
  t: Translate,
  field: string,
  family: TagFamily,
  spec: FieldSpec,
  input: CustomerModalInput,
): Block[] {
  const current = parseTags(input.values[field]?.replace(/, /g, ','));
  const choices = tagPickOptions(t, family, current, input.tagsInUse?.[family]);
  // Chosen in the customer's order.
  const chosen = current.flatMap((tag) => choices.filter((c) => c.value === tag));
  const other = current.filter((tag) => !chosen.some((c) => c.value === tag));
  return [
    inputBlock(
      {
        block: field,
        label: t.plain(spec.label),
        optional: true,
        hint: t.plain('customer.modal.tagPickHint'),
        placeholder: t.plain('customer.placeholder.pickTags'),
      },
      {
        type: 'multi_static_select',
        options: choices,
        max_selected_items: 20,
        ...(chosen.length ? { initial_options: chosen } : {}),
      },
    ),
    textInput(
      {
        block: otherTagsField(field),
        label: t.plain(OTHER_TAGS_LABELS[family]),
        optional: true,
        hint: t.plain('customer.modal.otherTagsHint'),
        ...(spec.modal?.placeholder ? { placeholder: t.plain(spec.modal.placeholder) } : {}),
      },
      // A tag too long for an option (none the parser keeps) stays here, not lost.
      other.length ? other.join(', ') : undefined,
      { max: 400 },
    ),
  ];
}

const OTHER_TAGS_LABELS: Record<TagFamily, MessageKey> = {
  industry: 'customer.field.industryTagsOther',
  value: 'customer.field.valueTagsOther',
  needs: 'customer.field.needTagsOther',
};

/**
 * The need rows Edit opens with: one per need as stored, or one empty row. Taken from the record,
 * never from its text read again: a need the form would now refuse (grown past 300 characters
 * by an erasure's marks) or one whose text has a `;` stays one row as it is.
 */
export function needRowsFromItems(items: readonly NeedItem[] | undefined): NeedRowState[] {
  if (!items?.length) return [{ id: 0 }];
  return items.map((n, id) => ({ id, text: n.text, urgent: n.urgent, important: n.important }));
}

/** The need rows of a form's matrix text (a modal built from form data alone), or one empty row. */
export function needRowsFromForm(matrix: string | undefined): NeedRowState[] {
  const parsed = matrix ? needList().parse(matrix, undefined) : undefined;
  const items = parsed?.ok ? parsed.value : [];
  if (!items.length) return [{ id: 0 }];
  return items.map((n, id) => ({ id, text: n.text, urgent: n.urgent, important: n.important }));
}

/** The block that introduces the need rows; the rows and Add need follow it. */
export const NEEDS_INTRO_BLOCK = 'needs_matrix';
export const NEEDS_ADD_BLOCK = 'needs_add';
/** At most this many rows (manual C's matrix; 2 blocks a row keep the modal under 100). */
export const NEED_ROWS_MAX = 20;

/** Whether a block is one of the need rows' (or Add need): what Add and Remove rebuild. */
export function isNeedRowBlock(blockId: string | undefined): boolean {
  return !!blockId && (/^need_\d+(_marks)?$/.test(blockId) || blockId === NEEDS_ADD_BLOCK);
}

/**
 * The needs matrix as rows: per need its text (an input, where its problem shows) and, in an
 * actions block beside it, its urgency and importance and Remove; then Add need. Each row's
 * block ids come from its id, so they stay the same when other rows come and go (Slack keeps
 * what was typed in a block whose id it knows).
 */
export function needRowBlocks(t: Translate, rows: readonly NeedRowState[]): Block[] {
  const blocks: Block[] = [];
  const mark = (value: boolean | undefined, yes: string, no: string) =>
    value === undefined ? undefined : value ? yes : no;
  const select = (
    actionId: string,
    placeholder: MessageKey,
    choices: [string, MessageKey][],
    chosen: string | undefined,
  ) => {
    const opts = choices.map(([value, label]) => option(t.plain(label), value));
    const initial = opts.find((o) => o.value === chosen);
    return {
      type: 'static_select',
      action_id: actionId,
      placeholder: plain(t.plain(placeholder)),
      options: opts,
      ...(initial ? { initial_option: initial } : {}),
    };
  };
  rows.forEach((row, i) => {
    blocks.push(
      textInput(
        {
          block: needRowBlock(row.id),
          label: t.plain('customer.needs.row', { n: i + 1 }),
          optional: true,
          placeholder: t.plain('customer.needs.placeholder'),
        },
        row.text,
        { max: 300 },
      ),
    );
    blocks.push(
      builtBlock({
        type: 'actions',
        block_id: needMarksBlock(row.id),
        elements: [
          select(
            CUSTOMER.needUrgency,
            'customer.needs.urgency',
            [
              ['urgent', 'customer.needs.urgent'],
              ['not_urgent', 'customer.needs.notUrgent'],
            ],
            mark(row.urgent, 'urgent', 'not_urgent'),
          ),
          select(
            CUSTOMER.needImportance,
            'customer.needs.importance',
            [
              ['important', 'customer.needs.important'],
              ['not_important', 'customer.needs.notImportant'],
            ],
            mark(row.important, 'important', 'not_important'),
          ),
          button({
            actionId: CUSTOMER.needRemove,
            text: t.plain('customer.needs.remove'),
            value: String(row.id),
          }),
        ],
      } as Parameters<typeof builtBlock>[0]),
    );
  });
  if (rows.length < NEED_ROWS_MAX)
    blocks.push(
      actions(NEEDS_ADD_BLOCK, [
        button({ actionId: CUSTOMER.needAdd, text: t.plain('customer.needs.add'), value: 'add' }),
      ]),
    );
  return blocks;
}

/** The modal's private metadata with the need rows' ids and the next id Add need gives. */
export function withNeedRows(metadata: string, rows: readonly NeedRowState[]): string {
  const meta = (metadata ? JSON.parse(metadata) : {}) as Record<string, unknown>;
  const ids = rows.map((r) => r.id);
  const next = Math.max(Number(meta.needNext ?? 0), ...ids.map((id) => id + 1));
  return JSON.stringify({ ...meta, needRows: ids, needNext: next });
}

/** The placeholder of an input whose field names no example: "Choose one", "Pick a date". */
const GENERIC_PLACEHOLDER: Partial<Record<FieldSpec['kind']['input']['type'], MessageKey>> = {
  select: 'form.placeholder.choose',
  user: 'form.placeholder.person',
  date: 'form.placeholder.date',
};

/** Tags as chips: each in inline code, escaped (a backtick in a tag would end its chip). */
export function tagChips(tags: readonly string[]): Mrkdwn {
  return join(
    tags.map((tag) => md`\`${escape(tag.replace(/`/g, "'"))}\``),
    ' ',
  );
}

/** The input of one registry field, filled with its current value. */
function fieldInput(
  t: Translate,
  field: string,
  spec: FieldSpec,
  values: Form,
  opts: { currency: string; hint?: MessageKey; required?: boolean },
): Block {
  const input = spec.kind.input;
  const hint = opts.hint ?? spec.modal?.hint;
  const placeholder = spec.modal?.placeholder ?? GENERIC_PLACEHOLDER[input.type];
  const block = {
    block: field,
    label: t.plain(spec.label, { currency: opts.currency }),
    optional: !(opts.required ?? spec.modal?.required ?? spec.required ?? false),
    ...(hint ? { hint: t.plain(hint) } : {}),
    ...(placeholder ? { placeholder: t.plain(placeholder) } : {}),
  };
  const value = values[field];
  switch (input.type) {
    case 'select':
      return selectInput(block, options(t, input.values, input.labels), value);
    case 'date':
      return dateInput(block, value);
    case 'user':
      return inputBlock(block, { type: 'users_select', ...(value ? { initial_user: value } : {}) });
    case 'time':
      return inputBlock(block, { type: 'timepicker', ...(value ? { initial_time: value } : {}) });
    case 'text':
      return textInput(block, value, { max: input.max, multiline: input.multiline ?? false });
  }
}

/**
 * The customer modal, empty for `/customer new`, filled for Edit: the registry's fields by
 * section (src/customer/fields.ts MODAL_SECTIONS), each under its heading, the required ones
 * first; fields marked `editOnly` in Edit only; the tier override for managers and admins;
 * `serviceOnly` keeps the service fields (contacts, region, tags). Text inputs show an example,
 * selects and pickers a generic prompt; the current tags show as chips under their input.
 */
export function customerModal(t: Translate, input: CustomerModalInput): ModalView {
  const blocks: Block[] = [];
  let metadata = input.metadata;
  for (const section of MODAL_SECTIONS) {
    if (section === 'override' && !input.showOverride) continue;
    const shown = FIELDS.filter(
      ([, spec]) =>
        spec.modal?.section === section &&
        (input.mode === 'edit' || !spec.modal.editOnly) &&
        (!input.serviceOnly || spec.edit === 'service'),
    );
    if (!shown.length) continue;
    if (blocks.length) blocks.push(divider());
    blocks.push(header(t.plain(SECTION_HEADINGS[section])));
    for (const [field, spec] of shown) {
      const family = TAG_PICKS.find(([f]) => f === field)?.[1];
      if (family) {
        blocks.push(...tagPickBlocks(t, field, family, spec, input));
        continue;
      }
      if (field === 'needs_matrix') {
        const rows = input.needRows ?? needRowsFromForm(input.values.needs_matrix);
        blocks.push(
          builtBlock({
            ...context(t('customer.needs.intro')),
            block_id: NEEDS_INTRO_BLOCK,
          } as Parameters<typeof builtBlock>[0]),
        );
        blocks.push(...needRowBlocks(t, rows));
        metadata = withNeedRows(metadata, rows);
        continue;
      }
      const locked = field === 'annual_revenue' && input.revenueFromOrders;
      const hiddenDate = spec.kind.input.type === 'date' && input.masked?.includes(field);
      blocks.push(
        // A date picker holds only a date: a masked one (`***`) opens empty.
        fieldInput(
          t,
          field,
          spec,
          hiddenDate ? { ...input.values, [field]: undefined } : input.values,
          {
            currency: input.currency,
            ...(locked ? { hint: 'customer.modal.revenueFromOrders' as const } : {}),
            ...(hiddenDate ? { hint: 'customer.modal.hiddenDate' as const } : {}),
          },
        ),
      );
      const tags = field === 'tags' ? input.values.tags?.split(', ').filter(Boolean) : undefined;
      if (tags?.length)
        blocks.push(context(t('customer.modal.currentTags', { tags: keep(tagChips(tags)) })));
    }
  }
  return {
    type: 'modal',
    callback_id: input.mode === 'create' ? CUSTOMER.createView : CUSTOMER.editView,
    private_metadata: metadata,
    title: plain(
      t.plain(input.mode === 'create' ? 'customer.modal.newTitle' : 'customer.modal.editTitle'),
      24,
    ),
    submit: plain(
      t.plain(input.mode === 'create' ? 'customer.modal.createSubmit' : 'modal.save'),
      24,
    ),
    close: plain(t.plain('modal.cancel'), 24),
    blocks,
  };
}

const SECTION_HEADINGS: Record<ModalSection, MessageKey> = {
  basics: 'customer.section.basics',
  owner: 'customer.section.owner',
  company: 'customer.section.company',
  contact: 'customer.section.contact',
  commercial: 'customer.section.commercial',
  needs: 'customer.section.needs',
  notes: 'customer.section.notes',
  override: 'customer.section.override',
};

/** The card's tier, with an override's computed tier and reason (read through `typed`). */
export function tierText(t: Translate, c: CustomerRecord, typed: Typed): Mrkdwn {
  const tier = t(`tier.${c.tier}`);
  if (!c.tierOverride) return tier;
  return t('customer.card.tierOverridden', {
    tier: keep(tier),
    computed: keep(t(`tier.${c.computedTier}`)),
    reason: typed(c.tierOverride.reason),
  });
}

/** The customer card's buttons, in order; each carries the customer's code. */
const CARD_BUTTONS: [string, MessageKey][] = [
  [TICKET.newFromCustomer, 'customer.button.newTicket'],
  [TASK.newOpen, 'task.new.button'],
  [CUSTOMER.editButton, 'customer.button.edit'],
  [CUSTOMER.contactsButton, 'customer.button.contacts'],
  [CUSTOMER.interactionButton, 'customer.button.logInteraction'],
  [CUSTOMER.orderButton, 'customer.button.recordOrder'],
  [CUSTOMER.deliveryButton, 'customer.button.recordDelivery'],
  [CUSTOMER.historyButton, 'customer.button.history'],
  [CUSTOMER.channelButton, 'channel.button'],
];

export interface CardExtras {
  timeZone: string;
  openTickets: number;
  /** The latest interactions, newest first. */
  interactions: InteractionRecord[];
  /**
   * Figures from the orders (a card of a customer just created has none), `masked` for a reader
   * who may not see them: each says `***`.
   */
  figures?: CommercialFigures | 'masked';
  service?: ServiceHistory;
  /** Days after the first contact a late file was recorded. */
  lateBy?: number;
}

/**
 * One contact in one line: name, role, title, phone, email, IM, then how they want to be
 * reached: their preferred channel and what they opted out of (so whoever opens the card to call
 * or greet them reads it there; domain 7, over-contacting). Every surface that shows a contact
 * goes through here, with the contact already masked for the viewer.
 */
export function contactLine(t: Translate, p: Contact): Mrkdwn {
  const parts: Mrkdwn[] = [md`*${escape(p.name)}*`];
  if (p.role) parts.push(t(`contactRole.${p.role}`));
  const phone = p.phone && formatPhone(p.phone, phoneExtension(t.locale));
  for (const detail of [p.title, phone, p.email, p.im]) if (detail) parts.push(escape(detail));
  if (p.preferredChannel)
    parts.push(t('customer.contact.prefers', { channel: p.preferredChannel }));
  if (p.optOuts.length)
    parts.push(
      t('customer.contact.optOuts', {
        list: p.optOuts.join(t.plain('common.listSeparator')),
      }),
    );
  return join(parts, ' · ');
}

/** Contacts on the card: the first five, the primary first. */
const CARD_CONTACTS = 5;

/** A ticket number, linked to its card when it has one. */
function ticketRef(ticket: TicketBrief): Mrkdwn {
  return ticket.permalink ? link(ticket.permalink, escape(ticket.number)) : escape(ticket.number);
}

/** Typed text as the card's reader may read it (phones and emails masked unless allowed). */
type Typed = (text: string) => string;

/**
 * The card's service history: open tickets, the latest closed ones, complaints, last revisit;
 * what was typed in them (titles, resolutions, the revisit's summary) as `typed` gives it.
 */
function serviceLines(t: Translate, s: ServiceHistory, timeZone: string, typed: Typed): Mrkdwn[] {
  const lines: Mrkdwn[] = [
    s.open.length
      ? t('customer.card.openTicketsLine', {
          list: keep(
            join(
              s.open.map((o) => md`${ticketRef(o)} ${escapeClipped(typed(o.title), 80)}`),
              ' · ',
            ),
          ),
        })
      : t('customer.card.openTicketsNone'),
  ];
  // The last revisit's score is said on its own line (with its date): not again on its ticket's.
  const revisited = s.lastRevisit?.ticketNumber;
  for (const c of s.closed) {
    const line = t('customer.card.closedLine', {
      number: keep(ticketRef(c)),
      when: keep(
        c.resolvedAt || c.closedAt
          ? slackTime((c.resolvedAt ?? c.closedAt)!, timeZone)
          : escape(''),
      ),
      // A merged duplicate was not resolved: where it went, not "no resolution noted".
      resolution: keep(
        c.resolution
          ? escapeClipped(typed(c.resolution), 150)
          : c.mergedInto && !c.resolvedAt
            ? t('ticket.card.mergedInto', { into: c.mergedInto })
            : t('customer.card.noResolution'),
      ),
    });
    lines.push(
      c.satisfaction !== undefined &&
        !(revisited === c.number && s.lastRevisit?.satisfaction !== undefined)
        ? t('customer.card.closedSatisfaction', { line: keep(line), score: c.satisfaction })
        : line,
    );
  }
  lines.push(t('customer.card.complaints12', { count: s.complaints }));
  const r = s.lastRevisit;
  if (r) {
    const result: Mrkdwn[] = [];
    if (r.solved !== undefined)
      result.push(t(r.solved ? 'customer.card.revisitSolved' : 'customer.card.revisitUnsolved'));
    if (r.satisfaction !== undefined)
      result.push(t('customer.card.revisitScore', { score: r.satisfaction }));
    if (r.nps !== undefined) result.push(t('customer.card.revisitNps', { nps: r.nps }));
    // The summary the desk wrote from those scores says them again: said once.
    if (!r.summaryGenerated || !result.length) result.push(escapeClipped(typed(r.summary), 200));
    const params = {
      date: keep(slackTime(r.at, timeZone)),
      result: keep(join(result, ' · ')),
    };
    lines.push(
      r.ticketNumber
        ? t('customer.card.lastRevisitOf', { ...params, number: r.ticketNumber })
        : t('customer.card.lastRevisit', params),
    );
  }
  return lines;
}

/** Manual C's quadrants in the order they are worked on, each with its label on the card. */
const QUADRANTS: [(n: NeedItem) => boolean, MessageKey][] = [
  [(n) => n.urgent && n.important, 'customer.card.quadrantUrgentImportant'],
  [(n) => !n.urgent && n.important, 'customer.card.quadrantImportant'],
  [(n) => n.urgent && !n.important, 'customer.card.quadrantUrgent'],
  [(n) => !n.urgent && !n.important, 'customer.card.quadrantNeither'],
];

/**
 * The needs of the priority matrix grouped by quadrant (urgent and important, important, urgent,
 * neither), each quadrant's label then its needs; at most ten needs.
 */
function needLines(t: Translate, items: readonly NeedItem[], typed: Typed): Mrkdwn[] {
  const lines: Mrkdwn[] = [];
  let shown = 0;
  for (const [isIn, label] of QUADRANTS) {
    const needs = items.filter(isIn).slice(0, 10 - shown);
    if (!needs.length) continue;
    shown += needs.length;
    lines.push(md`_${t(label)}_`);
    for (const n of needs) lines.push(md`• ${escapeClipped(typed(n.text), 200)}`);
  }
  return lines;
}

/** The customer card, of the customer as the viewer may see it (src/customer/visibility.ts). */
export function customerCard(t: Translate, c: CustomerRecord, opts: CardExtras): Message {
  // A reader who may not see personal data reads typed text with phones and emails masked.
  const typed: Typed = (text) => (c.masked ? maskFreeText(text) : text);
  const shownContacts = c.contacts.slice(0, CARD_CONTACTS).map((p) => contactLine(t, p));
  if (c.contacts.length > CARD_CONTACTS)
    shownContacts.push(
      t('customer.card.moreContacts', { count: c.contacts.length - CARD_CONTACTS }),
    );
  const contacts = shownContacts.length ? join(shownContacts, '\n') : t('customer.card.noContacts');
  const item = (label: MessageKey, value: Mrkdwn, params?: Record<string, string>) =>
    field(t(label, params), value);
  const blocks: Block[] = [
    header(`${c.name} · ${c.code}`),
    fieldsSection([
      item(
        'customer.field.tier',
        c.valueClass
          ? md`${tierText(t, c, typed)} · ${t(`valueClass.${c.valueClass}`)}`
          : tierText(t, c, typed),
      ),
      item('customer.field.lifecycle', t(`lifecycle.${c.lifecycle}`)),
      item('customer.field.owner', mention(c.ownerId)),
      // The unit once (in the value); never typed and no orders: not recorded, not 0.
      item(
        'customer.card.annualPurchases',
        c.masked?.includes('annualRevenue')
          ? escape(HIDDEN)
          : typeof c.annualRevenue !== 'number'
            ? t('customer.card.notRecorded')
            : escape(formatAmount(c.annualRevenue, c.currency, t.locale)),
      ),
      item('customer.field.industry', escape(c.industry)),
      item('customer.field.source', t(`source.${c.source}`)),
      item(
        'customer.field.lastInteraction',
        c.lastInteractionAt
          ? slackTime(c.lastInteractionAt, opts.timeZone)
          : t('customer.card.never'),
      ),
      item('customer.field.potential', t(`potential.${c.potential}`)),
      item('customer.field.openTickets', escape(String(opts.openTickets))),
    ]),
  ];
  const f = opts.figures;
  const about: Mrkdwn[] = [
    item(
      'customer.field.customerType',
      c.customerType === 'person' && c.occupation
        ? md`${t('customerType.person')} · ${escape(c.occupation)}`
        : t(`customerType.${c.customerType}`),
    ),
  ];
  if (f === 'masked') {
    const hidden = escape(HIDDEN);
    about.push(
      item('customer.field.cooperationYears', hidden),
      item('customer.field.lastOrder', hidden),
      item('customer.field.historicTotal', hidden),
      item('customer.field.ordersLast12', hidden),
    );
  } else if (f) {
    about.push(
      item(
        'customer.field.cooperationYears',
        f.cooperationStart && f.cooperationYears !== undefined
          ? t('customer.card.cooperationYears', {
              years: f.cooperationYears,
              date: f.cooperationStart,
            })
          : t('customer.card.none'),
      ),
      item(
        'customer.field.lastOrder',
        f.lastOrderDate ? escape(f.lastOrderDate) : t('customer.card.none'),
      ),
      item(
        'customer.field.historicTotal',
        escape(formatAmount(f.historicTotal, c.currency, t.locale)),
      ),
      item('customer.field.ordersLast12', escape(String(f.ordersLast12Months))),
    );
  }
  if (c.address) about.push(item('customer.field.address', escapeClipped(c.address, 200)));
  blocks.push(...fieldsSections(about));
  if (opts.lateBy !== undefined)
    blocks.push(context(t('customer.card.late', { days: opts.lateBy, date: c.firstContactDate })));
  blocks.push(markdown(md`*${t('customer.field.contacts')}*\n${contacts}`));
  if (opts.service) {
    const lines = serviceLines(t, opts.service, opts.timeZone, typed);
    blocks.push(
      markdown(clipMrkdwn(md`*${t('customer.card.serviceHistory')}*\n${join(lines, '\n')}`, 2900)),
    );
  }
  if (opts.interactions.length) {
    const lines = opts.interactions.map((i) => {
      const line = md`${slackTime(i.at, opts.timeZone)} · ${t(`interaction.${i.type}`)} · ${mention(i.by)} · ${escapeClipped(typed(i.summary), 300)}`;
      if (!i.nextStep) return line;
      const step = escapeClipped(typed(i.nextStep), 200);
      const next = i.nextStepDate
        ? t('customer.card.nextStepBy', { step: keep(step), date: i.nextStepDate })
        : step;
      return md`${line} → ${next}`;
    });
    blocks.push(markdown(md`*${t('customer.card.recentInteractions')}*\n${join(lines, '\n')}`));
  }
  if (c.needs?.stated) {
    blocks.push(
      markdown(
        md`*${t('customer.field.needsStated')}*\n${escapeClipped(typed(c.needs.stated), 1000)}`,
      ),
    );
  }
  if (c.needs?.items?.length) {
    blocks.push(
      markdown(
        md`*${t('customer.field.needsMatrix')}*\n${join(needLines(t, c.needs.items, typed), '\n')}`,
      ),
    );
  }
  if (c.notes)
    blocks.push(
      markdown(md`*${t('customer.field.notes')}*\n${escapeClipped(typed(c.notes), 1500)}`),
    );
  const notes: Mrkdwn[] = [];
  if (c.tags.length) notes.push(labelled(t, 'customer.field.tags', tagChips(c.tags)));
  const families: [MessageKey, string[]][] = [
    ['customer.field.industryTags', c.industryTags],
    ['customer.field.valueTags', c.valueTags],
    ['customer.field.needTags', c.needTags],
  ];
  for (const [label, tags] of families)
    if (tags.length) notes.push(labelled(t, label, tagChips(tags)));
  if (c.contractEndDate)
    notes.push(labelled(t, 'customer.field.contractEnd', escape(c.contractEndDate)));
  // The running project's last day (weekly progress notes until then).
  if (c.projectUntil)
    notes.push(labelled(t, 'customer.field.projectUntil', escape(c.projectUntil)));
  if (c.competitorContact) notes.push(t('customer.card.competitor'));
  // The low churn risk class, while it stands, with the day the signals run computed it.
  if (c.lowRisk?.since && !c.lowRisk.until)
    notes.push(t('customer.card.lowRisk', { date: c.lowRisk.on }));
  else if (c.lowRisk?.heldBy)
    notes.push(
      t('customer.card.lowRiskHeld', {
        number: c.lowRisk.heldBy,
        // When the run found it so (a state from before it was kept: the day computed).
        when: keep(
          c.lowRisk.heldAt ? slackTime(c.lowRisk.heldAt, opts.timeZone) : escape(c.lowRisk.on),
        ),
      }),
    );
  if (notes.length) blocks.push(context(join(notes, ' · ')));
  // An upgrade intent on file (handed to sales): what they want, who heard it, when.
  if (c.upgradeIntent)
    blocks.push(
      context(
        t('customer.card.upgradeIntent', {
          what: clip(typed(c.upgradeIntent.what), 200),
          by: c.upgradeIntent.by,
          when: keep(slackTime(c.upgradeIntent.at, opts.timeZone)),
        }),
      ),
    );
  blocks.push(
    actions(
      'customer_actions',
      CARD_BUTTONS.map(([actionId, label]) =>
        button({ actionId, text: t.plain(label), value: c.code }),
      ),
    ),
  );
  return {
    text: md`${t('customer.nameCode', { name: c.name, code: c.code })} · ${t(`tier.${c.tier}`)}`,
    blocks,
  };
}

/**
 * The `/customer find` result: at most `items.length` rows and "and N more". None found, it
 * suggests `/customer new` only to one who may add customers (`mayCreate`).
 */
export function customerList(
  t: Translate,
  text: string,
  items: CustomerRecord[],
  total: number,
  mayCreate = true,
): Message {
  if (!items.length) {
    const none = t(mayCreate ? 'customer.find.none' : 'customer.find.noneCannotCreate', {
      text: clip(text, 100),
    });
    return { text: none, blocks: [markdown(none)] };
  }
  const title = t('customer.find.header', { total, text: clip(text, 100) });
  const blocks: Block[] = [markdown(md`*${title}*`)];
  for (const c of items) {
    blocks.push(
      markdown(
        md`*${escape(c.name)}* · ${escape(c.code)}\n${t(`tier.${c.tier}`)} · ${t(`lifecycle.${c.lifecycle}`)} · ${mention(c.ownerId)}`,
        button({
          actionId: CUSTOMER.openButton,
          text: t.plain('customer.button.open'),
          value: c.code,
        }),
      ),
    );
  }
  if (total > items.length) blocks.push(context(t('list.more', { count: total - items.length })));
  return { text: title, blocks };
}

/**
 * A change's owner who was erased since (a guest who owned the customer: their id `[erased]`
 * there), as a mention of nobody until its line is whole: then the catalogue's words for an
 * erased person (`erasedPersonIn`, "Someone whose…" after the field's colon, "someone whose…"
 * after the arrow), never `[erased]` shown as if it were a name.
 */
const ERASED_OWNER = md`<@${escape(ERASED)}>`;
const ERASED_OWNER_AT = new RegExp(ERASED_OWNER.replace(/[[\]]/g, '\\$&'));

function changeValue(t: Translate, field: string, value: unknown, currency: string): Mrkdwn {
  if (value === null || value === undefined || value === '') return t('customer.history.empty');
  if (typeof value === 'boolean') return t(value ? 'common.yes' : 'common.no');
  const text = String(value);
  if (field === 'tierOverride') {
    // `tier: reason` as logged: the tier by its label in the reader's language.
    const override = readOverrideLogValue(value);
    if (override) {
      const tier = keep(t(`tier.${override.tier}`));
      return override.reason.trim()
        ? t('customer.history.override', { tier, reason: clip(override.reason, 200) })
        : t(`tier.${override.tier}`);
    }
  }
  const input = FIELDS_BY_LOG_NAME.get(field)?.[1].kind.input;
  const label = input?.type === 'select' ? `${input.labels}.${text}` : '';
  if (isMessageKey(label)) return t(label);
  if (field === 'ownerId') return text === ERASED ? ERASED_OWNER : mention(text);
  if (field === 'contact.phone')
    return escapeClipped(formatPhone(text, phoneExtension(t.locale)), 200);
  if ((field === 'annualRevenue' || field === 'needs.budget') && typeof value === 'number')
    return escape(formatAmount(value, currency, t.locale));
  return escapeClipped(text, 200);
}

/** A change-log field as people call it (the registry's label), else its stored name. */
function fieldLabel(t: Translate, field: string, currency: string): Mrkdwn {
  if (field === 'contacts.primary') return t('customer.field.primaryContact');
  if (field === 'upgradeIntent') return t('customer.field.upgradeIntent');
  // Its values are amounts that say their currency (changeValue): the name says it once more
  // in the form's label ("Annual purchases (CNY)"), not here.
  if (field === 'annualRevenue') return t('customer.history.field.annualRevenue');
  if (field === 'needs.budget') return t('customer.history.field.needsBudget');
  const spec = FIELDS_BY_LOG_NAME.get(field)?.[1];
  return spec ? t(spec.label, { currency }) : escape(field);
}

export function historyMessage(
  t: Translate,
  c: CustomerRecord,
  items: ChangeRecord[],
  total: number,
  timeZone: string,
): Message {
  const title = t('customer.history.header', { name: c.name, code: c.code });
  if (!items.length)
    return { text: title, blocks: [markdown(title), context(t('customer.history.none'))] };
  const lines = items.map((ch) => {
    const when = keep(slackTime(ch.at, timeZone));
    // A person by their mention; the desk's own changes (its jobs, SYSTEM_ACTOR) by its name.
    const by = keep(SLACK_ID.user.test(ch.by) ? mention(ch.by) : t('customer.history.desk'));
    const source = keep(t(`change.source.${ch.source}`));
    if (ch.field === 'created') return t('customer.history.created', { when, by, source });
    if (ch.subject)
      return t('customer.history.contactLine', {
        when,
        by,
        field: keep(fieldLabel(t, ch.field, c.currency)),
        contact: ch.subject,
        old: keep(changeValue(t, ch.field, ch.oldValue, c.currency)),
        new: keep(changeValue(t, ch.field, ch.newValue, c.currency)),
        source,
      });
    return t('customer.history.line', {
      when,
      by,
      field: keep(fieldLabel(t, ch.field, c.currency)),
      old: keep(changeValue(t, ch.field, ch.oldValue, c.currency)),
      new: keep(changeValue(t, ch.field, ch.newValue, c.currency)),
      source,
    });
  });
  // One block per change, so a long value never cuts off the older lines.
  const blocks: Block[] = [
    markdown(title),
    ...lines.map((line) => markdown(erasedPersonIn(t.locale, line, ERASED_OWNER_AT) as Mrkdwn)),
  ];
  // The history has no search to narrow: say how many are shown, and that older ones exist.
  if (total > items.length)
    blocks.push(
      context(t('customer.history.more', { shown: items.length, count: total - items.length })),
    );
  return { text: title, blocks };
}

export function interactionModal(
  t: Translate,
  input: { name: string; today: string; metadata: string },
): ModalView {
  return formModal(t, {
    callbackId: CUSTOMER.interactionView,
    title: 'interaction.modal.title',
    submit: 'interaction.modal.submit',
    metadata: input.metadata,
    blocks: [
      context(escapeClipped(input.name, 200)),
      selectInput(
        { block: 'type', label: t.plain('interaction.field.type') },
        options(t, INTERACTION_TYPES, 'interaction'),
        'call',
      ),
      dateInput({ block: 'date', label: t.plain('interaction.field.date') }, input.today),
      textInput({ block: 'summary', label: t.plain('interaction.field.summary') }, undefined, {
        multiline: true,
        max: 2000,
      }),
      textInput(
        { block: 'feedback', label: t.plain('interaction.field.feedback'), optional: true },
        undefined,
        { multiline: true, max: 2000 },
      ),
      ...nextStepInputs(t),
      ...upgradeIntentInputs(t),
    ],
  });
}

/**
 * An upgrade intent heard (domain 3, normal tier: it goes to sales), on Log interaction and a
 * ticket's Resolve: the optional tick and what the customer wants.
 */
export function upgradeIntentInputs(t: Translate): Block[] {
  return [
    inputBlock(
      {
        block: 'upgrade_intent',
        label: t.plain('interaction.field.upgradeIntent'),
        optional: true,
      },
      {
        type: 'checkboxes',
        options: [option(t.plain('interaction.upgradeIntentOption'), 'yes')],
      },
    ),
    textInput(
      {
        block: 'upgrade_what',
        label: t.plain('interaction.field.upgradeWhat'),
        hint: t.plain('interaction.hint.upgradeWhat'),
        optional: true,
      },
      undefined,
      { max: 300 },
    ),
  ];
}

/**
 * An interaction's next step, its date and who signs it off (Log interaction, a task's Done): a
 * date makes it a task for whoever logged it, which the hint says.
 */
export function nextStepInputs(t: Translate): Block[] {
  return [
    textInput(
      { block: 'next_step', label: t.plain('interaction.field.nextStep'), optional: true },
      undefined,
      { max: 300 },
    ),
    dateInput(
      {
        block: 'next_step_date',
        label: t.plain('interaction.field.nextStepDate'),
        optional: true,
        hint: t.plain('interaction.hint.nextStepDate'),
      },
      undefined,
    ),
    inputBlock(
      {
        block: 'next_step_approver',
        label: t.plain('interaction.field.nextStepApprover'),
        hint: t.plain('interaction.hint.nextStepApprover'),
        optional: true,
      },
      { type: 'users_select' },
    ),
  ];
}

/**
 * The "Delivered on" date of New order and Record delivery, and under it, for a customer whose
 * owner is a guest of the workspace, who gets the revisit instead (their stand-in, in mrkdwn: a
 * hint is plain text, so the plain hint is left out then).
 */
function deliveredBlocks(
  t: Translate,
  standIn: { assigneeId: string; guestOwner?: string } | undefined,
  initial: string | undefined,
  optional: boolean,
) {
  const guest = standIn?.guestOwner;
  return [
    dateInput(
      {
        block: 'delivered',
        label: t.plain('order.field.delivered'),
        ...(guest ? {} : { hint: t.plain('order.hint.delivered') }),
        ...(optional ? { optional: true } : {}),
      },
      initial,
    ),
    ...(guest
      ? [context(t('order.hint.deliveredGuestOwner', { user: standIn!.assigneeId, owner: guest }))]
      : []),
  ];
}

export function orderModal(
  t: Translate,
  input: {
    name: string;
    today: string;
    currency: string;
    /** A guest owner's stand-in (ownerExecutor), who gets the revisit instead of the owner. */
    standIn?: { assigneeId: string; guestOwner?: string } | undefined;
    metadata: string;
  },
): ModalView {
  return formModal(t, {
    callbackId: CUSTOMER.orderView,
    title: 'order.modal.title',
    submit: 'order.modal.submit',
    metadata: input.metadata,
    blocks: [
      context(escapeClipped(input.name, 200)),
      dateInput({ block: 'date', label: t.plain('order.field.date') }, input.today),
      textInput(
        { block: 'amount', label: t.plain('order.field.amount', { currency: input.currency }) },
        undefined,
        { max: 20 },
      ),
      textInput(
        { block: 'number', label: t.plain('order.field.number'), optional: true },
        undefined,
        {
          max: 60,
        },
      ),
      textInput({ block: 'note', label: t.plain('order.field.note'), optional: true }, undefined, {
        max: 500,
      }),
      // A delivery plans the owner's revisit within 3 working days (the daily tasks run).
      ...deliveredBlocks(t, input.standIn, undefined, true),
    ],
  });
}

/** The most orders Record delivery offers: a static select's 100 options. */
export const DELIVERY_ORDERS = 100;

/**
 * Record delivery on the card: the customer's latest orders (date, amount, number or note, and
 * the delivery date one has already; amounts and notes masked as the card masks the figures),
 * the latest first, and the day it was delivered (today
 * unless picked). Its save records the delivery, which plans the owner's revisit.
 */
export function deliveryModal(
  t: Translate,
  input: {
    name: string;
    today: string;
    currency: string;
    orders: readonly OrderRecord[];
    /** A reader who may not see the customer's commercial figures: amounts `***`, no notes. */
    masked: boolean;
    /** A guest owner's stand-in (ownerExecutor), who gets the revisit instead of the owner. */
    standIn?: { assigneeId: string; guestOwner?: string } | undefined;
    metadata: string;
  },
): ModalView {
  const choices = input.orders.map((o) => {
    const parts = [
      o.date,
      input.masked ? HIDDEN : formatAmount(o.amount, input.currency, t.locale),
    ];
    const number = orderNumberOf(o);
    if (number) parts.push(number);
    else if (o.note && !input.masked) parts.push(o.note);
    let text = parts.join(' · ');
    if (o.deliveredOn) {
      const delivered = t.plain('delivery.option.delivered', { date: o.deliveredOn });
      // The delivery date stays readable when a long note fills the option's 75 characters.
      text = `${clip(text, 72 - delivered.length)} · ${delivered}`;
    }
    return option(text, o.id);
  });
  return formModal(t, {
    callbackId: CUSTOMER.deliveryView,
    title: 'delivery.modal.title',
    metadata: input.metadata,
    blocks: [
      context(escapeClipped(input.name, 200)),
      selectInput(
        {
          block: 'order',
          label: t.plain('delivery.field.order'),
          hint: t.plain('delivery.hint.order', { max: DELIVERY_ORDERS }),
        },
        choices,
        // The latest order not delivered yet: the one most likely delivered now.
        input.orders.find((o) => !o.deliveredOn)?.id,
      ),
      ...deliveredBlocks(t, input.standIn, input.today, false),
    ],
  });
}

/** One option of the customer picker: `C2026001 Name` within Slack's 75 characters. */
export function customerOption(c: Pick<CustomerRecord, 'code' | 'name'>): Option {
  return { text: plain(`${c.code} ${c.name}`), value: c.code };
}

/** The registry's contact fields: the contact form's inputs, in the registry's order. */
const CONTACT_INPUTS = FIELDS.filter(([, spec]) => spec.at.on === 'contact' && spec.modal);

/**
 * The Contacts modal: every contact (masked for the viewer, the primary first) with a menu to
 * edit, remove or make it primary, and Add contact. No inputs, so no submit.
 */
export function contactsModal(
  t: Translate,
  c: Pick<CustomerRecord, 'name' | 'code' | 'contacts'>,
  metadata: string,
): ModalView {
  const blocks: Block[] = [context(md`*${escapeClipped(c.name, 150)}* · ${escape(c.code)}`)];
  if (!c.contacts.length) blocks.push(markdown(t('contacts.modal.none')));
  c.contacts.forEach((contact, index) => {
    const menu: [string, MessageKey][] = [
      ['edit', 'contacts.menu.edit'],
      ...(index > 0 ? [['primary', 'contacts.menu.primary'] as [string, MessageKey]] : []),
      ['remove', 'contacts.menu.remove'],
    ];
    const line = contactLine(t, contact);
    const text = index === 0 ? md`${line} · _${t('contacts.modal.primary')}_` : line;
    blocks.push(
      builtBlock({
        type: 'section',
        block_id: `contact_${contact.key}`,
        text: { type: 'mrkdwn', text: clipMrkdwn(text, 2900) },
        accessory: {
          type: 'overflow',
          action_id: CUSTOMER.contactMenu,
          options: menu.map(([action, label]) => ({
            text: plain(t.plain(label), 75),
            value: `${action}:${contact.key}`,
          })),
        },
      }),
    );
  });
  blocks.push(
    actions('contact_actions', [
      button({ actionId: CUSTOMER.contactAdd, text: t.plain('contacts.modal.add'), value: c.code }),
    ]),
  );
  return {
    type: 'modal',
    callback_id: CUSTOMER.contactsView,
    private_metadata: metadata,
    title: plain(t.plain('contacts.modal.title'), 24),
    close: plain(t.plain('contacts.modal.close'), 24),
    blocks,
  };
}

/**
 * Remove in a contact's menu asks first (an overflow's `confirm` would ask for every option):
 * the contact and the customer named, and who becomes primary when the primary goes.
 */
export function contactRemoveModal(
  t: Translate,
  c: Pick<CustomerRecord, 'name' | 'code' | 'contacts'>,
  key: string,
  metadata: string,
): ModalView {
  const index = c.contacts.findIndex((contact) => contact.key === key);
  const contact = c.contacts[index];
  const next = index === 0 ? c.contacts[1] : undefined;
  const blocks: Block[] = [
    markdown(
      t('contacts.remove.confirm', {
        contact: keep(literalClipped(contact?.name ?? '', 100)),
        name: keep(literalClipped(c.name, 150)),
        code: c.code,
      }),
    ),
  ];
  if (next)
    blocks.push(
      markdown(t('contacts.remove.nextPrimary', { contact: keep(literalClipped(next.name, 100)) })),
    );
  return formModal(t, {
    callbackId: CUSTOMER.contactRemoveView,
    title: 'contacts.remove.title',
    submit: 'contacts.remove.submit',
    metadata,
    blocks,
  });
}

/** The Add / Edit contact form: the registry's contact fields, filled in for Edit. */
export function contactFormModal(
  t: Translate,
  input: { mode: 'add' | 'edit'; values: Form; metadata: string; currency: string },
): ModalView {
  return formModal(t, {
    callbackId: CUSTOMER.contactView,
    title: input.mode === 'add' ? 'contacts.form.addTitle' : 'contacts.form.editTitle',
    submit: 'contacts.form.submit',
    metadata: input.metadata,
    // A contact is its name (saveContact refuses one without): required here, though a
    // customer's Edit modal may leave its contact out. A new contact's title too (required with
    // the name); an older contact's form keeps it optional, asked only with a changed name.
    blocks: CONTACT_INPUTS.map(([field, spec]) =>
      fieldInput(t, field, spec, input.values, {
        currency: input.currency,
        ...(field === 'contact_name' ||
        (input.mode === 'add' && spec.requiredWith?.field === 'contact_name')
          ? { required: true }
          : {}),
      }),
    ),
  });
}
