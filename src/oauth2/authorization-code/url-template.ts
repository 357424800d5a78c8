import { invalidConfig } from '../../errors.js';
import { checkEndpointUrl } from '../endpoint-url.js';

/** The placeholders a consent-URL template may hold. */
export const TEMPLATE_PLACEHOLDERS = ['client_id', 'redirect_uri', 'scope', 'state', 'code_challenge', 'code_challenge_method', 'nonce'] as const;

/** The value of each placeholder; absent ones expand to an empty string. */
export type TemplateValues = Readonly<Partial<Record<(typeof TEMPLATE_PLACEHOLDERS)[number], string>>>;

/** Airbyte's declarative OAuth names for the same values (`{{client_id_value}}` is `{{client_id}}`). */
const airbyteNames: Readonly<Record<string, (typeof TEMPLATE_PLACEHOLDERS)[number]>> = {
  client_id_value: 'client_id',
  redirect_uri_value: 'redirect_uri',
  scope_value: 'scope',
  state_value: 'state',
};

/** A `{{name}}` placeholder; its group is the name. */
export const placeholder = /\{\{\s*([A-Za-z_]+)\s*\}\}/g;

/** The placeholder `name` stands for, Airbyte's names included; `undefined` when it is none. */
export function placeholderOf(name: string): (typeof TEMPLATE_PLACEHOLDERS)[number] | undefined {
  if ((TEMPLATE_PLACEHOLDERS as readonly string[]).includes(name)) return name as (typeof TEMPLATE_PLACEHOLDERS)[number];
  return Object.hasOwn(airbyteNames, name) ? airbyteNames[name] : undefined;
}

/**
 * Checks a template at configuration time: known placeholders only (Airbyte's
 * `{{client_id_value}}`, `{{redirect_uri_value}}`, `{{scope_value}}`, `{{state_value}}` too), and
 * an https URL once expanded.
 */
export function checkTemplate(template: unknown, allowInsecureHttp = false): string {
  if (typeof template !== 'string' || template === '' || /[\r\n]/.test(template)) throw invalidConfig('authorizationUrlTemplate', 'a URL template string');
  for (const match of template.matchAll(placeholder)) {
    const name = match[1] ?? '';
    if (placeholderOf(name) === undefined) {
      const known = [...TEMPLATE_PLACEHOLDERS, ...Object.keys(airbyteNames)];
      throw invalidConfig('authorizationUrlTemplate', `placeholders among ${known.map((item) => `{{${item}}}`).join(', ')} (got {{${name}}})`);
    }
  }
  if (/\{\{|\}\}/.test(template.replace(placeholder, ''))) throw invalidConfig('authorizationUrlTemplate', 'well-formed {{placeholders}}');
  checkEndpointUrl(expandTemplate(template, {}), 'authorizationUrlTemplate', allowInsecureHttp);
  return template;
}

/**
 * Replaces each `{{name}}` (or its Airbyte name, `{{name_value}}`) with its value, URL-encoded (`encodeURIComponent`: spaces as `%20`).
 *
 * @example
 * ```ts
 * expandTemplate('https://a.example/auth?scope={{scope}}', { scope: 'read write' }); // ...?scope=read%20write
 * ```
 */
export function expandTemplate(template: string, values: TemplateValues): string {
  return template.replace(placeholder, (_match, name: string) => {
    const key = placeholderOf(name);
    return encodeURIComponent((key === undefined ? undefined : values[key]) ?? '');
  });
}
