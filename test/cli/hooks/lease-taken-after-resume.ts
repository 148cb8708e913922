// Loaded with `--import` into a privacy CLI that a test runs (test/cli/privacy.test.ts): a Slack
// user's erasure whose lease another erasure takes while it resumes a ticket waiting on them
// (its lease run out meanwhile), so that its next step stops it after the resume, before their
// data is erased: the resume is owed (marked on the ticket), not announced.
import type { Model } from 'mongoose';
import { DataSubjectRepository, ErasureLeaseRepository } from '../../../src/privacy/repository.js';

let leases: Model<unknown> | undefined;
const take = ErasureLeaseRepository.prototype.take;
ErasureLeaseRepository.prototype.take = function (
  this: ErasureLeaseRepository,
  ...args: Parameters<ErasureLeaseRepository['take']>
) {
  leases = Reflect.get(this, 'model') as Model<unknown>;
  return take.apply(this, args);
};
const resumeOwed = DataSubjectRepository.prototype.resumeOwed;
DataSubjectRepository.prototype.resumeOwed = async function (
  this: DataSubjectRepository,
  ...args: Parameters<DataSubjectRepository['resumeOwed']>
) {
  const unchecked = await resumeOwed.apply(this, args);
  await leases!.updateMany({}, { $set: { owner: 'another' } });
  return unchecked;
};
