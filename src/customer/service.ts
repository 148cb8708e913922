import { createHash, randomUUID } from 'node:crypto';
import { AppError, FieldErrors } from '../errors.js';
import { insertNumbered, type SequenceRepository } from '../db/sequence.js';
import { localDate, startOfLocalDay, yearWindowStart } from '../time.js';
import type { WorkspaceService } from '../workspace/service.js';
import type { WorkspaceSettings } from '../workspace/settings.js';
import type {
  ChangeLogRepository,
  ChangeRecord,
  ChangeSource,
  InteractionRecord,
  InteractionRepository,
  OrderRepository,
} from './activity-repository.js';
import type { CustomerPatch } from './form.js';
import {
  DuplicateKeyError,
  type Contact,
  type CustomerRecord,
  type CustomerRepository,
  type NewCustomer,
} from './repository.js';
import {
  computeTier,
  customerCode,
  maskEmail,
  maskPhone,
  nameKey,
  searchTerms,
  type InteractionType,
} from './rules.js';

export interface CustomerRepositories {
  customers: CustomerRepository;
  orders: OrderRepository;
  interactions: InteractionRepository;
  changes: ChangeLogRepository;
  sequences: SequenceRepository;
}

/** Who may see contact details in clear and change a customer. */
export function isManager(settings: WorkspaceSettings, userId: string): boolean {
  return settings.admins.includes(userId) || settings.managers.includes(userId);
}

export function canSeeContacts(
  settings: WorkspaceSettings,
  customer: CustomerRecord,
  userId: string,
): boolean {
  return customer.ownerId === userId || isManager(settings, userId);
}

/** Contact fields logged in the change log; masked in History like on the card. */
const PERSONAL_FIELDS = new Set(['contact.phone', 'contact.email', 'contact.im']);

/** The fields a person edits and the change log records, flattened for comparison. */
function snapshot(c: NewCustomer): Record<string, unknown> {
  const contact = c.contacts[0];
  return {
    name: c.name,
    industry: c.industry,
    source: c.source,
    firstContactDate: c.firstContactDate,
    ownerId: c.ownerId,
    companySize: c.companySize,
    region: c.region,
    address: c.address,
    annualRevenue: c.annualRevenue,
    'contact.name': contact?.name,
    'contact.title': contact?.title,
    'contact.phone': contact?.phone,
    'contact.email': contact?.email,
    'contact.im': contact?.im,
    'contact.birthday': contact?.birthday,
    'contact.preferredChannel': contact?.preferredChannel,
    'contact.optOuts': contact?.optOuts.join(', ') || undefined,
    'needs.stated': c.needs?.stated,
    'needs.implicit': c.needs?.implicit,
    'needs.productPreferences': c.needs?.productPreferences,
    'needs.budget': c.needs?.budget,
    'needs.purchaseCycle': c.needs?.purchaseCycle,
    'needs.urgent': c.needs?.urgent,
    'needs.important': c.needs?.important,
    competitorContact: c.competitorContact,
    tags: c.tags.join(', ') || undefined,
    potential: c.potential,
    lifecycle: c.lifecycle,
    contractEndDate: c.contractEndDate,
    cooperationStartDate: c.cooperationStartDate,
    computedTier: c.computedTier,
    tier: c.tier,
    tierOverride: c.tierOverride ? `${c.tierOverride.tier}: ${c.tierOverride.reason}` : undefined,
  };
}

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/** Applies a patch to a customer, recomputing what derives from it (tier, search terms). */
function applyPatch(
  current: NewCustomer,
  patch: CustomerPatch,
  settings: WorkspaceSettings,
  actor: string,
  now: Date,
): NewCustomer {
  const next: NewCustomer = {
    ...current,
    contacts: [...current.contacts],
    tags: [...current.tags],
  };
  const simple = [
    'name',
    'industry',
    'source',
    'firstContactDate',
    'ownerId',
    'companySize',
    'region',
    'address',
    'annualRevenue',
    'tags',
    'potential',
    'lifecycle',
    'contractEndDate',
    'cooperationStartDate',
  ] as const;
  for (const key of simple) {
    if (!(key in patch)) continue;
    const value = patch[key];
    if (value === null) delete (next as Partial<NewCustomer>)[key];
    else (next as Record<string, unknown>)[key] = value;
  }
  if (patch.name) next.nameKey = nameKey(patch.name);
  if (patch.competitorContact !== undefined) next.competitorContact = patch.competitorContact;
  if (patch.needs) {
    const needs: Record<string, unknown> = { ...current.needs };
    for (const [key, value] of Object.entries(patch.needs)) {
      if (value === null) delete needs[key];
      else needs[key] = value;
    }
    if (Object.keys(needs).length) next.needs = needs;
    else delete next.needs;
  }
  if (patch.contact) {
    const [primary, ...others] = next.contacts;
    const merged: Record<string, unknown> = { ...primary, optOuts: primary?.optOuts ?? [] };
    for (const [key, value] of Object.entries(patch.contact)) {
      if (value === null) delete merged[key];
      else merged[key] = value;
    }
    const hasDetails = ['title', 'phone', 'email', 'im', 'birthday', 'preferredChannel'].some(
      (k) => merged[k],
    );
    if (!merged.name && hasDetails) {
      throw new FieldErrors({ contact_name: { key: 'customer.error.contactNameNeeded' } });
    }
    next.contacts = merged.name ? [merged as unknown as Contact, ...others] : others;
  }
  if ('tierOverride' in patch) {
    if (patch.tierOverride === null) delete next.tierOverride;
    else if (patch.tierOverride) {
      const same =
        current.tierOverride?.tier === patch.tierOverride.tier &&
        current.tierOverride.reason === patch.tierOverride.reason;
      next.tierOverride = same
        ? current.tierOverride
        : { ...patch.tierOverride, by: actor, at: now };
    }
  }
  next.computedTier = computeTier(next.annualRevenue, settings.tiers);
  next.tier = next.tierOverride?.tier ?? next.computedTier;
  next.searchTerms = searchTerms({
    code: next.code,
    name: next.name,
    contactNames: next.contacts.map((c) => c.name),
    tags: next.tags,
  });
  return next;
}

