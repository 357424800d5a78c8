/**
 * `authwire/providers`: presets for APIs whose authentication has quirks worth knowing (token
 * URLs, rotation, scopes, error bodies), by factory or by name.
 *
 * @example
 * ```ts
 * import { githubAuth } from 'authwire/providers';
 * const auth = githubAuth({ token: process.env.GITHUB_TOKEN ?? '' });
 * ```
 *
 * @module authwire/providers
 */
export { createProviderAuth, providerNames, providerPresets, providerSecretOptions } from '../providers/index.js';
export type { ProviderOptionsMap } from '../providers/index.js';
export type {
  ProviderAuthenticator, ProviderAuthorization, ProviderCommonOptions, ProviderInfo, ProviderName, ProviderOAuthOptions, ProviderPreset,
  ProviderRefreshTokenOptions, ProviderTokenAuthenticator,
} from '../providers/types.js';
export { baserowAuth, baserowPreset } from '../providers/baserow.js';
export type { BaserowAuthOptions, BaserowDatabaseTokenOptions, BaserowJwtOptions, BaserowPasswordOptions } from '../providers/baserow.js';
export { boxAuth, boxPreset } from '../providers/box.js';
export type { BoxAuthOptions, BoxClientCredentialsOptions, BoxUserAuthOptions } from '../providers/box.js';
export { contentfulAuth, contentfulPreset } from '../providers/contentful.js';
export type { ContentfulAuthOptions } from '../providers/contentful.js';
export { githubAuth, githubPreset } from '../providers/github.js';
export type { GitHubAppUserAuthOptions, GitHubAuthOptions, GitHubTokenAuthOptions } from '../providers/github.js';
export { googleAuth, googlePreset } from '../providers/google.js';
export type { GoogleAuthOptions, GoogleServiceAccountOptions, GoogleUserAuthOptions } from '../providers/google.js';
export { microsoftAuth, microsoftPreset } from '../providers/microsoft.js';
export type { MicrosoftAuthOptions } from '../providers/microsoft.js';
export { salesforceAuth, salesforcePreset } from '../providers/salesforce.js';
export type {
  SalesforceAuthenticator, SalesforceAuthOptions, SalesforceClientCredentialsOptions, SalesforceCommonOptions, SalesforceJwtBearerOptions,
  SalesforceRefreshTokenOptions,
} from '../providers/salesforce.js';
export { slackAuth, slackPreset } from '../providers/slack.js';
export type { SlackAuthOptions, SlackRotatingAuthOptions, SlackTokenAuthOptions } from '../providers/slack.js';
export { smartsheetAuth, smartsheetPreset } from '../providers/smartsheet.js';
export type { SmartsheetAuthOptions, SmartsheetCommonOptions, SmartsheetOAuthOptions, SmartsheetTokenAuthOptions } from '../providers/smartsheet.js';
export { spotifyAuth, spotifyPreset } from '../providers/spotify.js';
export type { SpotifyAppAuthOptions, SpotifyAuthOptions, SpotifyUserAuthOptions } from '../providers/spotify.js';
export { squareAuth, squarePreset } from '../providers/square.js';
export type { SquareAuthOptions, SquareCommonOptions, SquareOAuthOptions, SquareTokenAuthOptions } from '../providers/square.js';
export { stripeAuth, stripePreset } from '../providers/stripe.js';
export type { StripeAuthOptions } from '../providers/stripe.js';
export { metabaseAuth } from '../providers/metabase.js';
export type { MetabaseAuthenticator, MetabaseAuthOptions } from '../providers/metabase.js';
