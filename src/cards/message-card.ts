import { clipper } from './escape';
import { expand } from './templates';
import type { AdaptiveCard, Notice } from './types';

// A short message card (help, errors, status). Its text may quote user input, so it is escaped like any user text;
// `markdown` is the bot's own formatted text (help), shown as Markdown and never built from input.

/** Pure: a titled message; the tone colours the title (attention for errors, good for confirmations). */
export function renderMessageCard(title: string, text: string, tone: Notice['tone'] = 'default', markdown?: string): AdaptiveCard {
  const clip = clipper(1);
  return expand('message', {
    title: clip(title, 200),
    text: clip(text, 4000),
    hasText: text.trim() !== '',
    markdown: markdown ?? '',
    hasMarkdown: markdown !== undefined && markdown.trim() !== '',
    color: tone,
    style: tone === 'default' ? 'default' : tone,
  });
}
