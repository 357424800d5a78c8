// Provider presets by name: the options each takes, its data, and one entry point for config.
import { invalidConfig } from '../errors.js';
import { baserowAuth, baserowPreset } from './baserow.js';
import { boxAuth, boxPreset } from './box.js';
import { contentfulAuth, contentfulPreset } from './contentful.js';
import { githubAuth, githubPreset } from './github.js';
import { googleAuth, googlePreset } from './google.js';
import { microsoftAuth, microsoftPreset } from './microsoft.js';
import { salesforceAuth, salesforcePreset } from './salesforce.js';
import { slackAuth, slackPreset } from './slack.js';
import { smartsheetAuth, smartsheetPreset } from './smartsheet.js';
import { spotifyAuth, spotifyPreset } from './spotify.js';
import { squareAuth, squarePreset } from './square.js';
import { stripeAuth, stripePreset } from './stripe.js';
import type { ProviderOptionsMap } from './options-map.js';
import type { ProviderAuthenticator, ProviderName, ProviderPreset } from './types.js';

type Factories = { readonly [P in ProviderName]: (options: ProviderOptionsMap[P]) => ProviderAuthenticator };

const factories: Factories = {
  github: githubAuth,
  salesforce: salesforceAuth,
  spotify: spotifyAuth,
  stripe: stripeAuth,
  box: boxAuth,
  contentful: contentfulAuth,
  google: googleAuth,
  microsoft: microsoftAuth,
  slack: slackAuth,
  square: squareAuth,
  smartsheet: smartsheetAuth,
  baserow: baserowAuth,
};

/**
 * Every preset's data, by provider name.
 *
 * @example
 * ```ts
 * for (const preset of Object.values(providerPresets)) console.log(preset.title, preset.baseUrl);
 * ```
 */
export const providerPresets: Readonly<Record<ProviderName, ProviderPreset>> = Object.freeze({
  github: githubPreset,
  salesforce: salesforcePreset,
  spotify: spotifyPreset,
  stripe: stripePreset,
  box: boxPreset,
  contentful: contentfulPreset,
  google: googlePreset,
  microsoft: microsoftPreset,
  slack: slackPreset,
  square: squarePreset,
  smartsheet: smartsheetPreset,
  baserow: baserowPreset,
});

/**
 * The provider names {@link createProviderAuth} knows, in a stable order.
 *
 * @example
 * ```ts
 * providerNames.includes('github'); // true
 * ```
 */
export const providerNames: readonly ProviderName[] = Object.freeze(Object.keys(factories) as ProviderName[]);

export { providerSecretOptions } from './option-names.js';
export type { ProviderOptionsMap } from './options-map.js';

/**
 * The preset factory of `provider` called with `options`: what a `{ type: 'provider' }` config
 * member becomes. An unknown provider is `ERR_AUTH_INVALID_CONFIG` listing the known ones.
 *
 * @example
 * ```ts
 * const auth = createProviderAuth('github', { token: process.env.GITHUB_TOKEN ?? '' });
 * const fromConfig = createProviderAuth(config.provider, config.options);
 * ```
 */
export function createProviderAuth<P extends ProviderName>(provider: P, options: ProviderOptionsMap[P]): ProviderAuthenticator {
  if (typeof provider !== 'string' || !Object.hasOwn(factories, provider)) {
    throw invalidConfig('provider', `one of ${providerNames.map((name) => `'${name}'`).join(', ')}`);
  }
  if (typeof options !== 'object' || options === null) throw invalidConfig(String(provider), 'an options object');
  const factory: Factories[P] = factories[provider];
  return factory(options);
}
