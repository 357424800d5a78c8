// Token exchange (RFC 8693) on the oidc-provider test server, through its custom grant hook: the
// subject token must be an access token the server issued and still accepts; the exchanged token
// is a new access token for the subject's account (or client), recorded with what was asked.
import { errors } from 'oidc-provider';
import { TOKEN_EXCHANGE_GRANT, type OidcServer } from './oidc.js';

const accessTokenType = 'urn:ietf:params:oauth:token-type:access_token';

export interface ExchangeRecord {
  /** The parameters the token endpoint received (client credentials left out). */
  readonly params: Readonly<Record<string, string | undefined>>;
  /** The token issued, if the exchange succeeded. */
  readonly issued?: string;
  /** Whose token the subject token was (account id, or client id of a client_credentials token). */
  readonly subject?: string;
}

/** Registers the grant; returns the exchanges the server handles, in order. */
export function enableTokenExchange(oidc: OidcServer): ExchangeRecord[] {
  const { provider } = oidc;
  const records: ExchangeRecord[] = [];
  provider.registerGrantType(
    TOKEN_EXCHANGE_GRANT,
    async (ctx) => {
      const params = { ...ctx.oidc.params } as Record<string, string | undefined>;
      for (const name of ['client_id', 'client_secret', 'client_assertion', 'client_assertion_type']) delete params[name];
      const subjectToken = params['subject_token'] ?? '';
      const found = (await provider.AccessToken.find(subjectToken)) ?? (await provider.ClientCredentials.find(subjectToken));
      if (found === undefined || found.isExpired === true) {
        records.push({ params });
        throw new errors.InvalidGrant('the subject token is not active');
      }
      if (params['subject_token_type'] !== accessTokenType) {
        records.push({ params });
        throw new errors.InvalidRequest('unsupported subject_token_type');
      }
      const subject = found.accountId ?? found.clientId ?? '';
      const { client } = ctx.oidc;
      const grant = new provider.Grant({ accountId: subject, clientId: client.clientId });
      const scope = params['scope'] ?? 'api:read';
      grant.addOIDCScope(scope);
      const grantId = await grant.save();
      const at = new provider.AccessToken({ accountId: subject, client, grantId, gty: 'token_exchange', scope });
      const issued = await at.save();
      records.push({ params, issued, subject });
      ctx.body = { access_token: issued, issued_token_type: accessTokenType, token_type: 'Bearer', expires_in: at.expiration, scope };
    },
    ['subject_token', 'subject_token_type', 'actor_token', 'actor_token_type', 'requested_token_type', 'audience', 'scope'],
  );
  return records;
}
