import type { KnownBlock, ModalView, Option } from '@slack/types';
import type { ChangeRecord, InteractionRecord } from '../customer/activity-repository.js';
import type { CustomerRecord } from '../customer/repository.js';
import {
  COMPANY_SIZES,
  INTERACTION_TYPES,
  LIFECYCLES,
  POTENTIALS,
  SOURCES,
  TIERS,
} from '../customer/rules.js';
import type { MessageKey, Translate } from '../i18n/index.js';
import { localDateTime } from '../time.js';
import { clip, context, header, markdown, plain, type Message, escapeMrkdwn } from './blocks.js';
import {
  dateInput,
  formModal,
  inputBlock,
  options,
  selectInput,
  textInput,
  type Form,
} from './inputs.js';
import { CUSTOMER, TICKET } from './ids.js';

export interface CustomerModalInput {
  mode: 'create' | 'edit';
  /** Current values as form data (field name -> text). */
  values: Form;
  /** The private metadata to carry to the submission. */
  metadata: string;
  currency: string;
  /** Managers and admins see the tier override fields. */
  showOverride: boolean;
  /** Revenue comes from orders: the field is shown for reference and may not change. */
  revenueFromOrders: boolean;
}

/** The customer modal, empty for `/customer new`, filled for Edit. */
export function customerModal(t: Translate, input: CustomerModalInput): ModalView {
  const v = input.values;
  const blocks: KnownBlock[] = [
    textInput({ block: 'name', label: t('customer.field.name') }, v.name, { max: 100 }),
    textInput({ block: 'industry', label: t('customer.field.industry') }, v.industry, { max: 60 }),
    selectInput(
      { block: 'source', label: t('customer.field.source') },
      options(t, SOURCES, 'source'),
      v.source,
    ),
    dateInput({ block: 'first_contact', label: t('customer.field.firstContact') }, v.first_contact),
    inputBlock(
      { block: 'owner', label: t('customer.field.owner') },
      { type: 'users_select', ...(v.owner ? { initial_user: v.owner } : {}) },
    ),
    selectInput(
      { block: 'company_size', label: t('customer.field.companySize'), optional: true },
      options(t, COMPANY_SIZES, 'size'),
      v.company_size,
    ),
    textInput({ block: 'region', label: t('customer.field.region'), optional: true }, v.region, {
      max: 60,
    }),
    textInput(
      {
        block: 'annual_revenue',
        label: t('customer.field.annualRevenue', { currency: input.currency }),
        optional: true,
        hint: t(
          input.revenueFromOrders
            ? 'customer.modal.revenueFromOrders'
            : 'customer.modal.revenueHint',
        ),
      },
      v.annual_revenue,
      { max: 20 },
    ),
    selectInput(
      { block: 'potential', label: t('customer.field.potential'), optional: true },
      options(t, POTENTIALS, 'potential'),
      v.potential,
    ),
    textInput({ block: 'tags', label: t('customer.field.tags'), optional: true }, v.tags, {
      max: 400,
    }),
  ];
  if (input.mode === 'edit') {
    blocks.push(
      selectInput(
        { block: 'lifecycle', label: t('customer.field.lifecycle') },
        options(t, LIFECYCLES, 'lifecycle'),
        v.lifecycle,
      ),
      dateInput(
        { block: 'contract_end', label: t('customer.field.contractEnd'), optional: true },
        v.contract_end,
      ),
    );
  }
  blocks.push(
    { type: 'divider' },
    markdown(t('customer.modal.contactSection')),
    optionalText(t, v, 'contact_name', 'customer.field.contactName', 60),
    optionalText(t, v, 'contact_title', 'customer.field.contactTitle', 60),
    optionalText(t, v, 'contact_phone', 'customer.field.contactPhone', 30),
    optionalText(t, v, 'contact_email', 'customer.field.contactEmail', 120),
  );
  if (input.mode === 'edit') blocks.push(...moreDetails(t, v, input.currency));
  if (input.showOverride) {
    blocks.push(
      { type: 'divider' },
      markdown(t('customer.modal.overrideSection')),
      selectInput(
        { block: 'tier_override', label: t('customer.field.tierOverride'), optional: true },
        options(t, TIERS, 'tier'),
        v.tier_override,
      ),
      textInput(
        {
          block: 'tier_override_reason',
          label: t('customer.field.tierOverrideReason'),
          optional: true,
        },
        v.tier_override_reason,
        { max: 300 },
      ),
    );
  }
  return {
    type: 'modal',
    callback_id: input.mode === 'create' ? CUSTOMER.createView : CUSTOMER.editView,
    private_metadata: input.metadata,
    title: plain(
      t(input.mode === 'create' ? 'customer.modal.newTitle' : 'customer.modal.editTitle'),
      24,
    ),
    submit: plain(t('modal.save'), 24),
    close: plain(t('modal.cancel'), 24),
    blocks,
  };
}

