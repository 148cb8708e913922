import type { WebClient } from '@slack/web-api';
import { translator } from '../i18n/index.js';
import type { Logger } from '../logger.js';
import { chartLegend, CHART_SERIES, digestMessage } from '../ui/digest.js';
import type { WorkspaceService } from '../workspace/service.js';
import { PALETTE, renderRateChart } from './chart.js';
import type { DigestRepository } from './repository.js';
import { reportedWeek, weeksEnding, type DigestService } from './service.js';

/** A post claimed longer ago than this was abandoned (its run died): another may take it. */
const CLAIM_STALE_MS = 30 * 60_000;

/** Weeks on the chart. */
export const CHART_WEEKS = 8;

/**
 * Posts a week's digest to the digest channel: the figures with last week's for comparison, then
 * the chart of the last 8 weeks' key rates (rendered here, uploaded with the two-step file
 * upload). The week is claimed before posting, so it goes out once unless forced.
 */
export class DigestPublisher {
  constructor(
    private readonly deps: {
      client: WebClient;
      digests: DigestService;
      repo: DigestRepository;
      workspaces: WorkspaceService;
    },
  ) {}

  async publish(
    teamId: string,
    slot: Date,
    now: Date,
    opts: { force: boolean; owner: string },
    log: Logger,
  ): Promise<Record<string, number>> {
    const settings = await this.deps.workspaces.settings(teamId);
    const week = reportedWeek(slot, settings.timeZone);
    const channel = settings.channels.digest;
    const weeks = weeksEnding(week, CHART_WEEKS, settings.timeZone);
    // The reported week is always rebuilt when it is posted: late changes to it count.
    const figures = await this.deps.digests.figures(teamId, weeks, now, [week.week]);
    if (!channel) {
      log.warn({ week: week.week }, 'digest built but not posted: no digest channel is set');
      return { posted: 0, noChannel: 1 };
    }
    const claimed = await this.deps.repo.claimPost(teamId, week.week, opts.owner, now, {
      force: opts.force,
      staleBefore: new Date(now.getTime() - CLAIM_STALE_MS),
    });
    if (!claimed) return { posted: 0, alreadyPosted: 1 };

    const t = translator(settings.locale);
    const current = figures.get(week.week)!;
    const previous = figures.get(weeks[weeks.length - 2]!.week);
    let ts: string;
    try {
      const posted = await this.deps.client.chat.postMessage({
        channel,
        ...digestMessage(t, week, current, previous, settings.digest.targets),
      });
      ts = posted.ts!;
    } catch (err) {
      // Nothing went out: the next run (or a retry of this one) may post it.
      await this.deps.repo.releasePost(teamId, week.week, opts.owner);
      throw err;
    }
    let chartFileId: string | undefined;
    try {
      const png = renderRateChart({
        labels: weeks.map((w) => w.week.slice(5)),
        series: CHART_SERIES.map((s, i) => ({
          color: PALETTE[i]!,
          values: weeks.map((w) => {
            const value = figures.get(w.week)?.[s.figure];
            return value === null || value === undefined ? null : value * s.scale;
          }),
        })),
        targets: [
          { value: settings.digest.targets.resolvedWithin72h * 100, color: PALETTE[1]! },
          { value: settings.digest.targets.firstContactResolution * 100, color: PALETTE[2]! },
        ],
      });
      const upload = (await this.deps.client.filesUploadV2({
        channel_id: channel,
        file: png,
        filename: `kpi-${week.week}.png`,
        title: t('digest.chartTitle', { week: week.week }),
        initial_comment: chartLegend(t),
        alt_text: t('digest.chartAlt', { weeks: CHART_WEEKS }),
      } as never)) as { files?: { files?: { id?: string }[] }[] };
      chartFileId = upload.files?.[0]?.files?.[0]?.id;
    } catch (err) {
      // The figures are out; a chart Slack refused is not worth a second digest.
      log.warn({ err, week: week.week }, 'digest chart upload failed');
    }
    await this.deps.repo.recordPost(teamId, week.week, {
      channel,
      ts,
      postedAt: now,
      ...(chartFileId ? { chartFileId } : {}),
    });
    return { posted: 1, chart: chartFileId ? 1 : 0 };
  }
}
