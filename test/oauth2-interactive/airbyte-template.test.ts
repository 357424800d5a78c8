// A consent-URL template written for Airbyte's declarative OAuth works as it is.
import { describe, expect, it } from 'vitest';
import { authorizationUrl } from '../../src/index.js';

describe("authorizationUrlTemplate with Airbyte's placeholder names", () => {
  it('fills {{client_id_value}}, {{ redirect_uri_value }}, {{scope_value}} and {{state_value}}', () => {
    const { url, pending } = authorizationUrl({
      authorizationUrlTemplate:
        'https://yourconnectorservice.com/oauth/consent?client_id={{client_id_value}}&redirect_uri={{ redirect_uri_value }}&state={{ state_value }}&scope={{scope_value}}',
      clientId: 'app 1',
      redirectUri: 'https://cloud.example.com/cb',
      scope: ['a:read', 'b:read'],
    });
    const params = new URL(url).searchParams;
    expect(params.get('client_id')).toBe('app 1');
    expect(params.get('redirect_uri')).toBe('https://cloud.example.com/cb');
    expect(params.get('scope')).toBe('a:read b:read');
    expect(params.getAll('state')).toEqual([pending.state]);
    expect(params.get('code_challenge_method')).toBe('S256');
  });

  it('still refuses a placeholder neither name set knows, listing both', () => {
    expect(() =>
      authorizationUrl({ authorizationUrlTemplate: 'https://a.example.com/auth?s={{client_secret_value}}', clientId: 'c', redirectUri: 'https://app.example.com/cb' }),
    ).toThrow(/placeholders among .*\{\{client_id_value\}\}.* \(got \{\{client_secret_value\}\}\)/);
  });
});
