// The daily runs' customers are typed as exactly the fields of their lists (CareCustomer:
// CARE_FIELDS, SignalCustomer: SIGNAL_FIELDS), and the helpers they call declare what they read
// (`Declaring`): a helper reading a field the run's list leaves out, an optional one included,
// does not compile (tsc checks this file: each `@ts-expect-error` line must be an error).
import { expect, expectTypeOf, test } from 'vitest';
import { erased, isKeyCustomer } from '../../src/customer/rules.js';
import { contractSignal } from '../../src/customer/signal-rules.js';
import { serviceTier, valueClass } from '../../src/customer/stage-rules.js';
import {
  CARE_FIELDS,
  SIGNAL_FIELDS,
  type CareCustomer,
  type CustomerRecord,
  type Declaring,
  type SignalCustomer,
} from '../../src/customer/types.js';
import { followedUp } from '../../src/task/rules.js';
import { ownerExecutor } from '../../src/workspace/types.js';

/** A helper as the daily runs' are written: it reads `notes`, which neither list holds. */
function readsNotes<C>(customer: Declaring<C, Pick<CustomerRecord, 'notes'>>) {
  return customer.notes;
}

const thresholds = { vipMin: 1_000_000, vipYears: 2, highValueMin: 500_000 };
const settings = { managers: [], admins: [] };

test('the runs’ customer types are exactly their lists’ fields', () => {
  expectTypeOf<keyof CareCustomer>().toEqualTypeOf<(typeof CARE_FIELDS)[number]>();
  expectTypeOf<keyof SignalCustomer>().toEqualTypeOf<(typeof SIGNAL_FIELDS)[number]>();
});

test('a helper reading a field not in the run’s list does not compile with the run’s customer', () => {
  // Type checks only: never called.
  const typed = (care: CareCustomer, signal: SignalCustomer, whole: CustomerRecord) => {
    // The fields each helper reads are in the lists, optional ones included: these compile.
    serviceTier(care);
    serviceTier(signal);
    valueClass(care, '2026-11-24', thresholds);
    isKeyCustomer(signal);
    erased(care);
    followedUp(care);
    ownerExecutor(settings, care);
    contractSignal(signal, '2026-11-24', 30);
    // A whole file declares every field.
    serviceTier(whole);
    readsNotes(whole);
    contractSignal(whole, '2026-11-24', 30);
    // contractEndDate (optional) is the signals run's, not the tasks run's: a plain
    // `{ contractEndDate?: string }` parameter would take `care` and read undefined.
    // @ts-expect-error Property 'contractEndDate' is missing in type 'CareCustomer'
    contractSignal(care, '2026-11-24', 30);
    // Neither run reads notes.
    // @ts-expect-error Property 'notes' is missing in type 'CareCustomer'
    readsNotes(care);
    // @ts-expect-error Property 'notes' is missing in type 'SignalCustomer'
    readsNotes(signal);
    // A list without lastOrderDate: serviceTier (key potential until the first order) refuses it.
    const { lastOrderDate: _, ...withoutLastOrder } = care;
    // @ts-expect-error Property 'lastOrderDate' is missing
    serviceTier(withoutLastOrder);
    // Nor a list without annualRevenue for the value class.
    const { annualRevenue: _r, ...withoutRevenue } = care;
    // @ts-expect-error Property 'annualRevenue' is missing
    valueClass(withoutRevenue, '2026-11-24', thresholds);
  };
  expect(typed).toBeTypeOf('function');
});