const YES_NO = ['yes', 'no'] as const;

/** An optional text input of the customer form, filled with the field's current value. */
function optionalText(
  t: Translate,
  v: Form,
  block: string,
  label: MessageKey,
  max: number,
  opts: { multiline?: boolean; currency?: string } = {},
): KnownBlock {
  return textInput(
    { block, label: t(label, opts.currency ? { currency: opts.currency } : {}), optional: true },
    v[block],
    { max, multiline: opts.multiline ?? false },
  );
}

/** Edit only: the rest of the primary contact, the needs, and the competitor flag. */
function moreDetails(t: Translate, v: Form, currency: string): KnownBlock[] {
  const text = (block: string, label: MessageKey, max: number, multiline = false) =>
    optionalText(t, v, block, label, max, { multiline, currency });
  const yesNo = (block: string, label: MessageKey) =>
    selectInput({ block, label: t(label), optional: true }, options(t, YES_NO, 'common'), v[block]);
  return [
    text('contact_im', 'customer.field.contactIm', 60),
    text('contact_birthday', 'customer.field.contactBirthday', 10),
    text('contact_channel', 'customer.field.contactChannel', 40),
    text('contact_opt_outs', 'customer.field.contactOptOuts', 200),
    { type: 'divider' },
    markdown(t('customer.modal.needsSection')),
    text('needs_stated', 'customer.field.needsStated', 2000, true),
    text('needs_implicit', 'customer.field.needsImplicit', 2000, true),
    text('needs_products', 'customer.field.needsProducts', 500),
    text('needs_budget', 'customer.field.needsBudget', 20),
    text('needs_cycle', 'customer.field.needsCycle', 100),
    yesNo('needs_urgent', 'customer.field.needsUrgent'),
    yesNo('needs_important', 'customer.field.needsImportant'),
    yesNo('competitor_contact', 'customer.field.competitorContact'),
  ];
}

export function formatAmount(amount: number | undefined): string {
  return (amount ?? 0).toLocaleString('en-US', { maximumFractionDigits: 2 });
}

export function tierText(t: Translate, c: CustomerRecord): string {
  const tier = t(`tier.${c.tier}`);
  if (!c.tierOverride) return tier;
  return t('customer.card.tierOverridden', {
    tier,
    computed: t(`tier.${c.computedTier}`),
    reason: c.tierOverride.reason,
  });
}

/** The customer card, with contacts already masked for the viewer. */
/** The customer card's buttons, in order; each carries the customer's code. */
const CARD_BUTTONS: [string, MessageKey][] = [
  [TICKET.newFromCustomer, 'customer.button.newTicket'],
  [CUSTOMER.editButton, 'customer.button.edit'],
  [CUSTOMER.interactionButton, 'customer.button.logInteraction'],
  [CUSTOMER.orderButton, 'customer.button.recordOrder'],
  [CUSTOMER.historyButton, 'customer.button.history'],
];

export interface CardExtras {
  timeZone: string;
  openTickets: number;
  /** The latest interactions, newest first. */
  interactions: InteractionRecord[];
}