export interface OrderInput {
  date: string;
  amount: number;
  note?: string;
  number?: string;
  /** One submission of the Record order modal: saving it twice records one order. */
  submissionId?: string;
}

export interface InteractionInput {
  type: InteractionType;
  date: string;
  summary: string;
  feedback?: string;
  nextStep?: string;
  nextStepDate?: string;
}

/** Business rules of the customer file. Plain data in and out; `now` is always passed in. */
export class CustomerService {
  constructor(
    private readonly repos: CustomerRepositories,
    private readonly workspaces: WorkspaceService,
  ) {}

  async get(teamId: string, code: string): Promise<CustomerRecord> {
    const customer = await this.repos.customers.byCode(teamId, code.trim());
    if (!customer)
      throw new AppError('NOT_FOUND', 'customer.error.notFound', {
        code: code.trim().slice(0, 20),
      });
    return customer;
  }

  /**
   * The customer for an Edit or Record order form, when `userId` may change it (owner, manager,
   * admin); with whether its revenue comes from orders.
   */
  async forEditing(
    teamId: string,
    code: string,
    userId: string,
  ): Promise<{ customer: CustomerRecord; settings: WorkspaceSettings; hasOrders: boolean }> {
    const settings = await this.workspaces.settings(teamId);
    const customer = await this.get(teamId, code);
    if (!canSeeContacts(settings, customer, userId)) {
      throw new AppError('FORBIDDEN', 'customer.error.editForbidden', { owner: customer.ownerId });
    }
    return { customer, settings, hasOrders: await this.repos.orders.hasAny(teamId, customer.id) };
  }

  /** The customer as `viewerId` may see it, for display: contacts masked unless allowed. */
  async viewable(
    teamId: string,
    code: string,
    viewerId: string,
  ): Promise<{
    customer: CustomerRecord;
    settings: WorkspaceSettings;
    interactions: InteractionRecord[];
  }> {
    const settings = await this.workspaces.settings(teamId);
    const customer = await this.get(teamId, code);
    const interactions = await this.repos.interactions.latest(teamId, customer.id, 3);
    return { customer: this.viewFor(customer, settings, viewerId), settings, interactions };
  }

  /** The customer as `viewerId` may see it: phone and email masked unless owner or manager. */
  viewFor(customer: CustomerRecord, settings: WorkspaceSettings, viewerId: string): CustomerRecord {
    if (canSeeContacts(settings, customer, viewerId)) return customer;
    return {
      ...customer,
      contacts: customer.contacts.map((c) => ({
        ...c,
        ...(c.phone ? { phone: maskPhone(c.phone) } : {}),
        ...(c.email ? { email: maskEmail(c.email) } : {}),
        ...(c.im ? { im: '***' } : {}),
      })),
    };
  }

