// Loaded with `--import` into a customers CLI that a test runs (test/cli/customer-csv.test.ts):
// the rare race of a contact or a customer removed between an import's read of a row and its
// write, made to happen at that very moment (no waiting for it).
// REMOVE_CONTACT_MEANWHILE=<name>: that contact is removed, as Slack's Remove does, just before
// the import writes it. REMOVE_CUSTOMER_MEANWHILE=<code>: that customer's record is deleted just
// before the import updates it or records an order for it.
import type { Model } from 'mongoose';
import { CustomerService } from '../../../src/customer/service.js';

const contactName = process.env.REMOVE_CONTACT_MEANWHILE;
const customerCode = process.env.REMOVE_CUSTOMER_MEANWHILE;

const saveContact = CustomerService.prototype.saveContact;
CustomerService.prototype.saveContact = async function (
  this: CustomerService,
  ...args: Parameters<CustomerService['saveContact']>
) {
  const [ctx, code, key] = args;
  if (contactName && key) {
    const customer = await this.get(ctx, code);
    if (customer.contacts.find((c) => c.key === key)?.name === contactName)
      await this.removeContact(ctx, code, key);
  }
  return saveContact.apply(this, args);
};

/** Deletes the customer's stored document first when it is REMOVE_CUSTOMER_MEANWHILE. */
async function removeCustomer(service: CustomerService, teamId: string, code: string) {
  if (!customerCode || code !== customerCode) return;
  // The desk never deletes one record alone (an uninstall's erasure drops the workspace's):
  // the stored document is deleted through the service's own repository.
  const repos = Reflect.get(service, 'repos') as { customers: object };
  const model = Reflect.get(repos.customers, 'model') as Model<unknown>;
  await model.deleteOne({ teamId, code });
}

const recordOrder = CustomerService.prototype.recordOrder;
CustomerService.prototype.recordOrder = async function (
  this: CustomerService,
  ...args: Parameters<CustomerService['recordOrder']>
) {
  await removeCustomer(this, args[0].teamId, args[1]);
  return recordOrder.apply(this, args);
};

const update = CustomerService.prototype.update;
CustomerService.prototype.update = async function (
  this: CustomerService,
  ...args: Parameters<CustomerService['update']>
) {
  await removeCustomer(this, args[0].teamId, args[1]);
  return update.apply(this, args);
};