export function customerCard(t: Translate, c: CustomerRecord, opts: CardExtras): Message {
  const contacts = c.contacts.length
    ? c.contacts
        .slice(0, 5)
        .map((p) =>
          escapeMrkdwn([p.name, p.title, p.phone, p.email, p.im].filter(Boolean).join(' · ')),
        )
        .join('\n')
    : t('customer.card.noContacts');
  const field = (label: MessageKey, value: string, params?: Record<string, string>) => ({
    type: 'mrkdwn' as const,
    text: clip(`*${t(label, params)}*\n${value}`, 2000),
  });
  const blocks: KnownBlock[] = [
    header(`${c.name} · ${c.code}`),
    {
      type: 'section',
      fields: [
        field('customer.field.tier', tierText(t, c)),
        field('customer.field.lifecycle', t(`lifecycle.${c.lifecycle}`)),
        field('customer.field.owner', `<@${c.ownerId}>`),
        field('customer.field.annualRevenue', formatAmount(c.annualRevenue), {
          currency: c.currency,
        }),
        field('customer.field.industry', escapeMrkdwn(c.industry)),
        field('customer.field.source', t(`source.${c.source}`)),
        field(
          'customer.field.lastInteraction',
          c.lastInteractionAt
            ? localDateTime(c.lastInteractionAt, opts.timeZone)
            : t('customer.card.never'),
        ),
        field('customer.field.potential', t(`potential.${c.potential}`)),
        field('customer.field.openTickets', String(opts.openTickets)),
      ],
    },
    markdown(`*${t('customer.field.contacts')}*\n${contacts}`),
  ];
  if (opts.interactions.length) {
    const lines = opts.interactions.map(
      (i) =>
        `${localDateTime(i.at, opts.timeZone)} · ${t(`interaction.${i.type}`)} · <@${i.by}> · ${escapeMrkdwn(clip(i.summary, 300))}` +
        (i.nextStep
          ? ` → ${escapeMrkdwn(clip(i.nextStep, 200))}${i.nextStepDate ? ` (${i.nextStepDate})` : ''}`
          : ''),
    );
    blocks.push(markdown(`*${t('customer.card.recentInteractions')}*\n${lines.join('\n')}`));
  }
  if (c.needs?.stated) {
    blocks.push(
      markdown(`*${t('customer.field.needsStated')}*\n${escapeMrkdwn(clip(c.needs.stated, 1000))}`),
    );
  }
  const notes = [
    c.tags.length ? `${t('customer.field.tags')}: ${escapeMrkdwn(c.tags.join(', '))}` : '',
    c.contractEndDate ? `${t('customer.field.contractEnd')}: ${c.contractEndDate}` : '',
    c.competitorContact ? t('customer.card.competitor') : '',
  ].filter(Boolean);
  if (notes.length) blocks.push(context(notes.join(' · ')));
  blocks.push({
    type: 'actions',
    block_id: 'customer_actions',
    elements: CARD_BUTTONS.map(([actionId, label]) => ({
      type: 'button' as const,
      action_id: actionId,
      text: plain(t(label)),
      value: c.code,
    })),
  });
  return { text: `${c.name} (${c.code}) · ${t(`tier.${c.tier}`)}`, blocks };
}

/** The `/customer find` result: at most `items.length` rows and "and N more". */
export function customerList(
  t: Translate,
  text: string,
  items: CustomerRecord[],
  total: number,
): Message {
  if (!items.length) {
    const none = t('customer.find.none', { text: clip(text, 100) });
    return { text: none, blocks: [markdown(none)] };
  }
  const title = t('customer.find.header', { total, text: clip(text, 100) });
  const blocks: KnownBlock[] = [markdown(`*${title}*`)];
  for (const c of items) {
    blocks.push({
      type: 'section',
      text: {
        type: 'mrkdwn',
        text: clip(
          `*${escapeMrkdwn(c.name)}* · ${c.code}\n${t(`tier.${c.tier}`)} · ${t(`lifecycle.${c.lifecycle}`)} · <@${c.ownerId}>`,
          3000,
        ),
      },
      accessory: {
        type: 'button',
        action_id: CUSTOMER.openButton,
        text: plain(t('customer.button.open')),
        value: c.code,
      },
    });
  }
  if (total > items.length) blocks.push(context(t('list.more', { count: total - items.length })));
  return { text: title, blocks };
}

/** The change log's field names, as people call them. */
const FIELD_LABELS: Record<string, MessageKey> = {
  name: 'customer.field.name',
  industry: 'customer.field.industry',
  source: 'customer.field.source',
  firstContactDate: 'customer.field.firstContact',
  ownerId: 'customer.field.owner',
  companySize: 'customer.field.companySize',
  region: 'customer.field.region',
  address: 'customer.field.address',
  annualRevenue: 'customer.field.annualRevenue',
  'contact.name': 'customer.field.contactName',
  'contact.title': 'customer.field.contactTitle',
  'contact.phone': 'customer.field.contactPhone',
  'contact.email': 'customer.field.contactEmail',
  tags: 'customer.field.tags',
  potential: 'customer.field.potential',
  lifecycle: 'customer.field.lifecycle',
  contractEndDate: 'customer.field.contractEnd',
  cooperationStartDate: 'customer.field.cooperationStart',
  tier: 'customer.field.tier',
  computedTier: 'customer.field.computedTier',
  tierOverride: 'customer.field.tierOverride',
  'contact.im': 'customer.field.contactIm',
  'contact.birthday': 'customer.field.contactBirthday',
  'contact.preferredChannel': 'customer.field.contactChannel',
  'contact.optOuts': 'customer.field.contactOptOuts',
  'needs.stated': 'customer.field.needsStated',
  'needs.implicit': 'customer.field.needsImplicit',
  'needs.productPreferences': 'customer.field.needsProducts',
  'needs.budget': 'customer.field.needsBudget',
  'needs.purchaseCycle': 'customer.field.needsCycle',
  'needs.urgent': 'customer.field.needsUrgent',
  'needs.important': 'customer.field.needsImportant',
  competitorContact: 'customer.field.competitorContact',
};

