/**
 * Test records as plain object literals, one small builder per record type. The types are
 * imported with `import type` only, so when they move (e.g. to src/<area>/types.ts) only the
 * import lines below change. Every value is fixed (dates, ids, zone), so renders are repeatable.
 */
import type {
  ChangeRecord,
  Contact,
  CustomerRecord,
  InteractionRecord,
} from '../../src/customer/types.js';
import type { AgentFigures, WeekFigures, WeekWindow } from '../../src/digest/types.js';
import type { SlaStatus } from '../../src/sla/business-time.js';
import type { TaskRecord } from '../../src/task/types.js';
import type { TicketClock, TicketEvent, TicketRecord } from '../../src/ticket/types.js';
import type { Locale } from '../../src/i18n/index.js';
import type { CommandUsage } from '../../src/ui/help.js';
import type { Form } from '../../src/ui/inputs.js';
import { defaultSettings, type WorkspaceSettings } from '../../src/workspace/settings.js';
import type { HandoverResult } from '../../src/workspace/types.js';

export const TIME_ZONE = 'Asia/Shanghai';
export const TEAM = 'T0TEAM';
/** 2026-11-24 10:00 in Shanghai (a Tuesday). */
export const NOW = new Date('2026-11-24T02:00:00Z');
export const TODAY = '2026-11-24';

/** A fixed instant `minutes` after NOW (negative: before). */
export function at(minutes: number): Date {
  return new Date(NOW.getTime() + minutes * 60_000);
}

/** User text that would ping everyone, mention someone and hide a link if it reached mrkdwn raw. */
export const HOSTILE = '<!channel> <@U123> <https://evil.example|click> & co';
export const HOSTILE_ESCAPED =
  '&lt;!channel&gt; &lt;@U123&gt; &lt;https://evil.example|click&gt; &amp; co';

export function contact(overrides: Partial<Contact> = {}): Contact {
  return {
    key: 'k1',
    name: 'Zhang Wei',
    title: 'Purchasing manager',
    phone: '138****5678',
    email: 'z***@example.com',
    optOuts: [],
    ...overrides,
  };
}

export function customer(overrides: Partial<CustomerRecord> = {}): CustomerRecord {
  return {
    id: '665f00000000000000000001',
    teamId: TEAM,
    code: 'C2026001',
    name: 'Acme Ltd',
    nameKey: 'acme ltd',
    industry: 'Manufacturing',
    customerType: 'company',
    industryTags: [],
    valueTags: [],
    needTags: [],
    source: 'referral',
    firstContactDate: '2026-01-15',
    ownerId: 'UOWNER',
    contacts: [contact()],
    annualRevenue: 1_250_000,
    currency: 'CNY',
    ordersByMonth: {},
    tags: ['vip', 'east'],
    potential: 'key',
    lifecycle: 'active',
    competitorContact: false,
    computedTier: 'strategic',
    tier: 'strategic',
    lastInteractionAt: at(-24 * 60),
    searchTerms: [],
    createdBy: 'UCREATOR',
    revision: 3,
    createdAt: at(-300 * 24 * 60),
    updatedAt: at(-60),
    ...overrides,
  };
}

export function interaction(overrides: Partial<InteractionRecord> = {}): InteractionRecord {
  return {
    id: '665f00000000000000000101',
    teamId: TEAM,
    customerId: '665f00000000000000000001',
    type: 'call',
    summary: 'Asked about the renewal',
    nextStep: 'Send the quote',
    nextStepDate: '2026-11-30',
    by: 'UAGENT',
    at: at(-24 * 60),
    ...overrides,
  };
}

export function change(overrides: Partial<ChangeRecord> = {}): ChangeRecord {
  return {
    teamId: TEAM,
    customerId: '665f00000000000000000001',
    field: 'tier',
    oldValue: 'key',
    newValue: 'strategic',
    by: 'UOWNER',
    at: at(-30),
    source: 'slack',
    ...overrides,
  };
}

/** The New customer modal as a person fills it in: the required fields and a first contact. */
export const NEW_CUSTOMER_FORM = {
  name: 'Shanghai Huadong Machinery',
  industry: 'Manufacturing',
  source: 'referral',
  first_contact: '2026-11-23',
  contact_name: 'Zhang Wei',
  contact_title: 'Purchasing manager',
  contact_phone: '138 1234 5678',
};

/** The New customer modal filled in whole: a first contact on 2026-11-20 with an email too. */
export const FULL_CUSTOMER_FORM = {
  ...NEW_CUSTOMER_FORM,
  first_contact: '2026-11-20',
  contact_email: 'zhang.wei@huadong.example.com',
};

