import type { Ctx } from '../context.js';
import {
  reportedWeek,
  weeksEnding,
  type DigestPosts,
  type DigestService,
} from '../digest/service.js';
import { CHART_WEEKS } from '../digest/types.js';
import type { Notifiers } from '../notify/index.js';

/**
 * Posting the weekly digest of a workspace: the reported week (always rebuilt, so late changes
 * count) and the weeks before it for the comparison and the chart, claimed before posting so it
 * goes out once unless forced; a post Slack refuses releases the claim and fails the run, so it
 * is retried.
 */
export class DigestFlows {
  constructor(
    private readonly deps: {
      digests: DigestService;
      posts: DigestPosts;
      notify: Pick<Notifiers, 'digests'>;
    },
  ) {}

  async publish(
    ctx: Ctx,
    slot: Date,
    opts: { force: boolean; owner: string },
  ): Promise<Record<string, number>> {
    const tz = ctx.settings.timeZone;
    const week = reportedWeek(slot, tz);
    const weeks = weeksEnding(week, CHART_WEEKS, tz);
    const figures = await this.deps.digests.figures(ctx, weeks, [week.week]);
    const channel = ctx.settings.channels.digest;
    if (!channel) {
      ctx.log.warn({ week: week.week }, 'digest built but not posted: no digest channel is set');
      return { posted: 0, noChannel: 1 };
    }
    if (!(await this.deps.posts.claim(ctx, week.week, opts.owner, opts.force)))
      return { posted: 0, alreadyPosted: 1 };
    let out: { ts: string; chartFileId?: string };
    try {
      out = await this.deps.notify.digests.post(ctx, channel, { week, weeks, figures });
    } catch (err) {
      await this.deps.posts.release(ctx, week.week, opts.owner);
      throw err;
    }
    await this.deps.posts.record(ctx, week.week, { channel, ...out });
    return { posted: 1, chart: out.chartFileId ? 1 : 0 };
  }
}
