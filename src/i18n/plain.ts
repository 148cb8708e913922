/**
 * A Slack message's text as people read it: `<url|label>` as its label, `<@U123|name>` as
 * `@name` (`@U123` without a name), `<!here>` as `@here`, a date token as its fallback, and
 * `&lt;`, `&gt;`, `&amp;` as the characters they stand for. Formatting marks (`*bold*`) stay.
 */
export function messagePlainText(text: string): string {
  return text
    .replace(/<([^<>]*)>/g, (_, inner: string) => {
      const bar = inner.indexOf('|');
      const target = bar < 0 ? inner : inner.slice(0, bar);
      const label = bar < 0 ? undefined : inner.slice(bar + 1);
      if (target.startsWith('@')) return label ? `@${label.replace(/^@/, '')}` : target;
      if (target.startsWith('#')) return label ? `#${label}` : target;
      if (target.startsWith('!')) return label ?? `@${target.slice(1).split('^')[0]}`;
      return label ?? target.replace(/^mailto:/, '');
    })
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}