/** The Edit modal's current values (field name -> text), as the form carries them. */
export function customerForm(overrides: Form = {}): Form {
  return {
    name: 'Acme Ltd',
    industry: 'Manufacturing',
    source: 'referral',
    first_contact: '2026-01-15',
    owner: 'UOWNER',
    company_size: '200-999',
    region: 'Shanghai',
    annual_revenue: '1250000',
    potential: 'key',
    tags: 'vip, east',
    lifecycle: 'active',
    contract_end: '2027-06-30',
    contact_name: 'Zhang Wei',
    contact_title: 'Purchasing manager',
    contact_phone: '13812345678',
    contact_email: 'zhang@example.com',
    contact_im: 'zhangwei_wx',
    contact_birthday: '03-18',
    contact_channel: 'WeChat',
    contact_opt_outs: 'holiday',
    needs_stated: 'Faster delivery',
    needs_implicit: 'Fewer invoices',
    needs_products: 'Valves',
    needs_budget: '300000',
    needs_cycle: 'Quarterly',
    needs_matrix: 'Spare parts in 48 h (urgent, important)\nTraining (important)',
    competitor_contact: 'no',
    customer_type: 'person',
    occupation: 'Architect',
    address: '88 Century Avenue, Shanghai',
    industry_tags: 'manufacturing',
    value_tags: 'high-value',
    need_tags: 'price-sensitive',
    contact_role: 'main',
    cooperation_start: '2024-03-01',
    notes: 'Calls after 14:00',
    tier_override: 'key',
    tier_override_reason: 'Strategic partner of the group',
    ...overrides,
  };
}

export function ticket(overrides: Partial<TicketRecord> = {}): TicketRecord {
  return {
    id: '665f00000000000000000201',
    teamId: TEAM,
    number: 'T20260007',
    customerId: '665f00000000000000000001',
    customerCode: 'C2026001',
    customerName: 'Acme Ltd',
    customerTier: 'strategic',
    accountManagerId: 'UOWNER',
    type: 'after_sales',
    severity: 'urgent',
    channel: 'phone',
    title: 'Valve leaks after install',
    description: 'The new valve leaks at the flange.',
    submissionId: 'V0SUBMISSION',
    receivedAt: at(-90),
    createdBy: 'UCREATOR',
    status: 'new',
    level: 1,
    sla: { responseMinutes: 120, resolutionMinutes: 4320, aroundTheClock: false },
    pauses: [],
    metrics: { escalations: 0, reassignments: 0, reopenCount: 0 },
    card: { pending: false },
    accountManagerNotified: true,
    timeline: [],
    alerts: {},
    version: 1,
    createdAt: at(-85),
    updatedAt: at(-5),
    ...overrides,
  };
}

export function slaStatus(overrides: Partial<SlaStatus> = {}): SlaStatus {
  return {
    dueAt: at(30),
    elapsedMinutes: 90,
    remainingMinutes: 30,
    elapsedFraction: 0.75,
    breached: false,
    paused: false,
    ...overrides,
  };
}

/** An open ticket's clocks: first response due in 30 min, resolution in 71 h 30 min. */
export function clock(overrides: Partial<TicketClock> = {}): TicketClock {
  return {
    response: slaStatus(),
    resolution: slaStatus({ dueAt: at(4230), remainingMinutes: 4230, elapsedFraction: 0.02 }),
    reply: null,
    paused: false,
    ...overrides,
  };
}

export function ticketEvent(overrides: Partial<TicketEvent> = {}): TicketEvent {
  return { action: 'claim', by: 'UAGENT', at: at(-10), ...overrides };
}

export function task(overrides: Partial<TaskRecord> = {}): TaskRecord {
  return {
    id: 'revisit:T20260007:1',
    teamId: TEAM,
    kind: 'revisit',
    status: 'open',
    customerId: '665f00000000000000000001',
    customerCode: 'C2026001',
    customerName: 'Acme Ltd',
    ticketId: '665f00000000000000000201',
    ticketNumber: 'T20260007',
    assigneeId: 'UAGENT',
    dueDate: '2026-11-27',
    reminders: {},
    createdAt: at(-3 * 24 * 60),
    ...overrides,
  };
}

/** `count` tasks with distinct ids and customers, due on consecutive days from `firstDue`. */
export function tasks(count: number, firstDue: string, overrides: Partial<TaskRecord> = {}) {
  const [y, m, d] = firstDue.split('-').map(Number) as [number, number, number];
  return Array.from({ length: count }, (_, i) =>
    task({
      id: `care:C${2026100 + i}`,
      kind: 'care',
      customerCode: `C${2026100 + i}`,
      customerName: `Customer ${i + 1}`,
      ticketNumber: undefined,
      dueDate: new Date(Date.UTC(y, m - 1, d + i)).toISOString().slice(0, 10),
      ...overrides,
    }),
  );
}

/** ISO week 2026-W47: Monday 16 to Sunday 22 November 2026 in Shanghai. */
export function weekWindow(): WeekWindow {
  return {
    week: '2026-W47',
    from: new Date('2026-11-15T16:00:00Z'),
    to: new Date('2026-11-22T16:00:00Z'),
    fromDate: '2026-11-16',
    toDate: '2026-11-23',
  };
}

