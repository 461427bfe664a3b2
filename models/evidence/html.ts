/**
 * The one rule for the HTML of text evidence, kept apart from the evidence model so that code which must not
 * load the model (an organization import refused before its first write makes no collection) can apply it.
 */
import sanitizeHtml from 'sanitize-html'

/** Rich but safe: formatting, lists, tables and links survive; scripts, styles and handlers do not. */
export function sanitizeEvidenceHtml(html: string): string {
  return sanitizeHtml(html, {
    allowedTags: [
      'p',
      'br',
      'strong',
      'b',
      'em',
      'i',
      'u',
      's',
      'ul',
      'ol',
      'li',
      'h3',
      'h4',
      'blockquote',
      'a',
      'table',
      'thead',
      'tbody',
      'tr',
      'th',
      'td',
      'code',
      'pre',
    ],
    allowedAttributes: { a: ['href', 'title', 'rel', 'target'] },
    allowedSchemes: ['http', 'https', 'mailto'],
    transformTags: { a: sanitizeHtml.simpleTransform('a', { rel: 'noopener noreferrer', target: '_blank' }) },
  })
}
