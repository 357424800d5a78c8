import { invalidConfig } from '../../errors.js';
import { checkEndpointUrl } from '../endpoint-url.js';

/** The placeholders a consent-URL template may hold. */
export const TEMPLATE_PLACEHOLDERS = ['client_id', 'redirect_uri', 'scope', 'state', 'code_challenge', 'code_challenge_method', 'nonce'] as const;

/** The value of each placeholder; absent ones expand to an empty string. */
export type TemplateValues = Readonly<Partial<Record<(typeof TEMPLATE_PLACEHOLDERS)[number], string>>>;

const placeholder = /\{\{\s*([A-Za-z_]+)\s*\}\}/g;

/** Checks a template at configuration time: known placeholders only, and an https URL once expanded. */
export function checkTemplate(template: unknown, allowInsecureHttp = false): string {
  if (typeof template !== 'string' || template === '' || /[\r\n]/.test(template)) throw invalidConfig('authorizationUrlTemplate', 'a URL template string');
  for (const match of template.matchAll(placeholder)) {
    const name = match[1] ?? '';
    if (!(TEMPLATE_PLACEHOLDERS as readonly string[]).includes(name)) {
      throw invalidConfig('authorizationUrlTemplate', `placeholders among ${TEMPLATE_PLACEHOLDERS.map((item) => `{{${item}}}`).join(', ')} (got {{${name}}})`);
    }
  }
  if (/\{\{|\}\}/.test(template.replace(placeholder, ''))) throw invalidConfig('authorizationUrlTemplate', 'well-formed {{placeholders}}');
  checkEndpointUrl(expandTemplate(template, {}), 'authorizationUrlTemplate', allowInsecureHttp);
  return template;
}

/**
 * Replaces each `{{name}}` with its value, URL-encoded (`encodeURIComponent`: spaces as `%20`).
 *
 * @example
 * ```ts
 * expandTemplate('https://a.example/auth?scope={{scope}}', { scope: 'read write' }); // ...?scope=read%20write
 * ```
 */
export function expandTemplate(template: string, values: TemplateValues): string {
  return template.replace(placeholder, (_match, name: string) => encodeURIComponent(values[name as keyof TemplateValues] ?? ''));
}
