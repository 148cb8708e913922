import { describe, expect, test } from 'vitest';
import { FIELDS, logName, valueAt } from '../../src/customer/fields.js';
import { maskedFormData } from '../../src/customer/form.js';
import type { ChangeRecord, CustomerRecord } from '../../src/customer/types.js';
import { changeView, customerView, HIDDEN, maySeePersonal } from '../../src/customer/visibility.js';
import { defaultSettings } from '../../src/workspace/settings.js';

const settings = {
  ...defaultSettings({ locale: 'en', timeZone: 'Asia/Shanghai', admins: ['UADMIN'], channels: {} }),
  managers: ['UMGR'],
  agents: ['UAGENT'],
  experts: [{ userId: 'UEXPERT', skills: ['billing'] }],
  accountManagers: ['UACCT', 'UOWNER'],
  openDesk: false,
};

const customer: CustomerRecord = {
  id: 'c1',
  teamId: 'T1',
  code: 'C2026001',
  name: '华东精密',
  nameKey: '华东精密',
  industry: '制造',
  customerType: 'company',
  industryTags: [],
  valueTags: [],
  needTags: [],
  address: '上海市浦东新区张江路 100 号',
  source: 'referral',
  firstContactDate: '2026-01-05',
  ownerId: 'UOWNER',
  contacts: [
    {
      key: 'k1',
      name: '王芳',
      phone: '+8613800138000',
      email: 'wang.fang@example.cn',
      im: 'wangfang_wx',
      birthday: '05-12',
      optOuts: [],
    },
  ],
  needs: { stated: 'MES 接口', budget: 300_000 },
  annualRevenue: 1_200_000,
  currency: 'CNY',
  cooperationStartDate: '2024-03-01',
  lastOrderDate: '2026-10-20',
  contractEndDate: '2027-03-31',
  ordersByMonth: { '2026-10': 2 },
  tags: ['high-value'],
  potential: 'key',
  lifecycle: 'active',
  competitorContact: false,
  computedTier: 'strategic',
  tier: 'strategic',
  searchTerms: [],
  createdBy: 'UOWNER',
  revision: 1,
  createdAt: new Date('2026-01-05'),
  updatedAt: new Date('2026-10-20'),
};

/** The one table: who sees personal data and commercial figures in clear (Y) or masked (.). */
const WHO: [string, boolean][] = [
  ['UADMIN', true],
  ['UMGR', true],
  ['UOWNER', true],
  ['UACCT', false],
  ['UAGENT', false],
  ['UEXPERT', false],
  ['UOUT', false],
];

/** What each personal field reads as, masked. */
const MASKED: Record<string, unknown> = {
  'contact.phone': '138****8000',
  'contact.email': 'w***@example.cn',
  'contact.im': HIDDEN,
  'contact.birthday': HIDDEN,
  address: HIDDEN,
  annualRevenue: undefined,
  contractEndDate: HIDDEN,
  cooperationStartDate: HIDDEN,
  'needs.budget': undefined,
};

const PERSONAL = FIELDS.filter(([, spec]) => spec.personal);

describe('who sees what of a customer (one table, every personal field)', () => {
  test('the registry marks exactly the fields the table names', () => {
    expect(PERSONAL.map(([, spec]) => logName(spec.at)).sort()).toEqual(Object.keys(MASKED).sort());
  });

  for (const [user, clear] of WHO) {
    for (const [field, spec] of PERSONAL) {
      const name = logName(spec.at);
      test(`${user} sees ${name} ${clear ? 'in clear' : 'masked'}`, () => {
        expect(maySeePersonal(settings, customer, user)).toBe(clear);
        const view = customerView(settings, customer, user);
        expect(valueAt(view, spec.at)).toEqual(clear ? valueAt(customer, spec.at) : MASKED[name]);
        expect(view.masked?.includes(name) ?? false).toBe(!clear);
        // The Edit form is filled in as seen.
        const form = maskedFormData(customer, view);
        if (!clear) expect(form[field]).toBe(MASKED[name] ?? HIDDEN);
      });
    }
    test(`${user}: orders ${clear ? 'shown' : 'hidden'}; name, tier, tags always shown`, () => {
      const view = customerView(settings, customer, user);
      expect(view.ordersByMonth).toEqual(clear ? customer.ordersByMonth : {});
      expect(view.lastOrderDate).toBe(clear ? customer.lastOrderDate : undefined);
      expect([view.name, view.tier, view.tags, view.contacts[0]?.name]).toEqual([
        customer.name,
        customer.tier,
        customer.tags,
        '王芳',
      ]);
      expect(JSON.stringify(view).includes('13800138000')).toBe(clear);
      expect(JSON.stringify(view).includes('1200000')).toBe(clear);
    });
  }

  test('History: a masked reader sees changes of personal fields masked, others as they are', () => {
    const change = (field: string, oldValue: unknown, newValue: unknown): ChangeRecord => ({
      teamId: 'T1',
      customerId: 'c1',
      field,
      oldValue,
      newValue,
      by: 'UOWNER',
      at: new Date(),
      source: 'slack',
    });
    expect(changeView(false, change('annualRevenue', 500_000, 1_200_000))).toMatchObject({
      oldValue: HIDDEN,
      newValue: HIDDEN,
    });
    expect(changeView(false, change('contact.phone', null, '+8613800138000'))).toMatchObject({
      oldValue: null,
      newValue: '138****8000',
    });
    expect(changeView(false, change('industry', '制造', '医疗'))).toMatchObject({
      newValue: '医疗',
    });
    expect(changeView(true, change('annualRevenue', 1, 2))).toMatchObject({ newValue: 2 });
  });
});
