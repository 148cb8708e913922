/**
 * Text people typed, escaped for Slack's mrkdwn (`&`, `<` and `>`, as Slack asks): the one rule,
 * for every layer. src/ui/text.ts `escape` marks the result safe mrkdwn; the privacy erasure
 * (src/privacy/subjects.ts renderedForms) looks for a person's words as messages hold them.
 */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