  async create(
    teamId: string,
    patch: CustomerPatch,
    actor: string,
    now: Date,
    source: ChangeSource = 'slack',
    /** Keep this code (an import of existing files) instead of taking the next one. */
    fixedCode?: string,
  ): Promise<CustomerRecord> {
    const settings = await this.workspaces.settings(teamId);
    if (patch.tierOverride && source === 'slack' && !isManager(settings, actor)) {
      throw new FieldErrors({ tier_override: { key: 'customer.error.overrideForbidden' } });
    }
    await this.assertNameFree(teamId, patch.name!, undefined);
    const year = Number(localDate(now, settings.timeZone).slice(0, 4));
    const blank: NewCustomer = {
      teamId,
      code: '',
      name: patch.name!,
      nameKey: nameKey(patch.name!),
      industry: patch.industry!,
      source: patch.source!,
      firstContactDate: patch.firstContactDate!,
      ownerId: patch.ownerId!,
      contacts: [],
      currency: settings.currency,
      ordersByMonth: {},
      tags: [],
      potential: 'ordinary',
      lifecycle: 'prospect',
      competitorContact: false,
      computedTier: 'normal',
      tier: 'normal',
      searchTerms: [],
      createdBy: actor,
    };
    const insert = async (code: string) => {
      const customer = applyPatch({ ...blank, code }, patch, settings, actor, now);
      try {
        return await this.repos.customers.insert(customer);
      } catch (err) {
        if (err instanceof DuplicateKeyError && err.index.includes('nameKey')) {
          await this.assertNameFree(teamId, customer.name, undefined);
        }
        throw err;
      }
    };
    const kept = fixedCode ? /^C(\d{4})(\d{3,})$/.exec(fixedCode) : null;
    if (kept)
      await this.repos.sequences.raiseTo(teamId, 'customer', Number(kept[1]), Number(kept[2]));
    const created = fixedCode
      ? await insert(fixedCode)
      : await insertNumbered({
          sequences: this.repos.sequences,
          teamId,
          kind: 'customer',
          period: year,
          format: (n) => customerCode(year, n),
          insert,
          isTaken: (err) => err instanceof DuplicateKeyError && err.index.includes('code'),
        });
    await this.repos.changes.append([
      {
        teamId,
        customerId: created.id,
        field: 'created',
        oldValue: null,
        newValue: created.code,
        by: actor,
        at: now,
        source,
      },
    ]);
    return created;
  }

  /**
   * Changes a customer: only fields whose value differs are written, and each is logged with
   * old and new value. Through Slack, only the owner, managers and admins may change a customer,
   * and only managers and admins may override its tier.
   */
  async update(
    teamId: string,
    code: string,
    patch: CustomerPatch,
    actor: string,
    now: Date,
    source: ChangeSource = 'slack',
  ): Promise<{ customer: CustomerRecord; changes: ChangeRecord[] }> {
    const settings = await this.workspaces.settings(teamId);
    const current = await this.get(teamId, code);
    if (source === 'slack') {
      if (!canSeeContacts(settings, current, actor)) {
        throw new AppError('FORBIDDEN', 'customer.error.editForbidden', { owner: current.ownerId });
      }
      const overrideChanged =
        'tierOverride' in patch &&
        !same(
          patch.tierOverride ? `${patch.tierOverride.tier}: ${patch.tierOverride.reason}` : null,
          current.tierOverride
            ? `${current.tierOverride.tier}: ${current.tierOverride.reason}`
            : null,
        );
      if (overrideChanged && !isManager(settings, actor)) {
        throw new FieldErrors({ tier_override: { key: 'customer.error.overrideForbidden' } });
      }
    }
    if ('annualRevenue' in patch && !same(patch.annualRevenue, current.annualRevenue)) {
      if (await this.repos.orders.hasAny(teamId, current.id)) {
        if (source === 'slack') {
          throw new FieldErrors({ annual_revenue: { key: 'customer.error.revenueFromOrders' } });
        }
        // A spreadsheet's revenue column yields to the orders: re-importing stays a no-op.
        const { annualRevenue: _ignored, ...rest } = patch;
        return this.applyAndLog(current, () => rest, settings, actor, now, source);
      }
    }
    return this.applyAndLog(current, () => patch, settings, actor, now, source);
  }

