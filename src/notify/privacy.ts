import type { Ctx } from '../context.js';
import type { OutboxService } from '../outbox/service.js';
import {
  erasureFinishedDm,
  erasureGivenUpDm,
  erasureWaitsOnOwnerDm,
  type UpkeepFinishedStarter,
  type UpkeepStarter,
} from '../ui/privacy.js';
import type { OutboxData } from './types.js';

/**
 * Whom the upkeep tells of a cut erasure by Slack user (`ids`): the admins who started it
 * (`started` you), or, they admins no longer or none recorded, the workspace's admins as they
 * now stand.
 */
export interface UpkeepAdmins {
  ids: string[];
  started: UpkeepStarter;
  /** The admins left out as held (`heldOwners`: nothing reaches them), left out of `asked` too. */
  held?: readonly string[];
}

/** The admins told of what the desk did on its own about personal data. */
export class PrivacyNotifier {
  constructor(private readonly outbox: OutboxService) {}

  /**
   * An erasure by Slack user cut short, finished by the outbox's upkeep: one DM to each of `to`
   * (the admin who started it, or the workspace's admins: UpkeepAdmins; or the admins told it
   * waited on a guest owner in its starter's place: `asked`), in the workspace's language, keyed
   * by the erasure (`erasure`: a digest of its own id, never the person: upkeepErasure) and whom,
   * not when: a second run of it (another instance's, which read it unfinished) writes nothing
   * new. Written only: the caller kicks the worker.
   */
  async erasureFinished(
    ctx: Ctx,
    to: { ids: string[]; started: UpkeepFinishedStarter },
    erasure: string,
    resumed: number,
  ): Promise<string[]> {
    return this.toEach(
      ctx,
      to,
      (admin) => `erasure-finished:${erasure}:${admin}`,
      erasureFinishedDm(ctx.t, resumed, to.started),
    );
  }

  /**
   * An erasure by Slack user cut short, given up by the outbox's upkeep (the person made staff
   * since): one DM to each of `to`, as erasureFinished (`asked` too); `resumed` the tickets it
   * had resumed, announced by the upkeep.
   */
  async erasureGivenUp(
    ctx: Ctx,
    to: { ids: string[]; started: UpkeepFinishedStarter },
    erasure: string,
    resumed: number,
  ): Promise<string[]> {
    return this.toEach(
      ctx,
      to,
      (admin) => `erasure-given-up:${erasure}:${admin}`,
      erasureGivenUpDm(ctx.t, resumed, to.started),
    );
  }

  /**
   * An erasure by Slack user cut short, which the outbox's upkeep cannot finish yet as the
   * person owns customers now as a guest of the workspace (`codes`, the first of `count`): one DM
   * to each of `to`, as erasureFinished, naming the customers to give another owner (the rest
   * counted). Keyed by the erasure (`erasure`: its own random key, kept on its marks, never the
   * person), whom and the list it shows (`list`: a hash of `codes`), not when: written again for
   * the same list (its told mark not written, or by another instance's run), it writes nothing
   * new; a new list (customers handed on, others left) is a new DM: once per list and admin.
   */
  async erasureWaitsOnOwner(
    ctx: Ctx,
    to: UpkeepAdmins,
    erasure: string,
    codes: string[],
    count: number,
    list: string,
  ): Promise<string[]> {
    return this.toEach(
      ctx,
      to,
      (admin) => `erasure-waits-on-owner:${erasure}:${admin}:${list}`,
      erasureWaitsOnOwnerDm(ctx.t, codes, count, to.started),
    );
  }

  /** One DM of `message` to each of `to` (UpkeepAdmins), keyed by `key` of the admin: written only. */
  private toEach(
    ctx: Ctx,
    to: Pick<UpkeepAdmins, 'ids'>,
    key: (admin: string) => string,
    message: NonNullable<OutboxData['message']['message']>,
  ): Promise<string[]> {
    return this.outbox.enqueue(
      ctx,
      to.ids.map((admin) => ({
        key: key(admin),
        kind: 'message' as const,
        to: admin,
        data: { message } satisfies OutboxData['message'],
      })),
    );
  }
}
