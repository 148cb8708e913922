/**
 * Checks messages and views against the Block Kit limits in ../shared/slack-notes.md, so a test
 * fails where Slack would answer `invalid_blocks` (or silently truncate).
 */
type Json = Record<string, unknown>;

const MESSAGE_BLOCKS_MAX = 50;
const VIEW_BLOCKS_MAX = 100;

function textOf(obj: unknown): string | undefined {
  if (typeof obj === 'string') return obj;
  if (obj && typeof obj === 'object' && typeof (obj as Json).text === 'string') {
    return (obj as Json).text as string;
  }
  return undefined;
}

function checkLength(problems: string[], where: string, value: unknown, max: number): void {
  const text = textOf(value);
  if (text !== undefined && text.length > max) {
    problems.push(`${where} is ${text.length} chars (max ${max})`);
  }
}

function checkOptions(problems: string[], where: string, options: unknown, max: number): void {
  if (!Array.isArray(options)) return;
  if (options.length > max) problems.push(`${where} has ${options.length} options (max ${max})`);
  options.forEach((option: Json, i) => {
    checkLength(problems, `${where}.options[${i}].text`, option.text, 75);
    checkLength(problems, `${where}.options[${i}].value`, option.value, 75);
  });
}

function checkElement(problems: string[], where: string, el: Json): void {
  checkLength(problems, `${where}.action_id`, el.action_id, 255);
  checkLength(problems, `${where}.placeholder`, el.placeholder, 150);
  switch (el.type) {
    case 'button':
      checkLength(problems, `${where}.text`, el.text, 75);
      checkLength(problems, `${where}.value`, el.value, 2000);
      checkLength(problems, `${where}.url`, el.url, 3000);
      break;
    case 'static_select':
    case 'multi_static_select':
      checkOptions(problems, where, el.options, 100);
      if (Array.isArray(el.option_groups)) {
        (el.option_groups as Json[]).forEach((g, i) =>
          checkOptions(problems, `${where}.option_groups[${i}]`, g.options, 100),
        );
      }
      break;
    case 'overflow':
      checkOptions(problems, where, el.options, 5);
      break;
    case 'checkboxes':
    case 'radio_buttons':
      checkOptions(problems, where, el.options, 10);
      break;
    case 'datepicker':
      // Slack refuses a date picker opened with anything but a date (YYYY-MM-DD).
      if (el.initial_date !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(String(el.initial_date)))
        problems.push(`${where}.initial_date ${JSON.stringify(el.initial_date)} is not YYYY-MM-DD`);
      break;
    case 'plain_text_input':
      if (typeof el.max_length === 'number' && el.max_length > 3000) {
        problems.push(`${where}.max_length ${el.max_length} (max 3000)`);
      }
      // An input opened with more than it may hold: refused, or unsavable as it stands.
      checkLength(
        problems,
        `${where}.initial_value`,
        el.initial_value,
        typeof el.max_length === 'number' ? Math.min(el.max_length, 3000) : 3000,
      );
      break;
    default:
      break;
  }
}

export function validateBlocks(blocks: unknown, max: number, where = 'blocks'): string[] {
  const problems: string[] = [];
  if (blocks === undefined) return problems;
  if (!Array.isArray(blocks)) return [`${where} is not an array`];
  if (blocks.length > max) problems.push(`${where} has ${blocks.length} blocks (max ${max})`);
  blocks.forEach((block: Json, i) => {
    const at = `${where}[${i}](${String(block.type)})`;
    checkLength(problems, `${at}.block_id`, block.block_id, 255);
    switch (block.type) {
      case 'section':
        checkLength(problems, `${at}.text`, block.text, 3000);
        if (Array.isArray(block.fields)) {
          if (block.fields.length > 10)
            problems.push(`${at}.fields has ${block.fields.length} (max 10)`);
          block.fields.forEach((f, j) => checkLength(problems, `${at}.fields[${j}]`, f, 2000));
        }
        if (!block.text && !block.fields) problems.push(`${at} has neither text nor fields`);
        if (block.accessory) checkElement(problems, `${at}.accessory`, block.accessory as Json);
        break;
      case 'header':
        checkLength(problems, `${at}.text`, block.text, 150);
        break;
      case 'actions': {
        const els = (block.elements as Json[] | undefined) ?? [];
        if (els.length > 25) problems.push(`${at}.elements has ${els.length} (max 25)`);
        els.forEach((el, j) => checkElement(problems, `${at}.elements[${j}]`, el));
        break;
      }
      case 'context': {
        const els = (block.elements as Json[] | undefined) ?? [];
        if (els.length > 10) problems.push(`${at}.elements has ${els.length} (max 10)`);
        els.forEach((el, j) => checkLength(problems, `${at}.elements[${j}]`, el, 3000));
        break;
      }
      case 'input':
        checkLength(problems, `${at}.label`, block.label, 2000);
        checkLength(problems, `${at}.hint`, block.hint, 2000);
        if (block.element) checkElement(problems, `${at}.element`, block.element as Json);
        break;
      default:
        break;
    }
  });
  return problems;
}

/** A chat message or a response_url / ack body. */
export function validateMessage(message: Json): string[] {
  const problems: string[] = [];
  const text = message.text;
  if (typeof text !== 'string' || text.trim() === '') {
    problems.push('message has no fallback `text` (notifications would be empty)');
  } else if (text.length > 4000) {
    problems.push(`message text is ${text.length} chars (max 4000)`);
  }
  return [...problems, ...validateBlocks(message.blocks, MESSAGE_BLOCKS_MAX)];
}

export function validateView(view: Json): string[] {
  const problems: string[] = [];
  const blocks = (view.blocks as Json[] | undefined) ?? [];
  problems.push(...validateBlocks(blocks, VIEW_BLOCKS_MAX, 'view.blocks'));
  if (view.type === 'modal') {
    checkLength(problems, 'view.title', view.title, 24);
    checkLength(problems, 'view.submit', view.submit, 24);
    checkLength(problems, 'view.close', view.close, 24);
    if (!view.title) problems.push('modal has no title');
    if (blocks.some((b) => b.type === 'input') && !view.submit) {
      problems.push('modal has input blocks but no submit button');
    }
  }
  checkLength(problems, 'view.private_metadata', view.private_metadata, 3000);
  checkLength(problems, 'view.callback_id', view.callback_id, 255);
  return problems;
}

/** An options-load (block_suggestion) response. */
export function validateOptionsResponse(body: Json): string[] {
  const problems: string[] = [];
  checkOptions(problems, 'options', body.options, 100);
  if (Array.isArray(body.option_groups)) {
    (body.option_groups as Json[]).forEach((g, i) =>
      checkOptions(problems, `option_groups[${i}]`, g.options, 100),
    );
  }
  return problems;
}