/** Value labels by field: the prefix of their catalogue keys. */
const VALUE_LABELS: Record<string, string> = {
  tier: 'tier',
  computedTier: 'tier',
  lifecycle: 'lifecycle',
  source: 'source',
  potential: 'potential',
  companySize: 'size',
};

function changeValue(t: Translate, field: string, value: unknown): string {
  if (value === null || value === undefined || value === '') return t('customer.history.empty');
  const text = String(value);
  if (VALUE_LABELS[field]) return t(`${VALUE_LABELS[field]}.${text}` as MessageKey);
  if (field === 'ownerId') return `<@${text}>`;
  if (typeof value === 'boolean') return t(value ? 'common.yes' : 'common.no');
  if (field === 'annualRevenue' && typeof value === 'number') return formatAmount(value);
  return escapeMrkdwn(clip(text, 200));
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
    const when = localDateTime(ch.at, timeZone);
    const source = t(`change.source.${ch.source}`);
    if (ch.field === 'created') return t('customer.history.created', { when, by: ch.by, source });
    return t('customer.history.line', {
      when,
      by: ch.by,
      field: FIELD_LABELS[ch.field]
        ? t(FIELD_LABELS[ch.field]!, { currency: c.currency })
        : ch.field,
      old: changeValue(t, ch.field, ch.oldValue),
      new: changeValue(t, ch.field, ch.newValue),
      source,
    });
  });
  // One block per change, so a long value never cuts off the older lines.
  const blocks: KnownBlock[] = [markdown(title), ...lines.map((line) => markdown(line))];
  if (total > items.length) blocks.push(context(t('list.more', { count: total - items.length })));
  return { text: title, blocks };
}

export function interactionModal(
  t: Translate,
  input: { name: string; today: string; metadata: string },
): ModalView {
  return formModal(t, {
    callbackId: CUSTOMER.interactionView,
    title: 'interaction.modal.title',
    metadata: input.metadata,
    blocks: [
      context(clip(input.name, 200)),
      selectInput(
        { block: 'type', label: t('interaction.field.type') },
        options(t, INTERACTION_TYPES, 'interaction'),
        'call',
      ),
      dateInput({ block: 'date', label: t('interaction.field.date') }, input.today),
      textInput({ block: 'summary', label: t('interaction.field.summary') }, undefined, {
        multiline: true,
        max: 2000,
      }),
      textInput(
        { block: 'feedback', label: t('interaction.field.feedback'), optional: true },
        undefined,
        { multiline: true, max: 2000 },
      ),
      textInput(
        { block: 'next_step', label: t('interaction.field.nextStep'), optional: true },
        undefined,
        { max: 300 },
      ),
      dateInput(
        { block: 'next_step_date', label: t('interaction.field.nextStepDate'), optional: true },
        undefined,
      ),
    ],
  });
}

export function orderModal(
  t: Translate,
  input: { name: string; today: string; currency: string; metadata: string },
): ModalView {
  return formModal(t, {
    callbackId: CUSTOMER.orderView,
    title: 'order.modal.title',
    metadata: input.metadata,
    blocks: [
      context(clip(input.name, 200)),
      dateInput({ block: 'date', label: t('order.field.date') }, input.today),
      textInput(
        { block: 'amount', label: t('order.field.amount', { currency: input.currency }) },
        undefined,
        { max: 20 },
      ),
      textInput({ block: 'number', label: t('order.field.number'), optional: true }, undefined, {
        max: 60,
      }),
      textInput({ block: 'note', label: t('order.field.note'), optional: true }, undefined, {
        max: 500,
      }),
    ],
  });
}

/** One option of the customer picker: `C2026001 Name` within Slack's 75 characters. */
export function customerOption(c: Pick<CustomerRecord, 'code' | 'name'>): Option {
  return { text: plain(`${c.code} ${c.name}`), value: c.code };
}