  /**
   * Computes the patch against the stored customer, writes only the fields that change and logs
   * each. The write applies only to the revision read; if someone else wrote in between, the
   * patch is worked out again on their result, so concurrent edits of different fields merge and
   * a recomputed total is never a stale one.
   */
  private async applyAndLog(
    start: CustomerRecord,
    patchFor: (current: CustomerRecord) => CustomerPatch | Promise<CustomerPatch>,
    settings: WorkspaceSettings,
    actor: string,
    now: Date,
    source: ChangeSource,
  ): Promise<{ customer: CustomerRecord; changes: ChangeRecord[] }> {
    let current = start;
    for (let attempt = 0; ; attempt++) {
      const { id, createdAt: _c, updatedAt: _u, revision, ...base } = current;
      const next = applyPatch(base, await patchFor(current), settings, actor, now);
      const before = snapshot(base);
      const after = snapshot(next);
      const changes: ChangeRecord[] = Object.keys(after)
        .filter((field) => !same(before[field], after[field]))
        .map((field) => ({
          teamId: current.teamId,
          customerId: id,
          field,
          oldValue: before[field] ?? null,
          newValue: after[field] ?? null,
          by: actor,
          at: now,
          source,
        }));
      if (!changes.length) return { customer: current, changes };

      if (next.name !== base.name) await this.assertNameFree(current.teamId, next.name, id);
      const set: Partial<NewCustomer> = {};
      const unset: string[] = [];
      for (const key of Object.keys({ ...base, ...next }) as (keyof NewCustomer)[]) {
        if (same(base[key], next[key])) continue;
        if (next[key] === undefined) unset.push(key);
        else (set as Record<string, unknown>)[key] = next[key];
      }
      let updated: CustomerRecord | null;
      try {
        updated = await this.repos.customers.update(current.teamId, id, revision, set, unset);
      } catch (err) {
        if (err instanceof DuplicateKeyError)
          await this.assertNameFree(current.teamId, next.name, id);
        throw err;
      }
      if (updated) {
        await this.repos.changes.append(changes);
        return { customer: updated, changes };
      }
      const fresh = await this.repos.customers.byId(current.teamId, id);
      if (!fresh)
        throw new AppError('NOT_FOUND', 'customer.error.notFound', { code: current.code });
      if (attempt >= 4)
        throw new AppError('INVALID_INPUT', 'customer.error.changedMeanwhile', {
          code: current.code,
        });
      current = fresh;
    }
  }

  /** Throws the inline "already exists: C2026001" error when another customer has the name. */
  private async assertNameFree(
    teamId: string,
    name: string,
    exceptId: string | undefined,
  ): Promise<void> {
    const existing = await this.repos.customers.byNameKey(teamId, nameKey(name));
    if (existing && existing.id !== exceptId) {
      throw new FieldErrors({
        name: { key: 'customer.error.duplicateName', params: { code: existing.code } },
      });
    }
  }

  async byName(teamId: string, name: string): Promise<CustomerRecord | null> {
    return this.repos.customers.byNameKey(teamId, nameKey(name));
  }

  async all(teamId: string): Promise<CustomerRecord[]> {
    return this.repos.customers.all(teamId);
  }

  async find(
    teamId: string,
    text: string,
    limit = 10,
  ): Promise<{ items: CustomerRecord[]; total: number }> {
    return this.repos.customers.search(teamId, nameKey(text), limit);
  }

  async suggest(teamId: string, prefix: string, limit = 20): Promise<CustomerRecord[]> {
    return this.repos.customers.suggest(teamId, prefix, limit);
  }

  /**
   * Records an order once (an order number, or an import row, is never counted twice), then
   * recomputes annual revenue as the last 12 months of orders, the tier, and makes a prospect
   * active.
   */
  async recordOrder(
    teamId: string,
    code: string,
    order: OrderInput,
    actor: string,
    now: Date,
    source: ChangeSource = 'slack',
  ): Promise<{ customer: CustomerRecord; duplicate: boolean }> {
    const settings = await this.workspaces.settings(teamId);
    const customer = await this.get(teamId, code);
    if (source === 'slack' && !canSeeContacts(settings, customer, actor)) {
      throw new AppError('FORBIDDEN', 'customer.error.editForbidden', { owner: customer.ownerId });
    }
    const dedupeKey = order.number
      ? `no:${order.number}`
      : source === 'slack'
        ? `slack:${order.submissionId ?? randomUUID()}`
        : `row:${createHash('sha256')
            .update(JSON.stringify([customer.id, order.date, order.amount, order.note ?? '']))
            .digest('hex')}`;
    const inserted = await this.repos.orders.insertOnce({
      teamId,
      customerId: customer.id,
      date: order.date,
      amount: order.amount,
      ...(order.note ? { note: order.note } : {}),
      dedupeKey,
      createdBy: actor,
    });
    if (!inserted) {
      const existing = await this.repos.orders.byDedupeKey(teamId, dedupeKey);
      const same =
        existing &&
        existing.customerId === customer.id &&
        existing.date === order.date &&
        existing.amount === order.amount;
      if (existing && !same && order.number) {
        const other = await this.repos.customers.byId(teamId, existing.customerId);
        throw new FieldErrors({
          number: {
            key: 'order.error.numberTaken',
            params: { number: order.number, code: other?.code ?? '?', date: existing.date },
          },
        });
      }
      return { customer, duplicate: true };
    }
    await this.repos.customers.countOrder(teamId, customer.id, order.date);
    const updated = await this.refreshRevenue(teamId, code, settings, actor, now, source);
    return { customer: updated, duplicate: false };
  }

