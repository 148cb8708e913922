// Loaded with `--import` into a customers CLI that a test runs (test/cli/customer-csv.test.ts):
// the race of two imports of one file run at once (a retried cron, two machines), made to happen
// at that very moment (no two processes timed against each other).
// CREATE_MEANWHILE=<name>[,<name>…]: just before the import stores that new customer, the same
// customer is stored first, as the other run would store it (its owner and creator the other
// run's --as, CREATE_MEANWHILE_AS; its fields CREATE_MEANWHILE_SET, JSON, over the row's).
import { CustomerRepository } from '../../../src/customer/repository.js';

const names = new Set((process.env.CREATE_MEANWHILE ?? '').split(',').filter(Boolean));
const other = process.env.CREATE_MEANWHILE_AS ?? 'U0OTHERRUN';
const set = JSON.parse(process.env.CREATE_MEANWHILE_SET ?? '{}') as Record<string, unknown>;

const insert = CustomerRepository.prototype.insert;
CustomerRepository.prototype.insert = async function (
  this: CustomerRepository,
  ...args: Parameters<CustomerRepository['insert']>
) {
  const [customer, now] = args;
  if (names.delete(customer.name))
    await insert.call(this, { ...customer, ownerId: other, createdBy: other, ...set }, now);
  return insert.apply(this, args);
};
