import { noColors, type Colors } from './context.js';

/**
 * A rule doc page's Markdown as text for a terminal or SARIF `help.text`: headings, lists, tables and code blocks
 * keep their shape; emphasis and code markers go (or become colours), links keep their text and target. The doc
 * pages use only this subset of Markdown, which a full renderer (and its dependencies) would not improve on.
 */
export function markdownToText(markdown: string, colors: Colors = noColors): string {
  const out: string[] = [];
  let fenced = false;
  for (const line of markdown.replace(/\r\n/g, '\n').split('\n')) {
    if (/^\s*```/.test(line)) {
      fenced = !fenced;
      continue;
    }
    if (fenced) {
      out.push(colors.dim(`    ${line}`));
      continue;
    }
    const heading = /^#{1,6}\s+(.*)$/.exec(line);
    if (heading) {
      out.push(colors.bold(colors.underline(inlineText(heading[1] as string, colors))));
      continue;
    }
    // A table's separator row is only Markdown syntax.
    if (/^\s*\|(?:\s*:?-+:?\s*\|)+\s*$/.test(line)) continue;
    const bullet = /^(\s*)[-*]\s+(.*)$/.exec(line);
    out.push(bullet ? `${bullet[1] as string}• ${inlineText(bullet[2] as string, colors)}` : inlineText(line, colors));
  }
  return out.join('\n').replace(/\n{3,}/g, '\n\n').replace(/^\n+|\s+$/g, '');
}

function inlineText(text: string, colors: Colors): string {
  return text
    .replace(/\[([^\]]+)\]\(([^)\s]+)\)/g, (_, label: string, url: string) => (label === url ? url : `${label} (${url})`))
    .replace(/\*\*([^*]+)\*\*/g, (_, inner: string) => colors.bold(inner))
    .replace(/`([^`]+)`/g, (_, inner: string) => colors.bold(inner))
    .replace(/(^|[\s(])_([^_]+)_(?=[\s).,;:]|$)/g, '$1$2');
}
