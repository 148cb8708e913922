import type { Ctx } from '../context.js';
import type { WeekFigures, WeekWindow } from '../digest/types.js';
import { digestChart, digestMessage } from '../ui/digest.js';
import type { SlackOut } from './slack.js';

/**
 * The weekly digest in Slack: the figures with last week's for comparison, then the chart of
 * the last weeks' key rates, uploaded with the two-step file upload. A digest Slack refuses is
 * thrown (nothing went out); a refused chart is only logged (the figures are out).
 */
export class DigestNotifier {
  constructor(private readonly out: SlackOut) {}

  async post(
    ctx: Ctx,
    channel: string,
    input: { week: WeekWindow; weeks: WeekWindow[]; figures: Map<string, WeekFigures> },
  ): Promise<{ ts: string; chartFileId?: string }> {
    const { t, settings } = ctx;
    const { week, weeks, figures } = input;
    const current = figures.get(week.week);
    if (!current) throw new Error(`digest of ${week.week} was not built`);
    const previous = figures.get(weeks[weeks.length - 2]?.week ?? '');
    const targets = settings.digest.targets;
    const posted = await this.out.client.chat.postMessage({
      channel,
      ...digestMessage(t, week, current, previous, targets),
    });
    const ts = posted.ts ?? '';
    try {
      const chart = digestChart(t, week, weeks, figures, targets);
      const upload = (await this.out.client.filesUploadV2({
        channel_id: channel,
        file: chart.png,
        filename: chart.filename,
        title: chart.title,
        initial_comment: chart.legend,
        alt_text: chart.altText,
      } as Parameters<SlackOut['client']['filesUploadV2']>[0])) as {
        files?: { files?: { id?: string }[] }[];
      };
      const chartFileId = upload.files?.[0]?.files?.[0]?.id;
      return { ts, ...(chartFileId ? { chartFileId } : {}) };
    } catch (err) {
      ctx.log.warn({ err, week: week.week }, 'digest chart upload failed');
      return { ts };
    }
  }
}
