// The `provider` member of the config schema: one closed object per preset with that preset's
// options as data (code-only options such as fetch and store are left out), and which option
// sets its factory accepts (`shapes`: each a list of required options, plus conditions).
import { providerNames } from '../providers/index.js';
import { providerOptionNames } from '../providers/option-names.js';
import { boolean, commonProperties, enumOf, exactlyOne, has, lifecycleProperties, nonEmpty, object, positive, ref, when, type JsonSchema } from './schema-parts.js';

/** The schema of each option name, whichever preset takes it. */
const optionTypes: Readonly<Record<string, JsonSchema>> = {
  ...lifecycleProperties,
  allowInsecureHttp: boolean,
  cacheKey: nonEmpty,
  baseUrl: ref('httpUrl'),
  tokenUrl: ref('httpUrl'),
  loginUrl: ref('httpUrl'),
  serverUrl: ref('httpUrl'),
  authorityHost: ref('httpUrl'),
  clientId: nonEmpty,
  clientSecret: ref('secret'),
  refreshToken: ref('secret'),
  accessToken: ref('secret'),
  expiresAt: { title: 'epoch milliseconds or an ISO 8601 date-time', anyOf: [{ type: 'number' }, ref('dateTime')] },
  subject: nonEmpty,
  token: ref('secret'),
  secretKey: ref('secret'),
  privateKey: ref('keySource'),
  serviceAccount: ref('keySource'),
  databaseToken: ref('secret'),
  jwt: ref('secret'),
  password: ref('secret'),
  username: ref('secret'),
  email: ref('secret'),
  apiVersion: nonEmpty,
  squareVersion: nonEmpty,
  account: nonEmpty,
  audience: nonEmpty,
  tenant: { type: 'string', pattern: '^[A-Za-z0-9][A-Za-z0-9.-]*$' },
  subjectId: nonEmpty,
  subjectType: enumOf(['enterprise', 'user']),
  sessionTimeout: positive,
  scheme: enumOf(['basic', 'bearer']),
  api: enumOf(['management', 'delivery', 'preview']),
  environment: enumOf(['production', 'sandbox']),
  region: enumOf(['us', 'eu', 'gov']),
  scope: { type: 'array', items: { type: 'string', pattern: '^\\S+$' } },
  tokenUrlAllowList: { type: 'array', items: ref('httpUrl') },
  expiresIn: { title: 'an ISO 8601 duration or milliseconds', anyOf: [{ type: 'string', minLength: 1, not: { const: 'none' } }, positive] },
};

const refreshOrToken = (token: string): JsonSchema => exactlyOne(token, 'refreshToken');
const refreshNeedsClient: JsonSchema = when({ required: ['refreshToken'] }, { required: ['clientId'] });
const refreshNeedsSecret: JsonSchema = when({ required: ['refreshToken'] }, { required: ['clientId', 'clientSecret'] });

/** Which options each preset needs together, beyond their types. */
const shapes: Readonly<Record<string, readonly JsonSchema[]>> = {
  github: [refreshOrToken('token'), refreshNeedsClient],
  salesforce: [
    { required: ['clientId'] },
    when(has('grant', 'client_credentials'), { required: ['clientSecret'] }),
    when(has('grant', 'jwt_bearer'), { required: ['username', 'privateKey'] }),
    when({ not: { required: ['grant'] } }, { required: ['refreshToken'] }),
    when(has('grant', 'refresh_token'), { required: ['refreshToken'] }),
  ],
  spotify: [
    { required: ['clientId'] },
    when(has('grant', 'client_credentials'), { required: ['clientSecret'], not: { required: ['refreshToken'] } }),
    when({ not: has('grant', 'client_credentials') }, { required: ['refreshToken'] }),
  ],
  stripe: [{ required: ['secretKey'] }],
  box: [{ required: ['clientId', 'clientSecret'] }, { oneOf: [{ required: ['subjectType', 'subjectId'] }, { required: ['refreshToken'] }] }],
  contentful: [{ required: ['token'] }],
  google: [exactlyOne('serviceAccount', 'refreshToken'), refreshNeedsClient, when({ required: ['serviceAccount'] }, { required: ['scope'], properties: { scope: { minItems: 1 } } })],
  microsoft: [
    { required: ['tenant', 'clientId', 'clientSecret', 'scope'] },
    { properties: { scope: { minItems: 1, items: { pattern: '/\\.default$' } } } },
  ],
  slack: [refreshOrToken('token'), refreshNeedsSecret],
  square: [refreshOrToken('accessToken'), refreshNeedsClient],
  smartsheet: [refreshOrToken('token'), refreshNeedsSecret],
  baserow: [{ oneOf: [{ required: ['databaseToken'] }, { required: ['jwt'] }, { required: ['email', 'password'] }] }],
  metabase: [{ required: ['baseUrl', 'username', 'password'] }],
};

const codeOnly = new Set(['fetch', 'tls', 'store', 'limiter', 'onToken', 'onError']);
const grantOptions: Readonly<Record<string, readonly string[]>> = {
  salesforce: ['refresh_token', 'client_credentials', 'jwt_bearer'],
  spotify: ['refresh_token', 'client_credentials'],
};

const providers = ['metabase', ...providerNames] as const;

function presetSchema(name: (typeof providers)[number]): JsonSchema {
  const properties: Record<string, JsonSchema> = { type: { const: 'provider' }, provider: { const: name }, ...commonProperties };
  for (const option of providerOptionNames[name] as readonly string[]) {
    if (codeOnly.has(option)) continue;
    const schema = option === 'grant' ? enumOf(grantOptions[name] ?? []) : optionTypes[option];
    if (schema === undefined) throw new Error(`config schema: no type for the ${name} option ${option}`);
    properties[option] = schema;
  }
  return object(properties, ['type', 'provider'], { allOf: [...(shapes[name] ?? [])] });
}

/** `$defs` entries `provider.<name>`. */
export const providerDefinitions: Readonly<Record<string, JsonSchema>> = Object.fromEntries(providers.map((name) => [`provider.${name}`, presetSchema(name)]));

/** The provider member: the preset named by `provider`, with its options. */
export const providerMember: JsonSchema = {
  type: 'object',
  properties: { type: { const: 'provider' }, provider: { type: 'string' } },
  required: ['type', 'provider'],
  oneOf: providers.map((name) => ref(`provider.${name}`)),
};
