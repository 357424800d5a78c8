// The presets by name: createProviderAuth (the `{ type: 'provider' }` config entry point), the
// preset data, and no secret in any preset authenticator's inspect or JSON form.
import { generateKeyPairSync } from 'node:crypto';
import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { createProviderAuth, providerNames, providerPresets, providerSecretOptions, type ProviderOptionsMap } from '../../src/entries/providers.js';
import { MemoryTokenStore } from '../../src/index.js';

const pem = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
const secret = 'S3cr3t-value-that-must-never-show-0123456789';
const store = new MemoryTokenStore();

/** One configuration per preset form, each holding `secret` where a secret goes. */
const configurations: { [P in keyof ProviderOptionsMap]: ReadonlyArray<ProviderOptionsMap[P]> } = {
  github: [{ token: secret }, { clientId: 'Iv1.app', clientSecret: secret, refreshToken: secret, store }],
  salesforce: [
    { clientId: 'ck', clientSecret: secret, refreshToken: secret, store },
    { grant: 'client_credentials', clientId: 'ck', clientSecret: secret, store },
    { grant: 'jwt_bearer', clientId: 'ck', privateKey: pem, username: 'u@example.com', store },
  ],
  spotify: [{ clientId: 'app', clientSecret: secret, refreshToken: secret, store }, { grant: 'client_credentials', clientId: 'app', clientSecret: secret, store }],
  stripe: [{ secretKey: `sk_test_${secret}` }, { secretKey: `rk_live_${secret}`, scheme: 'bearer' }],
  box: [{ clientId: 'c', clientSecret: secret, subjectType: 'enterprise', subjectId: '1', store }, { clientId: 'c', clientSecret: secret, refreshToken: secret, store }],
  contentful: [{ token: secret }],
  google: [
    { serviceAccount: { client_email: 'sa@p.iam.gserviceaccount.com', private_key: pem, private_key_id: secret }, scope: ['openid'], store },
    { clientId: 'c', clientSecret: secret, refreshToken: secret, store },
  ],
  microsoft: [{ tenant: 'contoso.onmicrosoft.com', clientId: 'c', clientSecret: secret, store }],
  slack: [{ token: secret }, { clientId: 'c', clientSecret: secret, refreshToken: secret, store }],
  square: [{ accessToken: secret }, { clientId: 'c', clientSecret: secret, refreshToken: secret, store }],
  smartsheet: [{ token: secret }, { clientId: 'c', clientSecret: secret, refreshToken: secret, store }],
  baserow: [{ databaseToken: secret }, { jwt: secret }, { email: 'bot@example.com', password: secret, store }],
};

describe('createProviderAuth', () => {
  it('builds every preset form by name; none shows a secret in inspect or JSON', async () => {
    for (const provider of providerNames) {
      for (const options of configurations[provider]) {
        const auth = createProviderAuth(provider, options as never);
        expect(auth.provider).toBe(provider);
        expect(auth.name.startsWith(`${provider}:`)).toBe(true);
        expect(inspect(auth, { depth: 8, showHidden: true })).not.toContain(secret);
        expect(JSON.stringify(auth)).not.toContain(secret);
        await auth.close?.();
      }
    }
  });

  it('an unknown provider is a configuration error listing the known ones', () => {
    expect(() => createProviderAuth('dropbox' as 'github', { token: 'x' })).toThrow(
      expect.objectContaining({ code: 'ERR_AUTH_INVALID_CONFIG', details: { field: 'provider' }, message: expect.stringContaining("'github', 'salesforce'") as unknown }),
    );
    expect(() => createProviderAuth('toString' as 'github', { token: 'x' })).toThrow(expect.objectContaining({ code: 'ERR_AUTH_INVALID_CONFIG' }));
    expect(() => createProviderAuth('stripe', null as never)).toThrow(expect.objectContaining({ code: 'ERR_AUTH_INVALID_CONFIG' }));
  });

  it('bad options fail at creation, naming the provider’s field and never the value', () => {
    const cases: Array<[() => unknown, string]> = [
      [() => createProviderAuth('github', { token: '' }), 'github.token'],
      [() => createProviderAuth('box', { clientId: '', clientSecret: secret, subjectType: 'user', subjectId: '1' }), 'box.clientId'],
      [() => createProviderAuth('contentful', { token: 'x', baseUrl: `ftp://${secret}@example.com` }), 'contentful.baseUrl'],
      [() => createProviderAuth('baserow', { email: 'a@b.c', password: '' }), 'baserow.password'],
    ];
    for (const [create, field] of cases) {
      let error: unknown;
      try {
        create();
      } catch (caught) {
        error = caught;
      }
      expect(error).toMatchObject({ code: 'ERR_AUTH_INVALID_CONFIG', details: { field } });
      expect(inspect(error)).not.toContain(secret);
    }
  });
});

describe('providerPresets', () => {
  it('lists every provider under its own name, with https endpoints', () => {
    expect(Object.keys(providerPresets)).toEqual([...providerNames]);
    for (const [name, preset] of Object.entries(providerPresets)) {
      expect(preset.name).toBe(name);
      const urls = [preset.baseUrl, preset.tokenUrl, preset.docs, preset.authorization?.url, preset.authorization?.tokenUrl].filter((url) => url !== undefined);
      for (const url of urls) expect(url.startsWith('https://')).toBe(true);
      if (preset.authorization !== undefined) expect(preset.authorization.scopeSeparator.length).toBeGreaterThan(0);
    }
    expect(Object.isFrozen(providerPresets.google.authorization?.params)).toBe(true);
    expect(Object.keys(providerSecretOptions)).toEqual([...providerNames]);
  });
});
