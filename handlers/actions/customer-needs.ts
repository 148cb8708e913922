import { redrawModal } from '../../src/slack/modal.js';
import { boundary, readsOnly } from '../../src/slack/boundary.js';
import {
  parsePayload,
  blockActionSchema,
  needRowsOf,
  rawViewSchema,
  readMetadata,
  viewActionSchema,
} from '../../src/slack/payloads.js';
import {
  NEED_ROWS_MAX,
  NEEDS_INTRO_BLOCK,
  isNeedRowBlock,
  needRowBlocks,
  withNeedRows,
} from '../../src/ui/customer.js';
import { CUSTOMER } from '../../src/ui/ids.js';
import type { HandlerDeps } from '../deps.js';
import type { ActionArgs } from './types.js';

/**
 * Add need and Remove in the customer Edit modal's needs matrix: the rows are rebuilt from what
 * is typed in them now (the view's state) and the modal is updated in place. Every other block
 * is sent back as Slack gave it, so its initial value stays the one the modal opened with (what
 * the submission compares to) and Slack keeps what was typed in it; each row keeps its block
 * ids. `hash` makes an update that lost a race with another do nothing.
 */
export function customerNeedRows(deps: HandlerDeps, what: 'add' | 'remove') {
  const name = what === 'add' ? CUSTOMER.needAdd : CUSTOMER.needRemove;
  return boundary<ActionArgs>(`action:${name}`, deps.boundary, async (args, ctx) => {
    // The modal redrawn: nothing is saved before its submission.
    readsOnly(args);
    await args.ack();
    const action = parsePayload(blockActionSchema, args.body).actions[0];
    const { view } = parsePayload(viewActionSchema, args.body);
    const raw = parsePayload(rawViewSchema, args.body).view;
    if (raw.callback_id !== CUSTOMER.editView) return;
    const meta = readMetadata(view.private_metadata);
    let rows = needRowsOf(view, meta.needRows ?? [], {
      urgency: CUSTOMER.needUrgency,
      importance: CUSTOMER.needImportance,
    });
    if (what === 'add') {
      if (rows.length >= NEED_ROWS_MAX) return;
      const next = Math.max(meta.needNext ?? 0, ...rows.map((r) => r.id + 1));
      rows = [...rows, { id: next }];
    } else {
      const id = Number(action?.value);
      if (!rows.some((r) => r.id === id)) return;
      rows = rows.filter((r) => r.id !== id);
    }
    const kept = raw.blocks.filter((b) => !isNeedRowBlock(b.block_id as string | undefined));
    const at = kept.findIndex((b) => b.block_id === NEEDS_INTRO_BLOCK);
    if (at < 0) return;
    const blocks: unknown[] = [
      ...kept.slice(0, at + 1),
      ...needRowBlocks(ctx.t, rows),
      ...kept.slice(at + 1),
    ];
    await redrawModal(args.client, view, raw, {
      blocks,
      privateMetadata: withNeedRows(raw.private_metadata, rows),
    });
  });
}

/**
 * A need's urgency or importance chosen (a select in an actions block sends each choice at
 * once): acknowledged; the choice is read from the view's state on Add, Remove and submit.
 */
export function customerNeedMark(deps: HandlerDeps, name: string) {
  return boundary<ActionArgs>(`action:${name}`, deps.boundary, async (args) => {
    await args.ack();
  });
}
