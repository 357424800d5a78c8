// The options of every preset's factory by provider name, apart from the factories themselves so
// that the option-name lists can be checked against them without importing the presets.
import type { BaserowAuthOptions } from './baserow.js';
import type { BoxAuthOptions } from './box.js';
import type { ContentfulAuthOptions } from './contentful.js';
import type { GitHubAuthOptions } from './github.js';
import type { GoogleAuthOptions } from './google.js';
import type { MicrosoftAuthOptions } from './microsoft.js';
import type { SalesforceAuthOptions } from './salesforce.js';
import type { SlackAuthOptions } from './slack.js';
import type { SmartsheetAuthOptions } from './smartsheet.js';
import type { SpotifyAuthOptions } from './spotify.js';
import type { SquareAuthOptions } from './square.js';
import type { StripeAuthOptions } from './stripe.js';

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
