// Provider presets by name: the options each takes, its data, and one entry point for config.
import { invalidConfig } from '../errors.js';
import { baserowAuth, baserowPreset, type BaserowAuthOptions } from './baserow.js';
import { boxAuth, boxPreset, type BoxAuthOptions } from './box.js';
import { contentfulAuth, contentfulPreset, type ContentfulAuthOptions } from './contentful.js';
import { githubAuth, githubPreset, type GitHubAuthOptions } from './github.js';
import { googleAuth, googlePreset, type GoogleAuthOptions } from './google.js';
import { microsoftAuth, microsoftPreset, type MicrosoftAuthOptions } from './microsoft.js';
import { salesforceAuth, salesforcePreset, type SalesforceAuthOptions } from './salesforce.js';
import { slackAuth, slackPreset, type SlackAuthOptions } from './slack.js';
import { smartsheetAuth, smartsheetPreset, type SmartsheetAuthOptions } from './smartsheet.js';
import { spotifyAuth, spotifyPreset, type SpotifyAuthOptions } from './spotify.js';
import { squareAuth, squarePreset, type SquareAuthOptions } from './square.js';
import { stripeAuth, stripePreset, type StripeAuthOptions } from './stripe.js';
import type { ProviderAuthenticator, ProviderName, ProviderPreset } from './types.js';

/**
 * The options of each provider's factory, by provider name.
 *
 * @example
 * ```ts
 * const options: ProviderOptionsMap['stripe'] = { secretKey };
 * ```
 */
export interface ProviderOptionsMap {
  /** {@link githubAuth}. */
  readonly github: GitHubAuthOptions;
  /** {@link salesforceAuth}. */
  readonly salesforce: SalesforceAuthOptions;
  /** {@link spotifyAuth}. */
  readonly spotify: SpotifyAuthOptions;
  /** {@link stripeAuth}. */
  readonly stripe: StripeAuthOptions;
  /** {@link boxAuth}. */
  readonly box: BoxAuthOptions;
  /** {@link contentfulAuth}. */
  readonly contentful: ContentfulAuthOptions;
  /** {@link googleAuth}. */
  readonly google: GoogleAuthOptions;
  /** {@link microsoftAuth}. */
  readonly microsoft: MicrosoftAuthOptions;
  /** {@link slackAuth}. */
  readonly slack: SlackAuthOptions;
  /** {@link squareAuth}. */
  readonly square: SquareAuthOptions;
  /** {@link smartsheetAuth}. */
  readonly smartsheet: SmartsheetAuthOptions;
  /** {@link baserowAuth}. */
  readonly baserow: BaserowAuthOptions;
}

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
