// Loaded with `--import` into a privacy CLI that a test runs (test/cli/privacy.test.ts): an
// erasure's lease run out within its last step and taken by another erasure (another instance,
// another run of the tool) before it is given back, made to happen at that very moment (no
// waiting 5 minutes for it). The lease's document takes another holder just before the
// erasure's release, as a take-over of a run-out lease writes it.
import type { Model } from 'mongoose';
import { ErasureLeaseRepository } from '../../../src/privacy/repository.js';

const release = ErasureLeaseRepository.prototype.release;
ErasureLeaseRepository.prototype.release = async function (
  this: ErasureLeaseRepository,
  ...args: Parameters<ErasureLeaseRepository['release']>
) {
  const [teamId, key] = args;
  const model = Reflect.get(this, 'model') as Model<unknown>;
  await model.updateOne({ _id: `${teamId}:${key}` }, { $set: { owner: 'another' } });
  return release.apply(this, args);
};
