// Checks awsSigV4Auth's options once, when the authenticator is made.
import { invalidConfig } from '../../errors.js';
import { lifecycleNames } from '../../oauth2/lifecycle-options.js';
import { checkOptionNames, optionNames } from '../../validate/option-names.js';
import type { AwsSigV4AuthOptions } from './types.js';

const names = optionNames<AwsSigV4AuthOptions>()(
  ['region', 'service', 'credentials', 'unsignedPayload', 'presign', 'contentSha256Header', 'signedHeaders', 'cacheKey', ...lifecycleNames],
  { credentials: '' },
);

/** Services whose canonical URI is the path as sent, encoded once (no normalising); the only ones that accept UNSIGNED-PAYLOAD. */
export const s3Services: readonly string[] = ['s3', 's3-object-lambda', 's3-outposts', 's3express'];
const singleEncodingServices = new Set(s3Services);

/** The checked settings a signer works with. */
export interface SigV4Settings {
  readonly region: string;
  readonly service: string;
  /** S3: path encoded once, not normalised. */
  readonly s3: boolean;
  readonly unsignedPayload: boolean;
  /** Seconds a presigned URL is valid for; `undefined` for the `Authorization` header. */
  readonly presignExpiresIn: number | undefined;
  readonly contentSha256Header: boolean;
  /** Lower-case names of the extra headers to sign. */
  readonly signedHeaders: ReadonlySet<string>;
}

/** Checks `options`; a wrong one fails with `ERR_AUTH_INVALID_CONFIG` naming the field. */
export function checkSigV4Options(options: AwsSigV4AuthOptions, field: string): SigV4Settings {
  if (typeof options !== 'object' || options === null) throw invalidConfig(field, 'an options object { region, service, credentials }');
  checkOptionNames(options, names, 'awsSigV4Auth');
  const { region, service, unsignedPayload = false, presign = false, contentSha256Header = true, signedHeaders = [] } = options;
  if (typeof region !== 'string' || !/^[a-z0-9-]+$/.test(region)) throw invalidConfig(`${field}.region`, 'a region name such as us-east-1');
  if (typeof service !== 'string' || !/^[a-z0-9-]+$/.test(service)) throw invalidConfig(`${field}.service`, 'a signing name such as s3 or execute-api (lower case)');
  const s3 = singleEncodingServices.has(service);
  if (typeof unsignedPayload !== 'boolean') throw invalidConfig(`${field}.unsignedPayload`, 'true or false');
  if (unsignedPayload && !s3) throw invalidConfig(`${field}.unsignedPayload`, `false for service ${service} (only S3 accepts UNSIGNED-PAYLOAD)`);
  if (typeof contentSha256Header !== 'boolean') throw invalidConfig(`${field}.contentSha256Header`, 'true or false');
  if (!contentSha256Header && s3) throw invalidConfig(`${field}.contentSha256Header`, 'true for S3, which requires x-amz-content-sha256');
  let presignExpiresIn: number | undefined;
  if (presign === true) presignExpiresIn = 900;
  else if (typeof presign === 'object' && presign !== null) {
    presignExpiresIn = presign.expiresIn ?? 900;
    if (!Number.isInteger(presignExpiresIn) || presignExpiresIn < 1 || presignExpiresIn > 604_800) throw invalidConfig(`${field}.presign.expiresIn`, 'whole seconds from 1 to 604800');
  } else if (presign !== false) throw invalidConfig(`${field}.presign`, 'true, false or { expiresIn }');
  if (!Array.isArray(signedHeaders) || !signedHeaders.every((name) => typeof name === 'string' && /^[!#$%&'*+.^_`|~0-9a-z-]+$/i.test(name))) {
    throw invalidConfig(`${field}.signedHeaders`, 'an array of header names');
  }
  return {
    region, service, s3, unsignedPayload, presignExpiresIn, contentSha256Header,
    signedHeaders: new Set(signedHeaders.map((name) => name.toLowerCase())),
  };
}
