import type { Token } from '../token.js';
import type { LoginResult } from './login-types.js';
import type { OAuth2Setup } from './oauth2-auth.js';
import { fetchProfile, type ProfileConfig } from './profile.js';

/**
 * The end of every interactive login: fetch the profile (if configured) into `extra.profile`,
 * then store the token through the authenticator's manager (which makes it current and clears
 * any "sign in again" stop). Nothing is stored if the profile fetch fails.
 */
export async function finishLogin(setup: OAuth2Setup, token: Token, profileConfig: ProfileConfig | undefined, signal: AbortSignal): Promise<LoginResult> {
  let stored = token;
  let profile;
  if (profileConfig !== undefined) {
    profile = await fetchProfile(profileConfig, token, setup.fetch, signal);
    stored = { ...token, extra: { ...token.extra, profile } };
  }
  await setup.authenticator.tokenManager.setToken(stored);
  return { authenticator: setup.authenticator, token: stored, ...(profile === undefined ? {} : { profile }) };
}
