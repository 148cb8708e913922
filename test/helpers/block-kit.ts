/**
 * Checks messages and views against Slack's Block Kit reference (limits of each block, element
 * and composition object), so a test fails where Slack would answer `invalid_blocks` (or
 * silently truncate, or mangle a string).
 */
type Json = Record<string, unknown>;

const MESSAGE_BLOCKS_MAX = 50;
const VIEW_BLOCKS_MAX = 100;

function isJson(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function textOf(obj: unknown): string | undefined {
  if (typeof obj === 'string') return obj;
  if (isJson(obj) && typeof obj.text === 'string') return obj.text;
  return undefined;
}

function checkLength(problems: string[], where: string, value: unknown, max: number): void {
  const text = textOf(value);
  if (text !== undefined && text.length > max) {
    problems.push(`${where} is ${text.length} chars (max ${max})`);
  }
}

/**
 * A text object: `plain_text` or `mrkdwn` (only `plain_text` where `plainOnly`), with 1 to
 * `max` characters of text that are not all blank (Slack refuses "" and "   " alike), `emoji`
 * only on plain_text and `verbatim` only on mrkdwn. Absent is fine unless `required`.
 */
function checkText(
  problems: string[],
  where: string,
  value: unknown,
  max: number,
  opts: { plainOnly?: boolean; required?: boolean } = {},
): void {
  if (value === undefined) {
    if (opts.required) problems.push(`${where} is missing`);
    return;
  }
  if (!isJson(value)) {
    problems.push(`${where} is not a text object`);
    return;
  }
  if (value.type !== 'plain_text' && value.type !== 'mrkdwn') {
    problems.push(`${where}.type ${JSON.stringify(value.type)} is not plain_text or mrkdwn`);
  } else if (opts.plainOnly && value.type !== 'plain_text') {
    problems.push(`${where} must be plain_text, not ${value.type}`);
  }
  if (value.type === 'mrkdwn' && 'emoji' in value) problems.push(`${where}: emoji on mrkdwn`);
  if (value.type === 'plain_text' && 'verbatim' in value)
    problems.push(`${where}: verbatim on plain_text`);
  if (typeof value.text !== 'string') {
    problems.push(`${where}.text is missing`);
    return;
  }
  if (value.text.trim() === '') problems.push(`${where} is empty`);
  checkLength(problems, where, value.text, max);
}

/**
 * Half of a surrogate pair on its own: not Unicode, so not UTF-8 either (Slack refuses the
 * request or shows U+FFFD). Without the `u` flag the regex sees UTF-16 code units.
 */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function checkSurrogates(problems: string[], node: unknown, where: string): void {
  if (typeof node === 'string') {
    if (LONE_SURROGATE.test(node)) problems.push(`${where} has a lone UTF-16 surrogate`);
  } else if (Array.isArray(node)) {
    node.forEach((item, i) => checkSurrogates(problems, item, `${where}[${i}]`));
  } else if (isJson(node)) {
    for (const [key, item] of Object.entries(node))
      checkSurrogates(problems, item, `${where}.${key}`);
  }
}

function checkConfirm(problems: string[], where: string, confirm: unknown): void {
  if (confirm === undefined) return;
  if (!isJson(confirm)) {
    problems.push(`${where} is not a confirmation dialog`);
    return;
  }
  checkText(problems, `${where}.title`, confirm.title, 100, { plainOnly: true, required: true });
  checkText(problems, `${where}.text`, confirm.text, 300, { required: true });
  checkText(problems, `${where}.confirm`, confirm.confirm, 30, { plainOnly: true, required: true });
  checkText(problems, `${where}.deny`, confirm.deny, 30, { plainOnly: true, required: true });
}

function checkOption(problems: string[], where: string, option: unknown, mrkdwnText: boolean) {
  if (!isJson(option)) {
    problems.push(`${where} is not an option`);
    return;
  }
  checkText(problems, `${where}.text`, option.text, 75, { plainOnly: !mrkdwnText, required: true });
  if (typeof option.value !== 'string' || option.value === '')
    problems.push(`${where}.value is missing`);
  else checkLength(problems, `${where}.value`, option.value, 150);
  checkText(problems, `${where}.description`, option.description, 75, { plainOnly: !mrkdwnText });
  checkLength(problems, `${where}.url`, option.url, 3000);
}

function checkOptions(
  problems: string[],
  where: string,
  options: unknown,
  range: { min: number; max: number },
  mrkdwnText = false,
): void {
  if (!Array.isArray(options)) return;
  if (options.length < range.min)
    problems.push(`${where} has ${options.length} options (min ${range.min})`);
  if (options.length > range.max)
    problems.push(`${where} has ${options.length} options (max ${range.max})`);
  options.forEach((option: unknown, i) =>
    checkOption(problems, `${where}.options[${i}]`, option, mrkdwnText),
  );
}

/** A select's options or option groups (one of them, groups of at most 100 each). */
function checkOptionSource(problems: string[], where: string, el: Json): void {
  if (el.options !== undefined && el.option_groups !== undefined)
    problems.push(`${where} has both options and option_groups`);
  checkOptions(problems, where, el.options, { min: 1, max: 100 });
  if (Array.isArray(el.option_groups)) {
    if (el.option_groups.length < 1 || el.option_groups.length > 100)
      problems.push(`${where}.option_groups has ${el.option_groups.length} (1 to 100)`);
    (el.option_groups as unknown[]).forEach((g, i) => {
      const at = `${where}.option_groups[${i}]`;
      if (!isJson(g)) return problems.push(`${at} is not an option group`);
      checkText(problems, `${at}.label`, g.label, 75, { plainOnly: true, required: true });
      checkOptions(problems, at, g.options, { min: 1, max: 100 });
    });
  }
}

/** The options of a select, checkboxes or radio buttons, flattened from groups too. */
function optionsOf(el: Json): Json[] {
  const own = Array.isArray(el.options) ? (el.options as Json[]) : [];
  const grouped = Array.isArray(el.option_groups)
    ? (el.option_groups as Json[]).flatMap((g) => (Array.isArray(g.options) ? g.options : []))
    : [];
  return [...own, ...grouped] as Json[];
}

const sameOption = (a: Json, b: Json) => a.value === b.value && textOf(a.text) === textOf(b.text);

/** An initial option Slack cannot find among the options (same text and value) is refused. */
function checkInitialOptions(problems: string[], where: string, el: Json): void {
  const options = optionsOf(el);
  const initial = [
    ...(el.initial_option !== undefined ? [el.initial_option] : []),
    ...(Array.isArray(el.initial_options) ? el.initial_options : []),
  ] as Json[];
  initial.forEach((init, i) => {
    if (!isJson(init) || !options.some((o) => sameOption(o, init)))
      problems.push(
        `${where}.initial_option${el.initial_options ? `s[${i}]` : ''} ${JSON.stringify(
          textOf(init?.text) ?? init?.value,
        )} is not one of its options`,
      );
  });
}

function checkElement(problems: string[], where: string, el: Json): void {
  checkLength(problems, `${where}.action_id`, el.action_id, 255);
  checkText(problems, `${where}.placeholder`, el.placeholder, 150, { plainOnly: true });
  checkConfirm(problems, `${where}.confirm`, el.confirm);
  switch (el.type) {
    case 'button':
      checkText(problems, `${where}.text`, el.text, 75, { plainOnly: true, required: true });
      checkLength(problems, `${where}.value`, el.value, 2000);
      checkLength(problems, `${where}.url`, el.url, 3000);
      checkLength(problems, `${where}.accessibility_label`, el.accessibility_label, 75);
      if (el.style !== undefined && el.style !== 'primary' && el.style !== 'danger')
        problems.push(`${where}.style ${JSON.stringify(el.style)} is not primary or danger`);
      break;
    case 'static_select':
    case 'multi_static_select':
      if (el.options === undefined && el.option_groups === undefined)
        problems.push(`${where} has neither options nor option_groups`);
      checkOptionSource(problems, where, el);
      checkInitialOptions(problems, where, el);
      break;
    case 'overflow':
      checkOptions(problems, where, el.options, { min: 2, max: 5 });
      break;
    case 'checkboxes':
    case 'radio_buttons':
      checkOptions(problems, where, el.options, { min: 1, max: 10 }, true);
      checkInitialOptions(problems, where, el);
      break;
    case 'datepicker':
      // Slack refuses a date picker opened with anything but a date (YYYY-MM-DD).
      if (el.initial_date !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(String(el.initial_date)))
        problems.push(`${where}.initial_date ${JSON.stringify(el.initial_date)} is not YYYY-MM-DD`);
      break;
    case 'timepicker':
      if (
        el.initial_time !== undefined &&
        !/^([01]\d|2[0-3]):[0-5]\d$/.test(String(el.initial_time))
      )
        problems.push(`${where}.initial_time ${JSON.stringify(el.initial_time)} is not HH:mm`);
      break;
    case 'plain_text_input': {
      if (typeof el.max_length === 'number' && el.max_length > 3000) {
        problems.push(`${where}.max_length ${el.max_length} (max 3000)`);
      }
      if (typeof el.min_length === 'number' && el.min_length > 3000)
        problems.push(`${where}.min_length ${el.min_length} (max 3000)`);
      if (
        typeof el.min_length === 'number' &&
        typeof el.max_length === 'number' &&
        el.min_length > el.max_length
      )
        problems.push(`${where}.min_length ${el.min_length} > max_length ${el.max_length}`);
      // An input opened with more than it may hold: refused, or unsavable as it stands.
      checkLength(
        problems,
        `${where}.initial_value`,
        el.initial_value,
        typeof el.max_length === 'number' ? Math.min(el.max_length, 3000) : 3000,
      );
      break;
    }
    case 'multi_users_select':
    case 'multi_conversations_select':
    case 'multi_channels_select':
    case 'multi_external_select':
      if (typeof el.max_selected_items === 'number' && el.max_selected_items < 1)
        problems.push(`${where}.max_selected_items ${el.max_selected_items} (min 1)`);
      if (el.type === 'multi_external_select') checkInitialOptionTexts(problems, where, el);
      break;
    case 'external_select':
      checkInitialOptionTexts(problems, where, el);
      break;
    case 'image':
      checkImage(problems, where, el);
      break;
    default:
      break;
  }
  if (el.type === 'multi_static_select' && typeof el.max_selected_items === 'number') {
    if (el.max_selected_items < 1)
      problems.push(`${where}.max_selected_items ${el.max_selected_items} (min 1)`);
  }
}

/** An external select's initial options are shown as given: each a valid option. */
function checkInitialOptionTexts(problems: string[], where: string, el: Json): void {
  if (el.initial_option !== undefined)
    checkOption(problems, `${where}.initial_option`, el.initial_option, false);
  if (Array.isArray(el.initial_options))
    el.initial_options.forEach((o: unknown, i) =>
      checkOption(problems, `${where}.initial_options[${i}]`, o, false),
    );
}

function checkImage(problems: string[], where: string, img: Json): void {
  if (typeof img.alt_text !== 'string' || img.alt_text.trim() === '')
    problems.push(`${where}.alt_text is missing`);
  checkLength(problems, `${where}.alt_text`, img.alt_text, 2000);
  if (img.image_url === undefined && img.slack_file === undefined)
    problems.push(`${where} has neither image_url nor slack_file`);
  checkLength(problems, `${where}.image_url`, img.image_url, 3000);
}

/** action_id must be unique within its block. */
function checkActionIds(problems: string[], where: string, elements: Json[]): void {
  const seen = new Set<unknown>();
  for (const el of elements) {
    if (el.action_id === undefined) continue;
    if (seen.has(el.action_id))
      problems.push(`${where} has action_id ${JSON.stringify(el.action_id)} twice`);
    seen.add(el.action_id);
  }
}

export function validateBlocks(blocks: unknown, max: number, where = 'blocks'): string[] {
  const problems: string[] = [];
  if (blocks === undefined) return problems;
  if (!Array.isArray(blocks)) return [`${where} is not an array`];
  if (blocks.length > max) problems.push(`${where} has ${blocks.length} blocks (max ${max})`);
  const blockIds = new Set<unknown>();
  blocks.forEach((block: Json, i) => {
    const at = `${where}[${i}](${String(block.type)})`;
    checkLength(problems, `${at}.block_id`, block.block_id, 255);
    if (block.block_id !== undefined) {
      if (typeof block.block_id !== 'string' || block.block_id === '')
        problems.push(`${at}.block_id is empty`);
      else if (blockIds.has(block.block_id))
        problems.push(`${at}.block_id ${JSON.stringify(block.block_id)} is used twice`);
      blockIds.add(block.block_id);
    }
    switch (block.type) {
      case 'section':
        checkText(problems, `${at}.text`, block.text, 3000);
        if (Array.isArray(block.fields)) {
          if (block.fields.length > 10)
            problems.push(`${at}.fields has ${block.fields.length} (max 10)`);
          if (block.fields.length === 0) problems.push(`${at}.fields is empty`);
          block.fields.forEach((f, j) => checkText(problems, `${at}.fields[${j}]`, f, 2000));
        }
        if (!block.text && !block.fields) problems.push(`${at} has neither text nor fields`);
        if (block.accessory) checkElement(problems, `${at}.accessory`, block.accessory as Json);
        break;
      case 'header':
        checkText(problems, `${at}.text`, block.text, 150, { plainOnly: true, required: true });
        break;
      case 'actions': {
        const els = (block.elements as Json[] | undefined) ?? [];
        if (els.length < 1) problems.push(`${at}.elements is empty`);
        if (els.length > 25) problems.push(`${at}.elements has ${els.length} (max 25)`);
        els.forEach((el, j) => checkElement(problems, `${at}.elements[${j}]`, el));
        checkActionIds(problems, at, els);
        break;
      }
      case 'context': {
        const els = (block.elements as Json[] | undefined) ?? [];
        if (els.length < 1) problems.push(`${at}.elements is empty`);
        if (els.length > 10) problems.push(`${at}.elements has ${els.length} (max 10)`);
        els.forEach((el, j) => {
          if (el.type === 'image') checkImage(problems, `${at}.elements[${j}]`, el);
          else checkText(problems, `${at}.elements[${j}]`, el, 3000);
        });
        break;
      }
      case 'input':
        checkText(problems, `${at}.label`, block.label, 2000, { plainOnly: true, required: true });
        checkText(problems, `${at}.hint`, block.hint, 2000, { plainOnly: true });
        if (block.element) checkElement(problems, `${at}.element`, block.element as Json);
        else problems.push(`${at} has no element`);
        break;
      case 'image':
        checkImage(problems, at, block);
        checkText(problems, `${at}.title`, block.title, 2000, { plainOnly: true });
        break;
      case 'divider':
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
  checkSurrogates(problems, message, 'message');
  return [...problems, ...validateBlocks(message.blocks, MESSAGE_BLOCKS_MAX)];
}

export function validateView(view: Json): string[] {
  const problems: string[] = [];
  const blocks = (view.blocks as Json[] | undefined) ?? [];
  problems.push(...validateBlocks(blocks, VIEW_BLOCKS_MAX, 'view.blocks'));
  if (view.type === 'modal') {
    checkText(problems, 'view.title', view.title, 24, { plainOnly: true, required: true });
    checkText(problems, 'view.submit', view.submit, 24, { plainOnly: true });
    checkText(problems, 'view.close', view.close, 24, { plainOnly: true });
    if (blocks.some((b) => b.type === 'input') && !view.submit) {
      problems.push('modal has input blocks but no submit button');
    }
  }
  checkLength(problems, 'view.private_metadata', view.private_metadata, 3000);
  checkLength(problems, 'view.callback_id', view.callback_id, 255);
  checkLength(problems, 'view.external_id', view.external_id, 255);
  checkSurrogates(problems, view, 'view');
  return problems;
}

/** An options-load (block_suggestion) response. */
export function validateOptionsResponse(body: Json): string[] {
  const problems: string[] = [];
  checkOptions(problems, 'options', body.options, { min: 0, max: 100 });
  if (Array.isArray(body.option_groups)) {
    (body.option_groups as Json[]).forEach((g, i) => {
      checkText(problems, `option_groups[${i}].label`, g.label, 75, {
        plainOnly: true,
        required: true,
      });
      checkOptions(problems, `option_groups[${i}]`, g.options, { min: 1, max: 100 });
    });
  }
  checkSurrogates(problems, body, 'options response');
  return problems;
}

/**
 * A view_submission ack: `errors` (a message, not empty, under each input's block_id) or a view
 * to `update` or `push`.
 */
export function validateViewResponse(body: Json): string[] {
  const problems: string[] = [];
  switch (body.response_action) {
    case 'errors':
      if (!isJson(body.errors) || !Object.keys(body.errors).length)
        problems.push('errors response has no errors');
      else
        for (const [block, message] of Object.entries(body.errors))
          if (typeof message !== 'string' || message.trim() === '')
            problems.push(`errors.${block} is empty`);
      break;
    case 'update':
    case 'push':
      if (!isJson(body.view)) problems.push(`${body.response_action} response has no view`);
      else problems.push(...validateView(body.view));
      break;
    case 'clear':
      break;
    case undefined:
      // `{}`: the same as an empty ack.
      if (Object.keys(body).length) problems.push('response has no response_action');
      break;
    default:
      problems.push(`response_action ${JSON.stringify(body.response_action)} is unknown`);
  }
  checkSurrogates(problems, body.errors, 'errors');
  return problems;
}