  /** Annual revenue = orders of the last 12 months (to today in the workspace's zone). */
  private async refreshRevenue(
    teamId: string,
    code: string,
    settings: WorkspaceSettings,
    actor: string,
    now: Date,
    source: ChangeSource,
  ): Promise<CustomerRecord> {
    const since = yearWindowStart(localDate(now, settings.timeZone));
    const patchFor = async (customer: CustomerRecord): Promise<CustomerPatch> => {
      const { total } = await this.repos.orders.totalSince(teamId, customer.id, since);
      const patch: CustomerPatch = { annualRevenue: total };
      if (customer.lifecycle === 'prospect') patch.lifecycle = 'active';
      if (!customer.cooperationStartDate && customer.lastOrderDate) {
        const orders = await this.repos.orders.forCustomer(teamId, customer.id);
        patch.cooperationStartDate = orders[orders.length - 1]?.date ?? customer.lastOrderDate;
      }
      return patch;
    };
    const customer = await this.get(teamId, code);
    return (await this.applyAndLog(customer, patchFor, settings, actor, now, source)).customer;
  }

  async logInteraction(
    teamId: string,
    code: string,
    input: InteractionInput,
    actor: string,
    now: Date,
  ): Promise<{ customer: CustomerRecord; interaction: InteractionRecord }> {
    const settings = await this.workspaces.settings(teamId);
    const customer = await this.get(teamId, code);
    // An interaction dated today happened now; one dated earlier counts from that day's start.
    const at =
      input.date === localDate(now, settings.timeZone)
        ? now
        : startOfLocalDay(input.date, settings.timeZone);
    const interaction = await this.repos.interactions.insert({
      teamId,
      customerId: customer.id,
      type: input.type,
      summary: input.summary,
      ...(input.feedback ? { feedback: input.feedback } : {}),
      ...(input.nextStep ? { nextStep: input.nextStep } : {}),
      ...(input.nextStepDate ? { nextStepDate: input.nextStepDate } : {}),
      by: actor,
      at,
    });
    await this.repos.customers.touchInteraction(teamId, customer.id, at);
    return { customer: await this.get(teamId, code), interaction };
  }

  /** The latest changes, newest first, with personal data masked as on the card. */
  async history(
    teamId: string,
    code: string,
    viewerId: string,
    limit = 10,
  ): Promise<{ customer: CustomerRecord; items: ChangeRecord[]; total: number }> {
    const settings = await this.workspaces.settings(teamId);
    const customer = await this.get(teamId, code);
    const { items, total } = await this.repos.changes.latest(teamId, customer.id, limit);
    const visible = canSeeContacts(settings, customer, viewerId);
    const mask = (field: string, value: unknown) => {
      if (visible || !PERSONAL_FIELDS.has(field) || typeof value !== 'string') return value;
      return field === 'contact.phone'
        ? maskPhone(value)
        : field === 'contact.email'
          ? maskEmail(value)
          : '***';
    };
    return {
      customer: this.viewFor(customer, settings, viewerId),
      items: items.map((c) => ({
        ...c,
        oldValue: mask(c.field, c.oldValue),
        newValue: mask(c.field, c.newValue),
      })),
      total,
    };
  }

  /**
   * Recomputes every customer's tier from revenue and the workspace's current thresholds (after
   * the thresholds change, and in the quarterly review). Returns how many tiers changed.
   */
  async recomputeTiers(
    teamId: string,
    actor: string,
    now: Date,
    source: ChangeSource = 'job',
  ): Promise<number> {
    const settings = await this.workspaces.settings(teamId);
    let changed = 0;
    for (const customer of await this.repos.customers.all(teamId)) {
      if (computeTier(customer.annualRevenue, settings.tiers) === customer.computedTier) continue;
      await this.applyAndLog(customer, () => ({}), settings, actor, now, source);
      changed++;
    }
    return changed;
  }
}
