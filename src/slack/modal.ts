import type { ModalView } from '@slack/types';
import type { WebClient } from '@slack/web-api';
import type { Ctx } from '../context.js';
import type { MessageKey } from '../i18n/index.js';
import { loadingModal, markdown } from '../ui/blocks.js';
import type { z } from 'zod';
import { reportError } from './boundary.js';
import type { rawViewSchema } from './payloads.js';

/**
 * Opens a modal at once in a loading state (a trigger_id lives about 3 s), then builds the real
 * view and swaps it in with views.update. If building fails, the modal shows the error and its
 * reference id instead of loading forever.
 */
export async function openWithLoading(input: {
  client: WebClient;
  triggerId: string;
  ctx: Ctx;
  title: MessageKey;
  build: () => Promise<ModalView>;
}): Promise<void> {
  const { client, ctx } = input;
  const { t } = ctx;
  const opened = await client.views.open({
    trigger_id: input.triggerId,
    view: loadingModal(t, input.title),
  });
  const viewId = opened.view?.id;
  const hash = opened.view?.hash;
  let view: ModalView;
  try {
    view = await input.build();
  } catch (error) {
    // Filling a modal in reads only: nothing was changed.
    const { text } = reportError(error, ctx.log, ctx.locale, { unchanged: true });
    view = { ...loadingModal(t, input.title), blocks: [markdown(text)] };
  }
  await client.views.update({ view_id: viewId!, ...(hash ? { hash } : {}), view });
}

/**
 * Redraws a modal in place from a block action's view (`rawViewSchema`): its frame as Slack
 * sent it, with new blocks (and, if given, new private metadata). `hash` makes an update that
 * lost a race with another do nothing; Slack keeps what was typed in blocks whose ids stay.
 */
export async function redrawModal(
  client: WebClient,
  view: { id: string; hash?: string | undefined },
  raw: z.infer<typeof rawViewSchema>['view'],
  next: { blocks: unknown[]; privateMetadata?: string },
): Promise<void> {
  await client.views.update({
    view_id: view.id,
    ...(view.hash ? { hash: view.hash } : {}),
    view: {
      type: 'modal',
      callback_id: raw.callback_id,
      private_metadata: next.privateMetadata ?? raw.private_metadata,
      title: raw.title,
      ...(raw.submit ? { submit: raw.submit } : {}),
      ...(raw.close ? { close: raw.close } : {}),
      blocks: next.blocks,
    } as unknown as ModalView,
  });
}