export function agentFigures(overrides: Partial<AgentFigures> = {}): AgentFigures {
  return { agentId: 'UAGENT', handled: 7, onTime: 0.857, satisfaction: 92, ...overrides };
}

export function weekFigures(overrides: Partial<WeekFigures> = {}): WeekFigures {
  return {
    opened: 42,
    resolved: 38,
    backlog: 11,
    overdue: 2,
    responded: 40,
    responseOnTime: 0.975,
    resolvedWithin72h: 0.9,
    resolvedWithinSla: 0.921,
    firstContactResolution: 0.86,
    medianFirstResponseMinutes: 35,
    medianResolutionMinutes: 245,
    complaints: 3,
    satisfaction: 88.4,
    satisfactionResponses: 25,
    verySatisfiedShare: 0.32,
    nps: 40,
    npsResponses: 20,
    revisitsDue: 12,
    revisitsOnTime: 0.75,
    byTier: { strategic: 4, key: 12, normal: 80 },
    tierUps: 1,
    tierDowns: 2,
    newCustomers: 5,
    lateRecords: 0,
    upgradeIntents: 0,
    upgradeIntentsDone: 0,
    churnWarnings: 1,
    churned: 0,
    retention: 0.99,
    lowRiskCustomers: 7,
    perAgent: [
      agentFigures(),
      agentFigures({ agentId: 'UAGENT2', handled: 3, satisfaction: null }),
    ],
    ...overrides,
  };
}

export function workspaceSettings(locale: Locale): WorkspaceSettings {
  return defaultSettings({ locale, timeZone: TIME_ZONE, admins: ['UADMIN'], channels: {} });
}

/** The usage of both slash commands, as handlers/commands describe them. */
export const CUSTOMER_USAGE: CommandUsage = {
  title: 'help.customer.title',
  lines: [
    { usage: '/customer new', summary: 'help.customer.new' },
    { usage: '/customer find <text>', summary: 'help.customer.find' },
    { usage: '/customer C2026001', summary: 'help.customer.show' },
    { usage: '/customer help', summary: 'help.sub.help' },
  ],
};

export const TICKET_USAGE: CommandUsage = {
  title: 'help.ticket.title',
  lines: [
    { usage: '/ticket new [title]', summary: 'help.ticket.new' },
    { usage: '/ticket mine', summary: 'help.ticket.mine' },
    { usage: '/ticket list [open|overdue|unassigned|waiting|mine]', summary: 'help.ticket.list' },
    { usage: '/ticket T20260001', summary: 'help.ticket.show' },
    { usage: '/ticket help', summary: 'help.sub.help' },
  ],
};

export const COMMANDS = [CUSTOMER_USAGE, TICKET_USAGE];

/**
 * A hand-over that moved nothing and found `count` records it could not move, a third of each
 * part (tickets with their cards' permalinks, tasks, customers: user text with `<&>` and Chinese),
 * each with a reason of its own kind. `longReasons`: one reason in 97 is a line longer than a
 * section (Slack's detail, as it came); `pad`: the first permalink that many characters longer.
 */
export function handoverRefusals(
  count: number,
  options: { longReasons?: boolean; pad?: number } = {},
): HandoverResult {
  const whys: HandoverResult['refused'][number]['why'][] = [
    { key: 'handover.error.followsCustomer', params: {} },
    { key: 'error.internal', params: { ref: 'E7Q2K9' } },
    { key: 'error.slackRefused', params: { detail: 'ratelimited <&>', ref: 'E7Q2KA' } },
    { key: 'error.slackRefused', params: { detail: 'x'.repeat(3100), ref: 'E7Q2KB' } },
  ];
  const pad = options.pad ?? 0;
  return {
    tickets: [],
    tasks: [],
    customers: [],
    withCustomer: ['task-1'],
    ownerWithoutRole: true,
    refused: Array.from({ length: count }, (_, i) => {
      const why = whys[options.longReasons && i % 97 === 96 ? 3 : i % 3]!;
      const n = String(i + 1).padStart(4, '0');
      if (i % 3 === 0)
        return {
          part: 'tickets' as const,
          why,
          ticket: ticket({
            number: `T2026${n}`,
            card: {
              pending: false,
              permalink: `https://acme.slack.com/archives/C0TRIAGE01/p1764000000${n}00${i ? '' : 'q'.repeat(pad)}`,
            },
          }),
        };
      if (i % 3 === 1)
        return {
          part: 'tasks' as const,
          why,
          task: task({ id: `care:C2026${n}`, customerName: `Customer ${n} <&> Ltd` }),
        };
      return {
        part: 'customers' as const,
        why,
        customer: customer({ code: `C2026${n}`, name: `客户 ${n} 有限公司 Huadong` }),
      };
    }),
  };
}
