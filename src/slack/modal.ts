import type { ModalView } from '@slack/types';
import type { WebClient } from '@slack/web-api';
import type { Ctx } from '../context.js';
import type { MessageKey } from '../i18n/index.js';
import { loadingModal, markdown } from '../ui/blocks.js';
import { reportError } from './boundary.js';

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
    const { text } = reportError(error, ctx.log, ctx.locale);
    view = { ...loadingModal(t, input.title), blocks: [markdown(text)] };
  }
  await client.views.update({ view_id: viewId!, ...(hash ? { hash } : {}), view });
}
