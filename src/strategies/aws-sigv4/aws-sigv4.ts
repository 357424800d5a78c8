import type { AuthContext, Authenticator, AuthRequest } from '../../authenticator.js';
import { AuthError } from '../../errors.js';
import { runNow } from '../../run-now.js';
import { bodyToSign } from '../signed-body.js';
import { markSigning } from '../signing-order.js';
import { awsUriEncode, percentDecode } from './uri-encode.js';
import { credentialSource, type CurrentCredentials } from './credentials.js';
import { checkSigV4Options, type SigV4Settings } from './options.js';
import { ALGORITHM, amzDate, sha256Hex, sign, SigningKeys, UNSIGNED_PAYLOAD } from './signature.js';
import type { AwsSigV4AuthOptions } from './types.js';

const field = 'awsSigV4';

/**
 * AWS Signature Version 4: signs every request for `service` in `region`, in the
 * `Authorization` header (or, with `presign`, in the query), over the request as it is sent:
 * method, path, query, `host`, `content-type` and the `x-amz-*` headers, and the SHA-256 of the
 * exact body bytes (also sent as `x-amz-content-sha256`). Each attempt and each redirect hop to
 * the same origin is signed afresh; a hop to another origin carries no signature.
 *
 * `credentials` are fixed, or a function returning temporary credentials with their
 * `expiration`, which go through authwire's token lifecycle: fetched once for all concurrent
 * requests, refreshed ahead of expiry, kept in `store`, and fetched again after a 401.
 *
 * S3 signs the path as sent (no double encoding; authwire sends it in AWS's encoding) and, with
 * `unsignedPayload: true`, `UNSIGNED-PAYLOAD` so that stream bodies can go. Without it a stream
 * body fails with `ERR_AUTH_BODY_PLACEMENT`. In {@link combineAuth} it runs after the others.
 *
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_sigv-create-signed-request.html
 * @example
 * ```ts
 * const auth = awsSigV4Auth({
 *   region: 'eu-west-1',
 *   service: 'execute-api',
 *   credentials: { accessKeyId: process.env.AWS_ACCESS_KEY_ID ?? '', secretAccessKey: process.env.AWS_SECRET_ACCESS_KEY ?? '' },
 * });
 * const api = authFetch(auth);
 * await api('https://abc123.execute-api.eu-west-1.amazonaws.com/prod/items', { method: 'POST', body: JSON.stringify({ name: 'a' }) });
 * ```
 */
export function awsSigV4Auth(options: AwsSigV4AuthOptions): Authenticator {
  const settings = checkSigV4Options(options, field);
  const source = credentialSource(options, field);
  const keys = new SigningKeys(settings.region, settings.service);
  const signRequest = (request: AuthRequest, context: AuthContext, credentials: CurrentCredentials): void => {
    signAws(request, settings, keys, credentials, Date.now());
    if (credentials.stored !== undefined) context.credential = credentials.stored;
  };
  return markSigning({
    name: `aws-sigv4:${settings.service}`,
    authenticate(request, context) {
      const credentials = source.current();
      if (credentials !== undefined) return runNow(signRequest, request, context, credentials);
      return source.get(context.signal).then((fresh) => signRequest(request, context, fresh));
    },
    async challenge(response, _request, context) {
      if (context.attempt > 0 || response.status !== 401) return false;
      return source.reject(context.credential, context.signal);
    },
    close: () => source.close(),
  });
}

/** Signs `request` in place at `time` (epoch milliseconds). */
export function signAws(request: AuthRequest, settings: SigV4Settings, keys: SigningKeys, credentials: CurrentCredentials, time: number): void {
  const payloadHash = settings.unsignedPayload ? UNSIGNED_PAYLOAD : bodyHash(request);
  const { url, headers } = request;
  // S3 signs the path as sent: send it in AWS's own encoding, which S3 re-creates from the key.
  if (settings.s3 && !unreservedPath.test(url.pathname)) {
    const path = url.pathname.split('/').map((segment) => awsUriEncode(percentDecode(segment))).join('/');
    if (path !== url.pathname) url.pathname = path;
  }
  const date = amzDate(time);
  const { accessKeyId, secretAccessKey, sessionToken } = credentials;
  const scopeDay = date.slice(0, 8);
  const credential = `${accessKeyId}/${scopeDay}/${settings.region}/${settings.service}/aws4_request`;
  if (settings.presignExpiresIn !== undefined) {
    headers.delete('authorization');
    const query = url.searchParams;
    for (const name of [...query.keys()]) if (name.startsWith('X-Amz-')) query.delete(name);
    query.set('X-Amz-Algorithm', ALGORITHM);
    query.set('X-Amz-Credential', credential);
    query.set('X-Amz-Date', date);
    query.set('X-Amz-Expires', String(settings.presignExpiresIn));
    if (sessionToken !== undefined) query.set('X-Amz-Security-Token', sessionToken);
    query.set('X-Amz-SignedHeaders', signedHeaders(request, settings, true).map(([name]) => name).join(';'));
  } else {
    headers.set('x-amz-date', date);
    if (settings.contentSha256Header) headers.set('x-amz-content-sha256', payloadHash);
    if (sessionToken !== undefined) headers.set('x-amz-security-token', sessionToken);
  }
  const signed = signedHeaders(request, settings, settings.presignExpiresIn !== undefined);
  const input = { method: request.method, path: url.pathname, query: url.search.slice(1), headers: signed, payloadHash, encodePath: !settings.s3 };
  const result = sign(input, { region: settings.region, service: settings.service, date }, secretAccessKey, keys);
  if (settings.presignExpiresIn !== undefined) url.searchParams.set('X-Amz-Signature', result.signature);
  else headers.set('authorization', `${ALGORITHM} Credential=${credential}, SignedHeaders=${result.signedHeaders}, Signature=${result.signature}`);
}

/** The hex SHA-256 of the bytes that will be sent. */
function bodyHash(request: AuthRequest): string {
  const data = bodyToSign(request.body);
  if (data === undefined) {
    throw new AuthError(
      'ERR_AUTH_BODY_PLACEMENT',
      `${field}: a stream body cannot be hashed before it is sent; send a buffered body, or (S3) set unsignedPayload: true to sign UNSIGNED-PAYLOAD`,
      { details: { field: `${field}.unsignedPayload` } },
    );
  }
  return sha256Hex(data);
}

/**
 * The headers to sign, sorted by lower-case name: `host`, the content headers and `x-amz-*` the
 * request has, and the configured ones, each with its value as sent.
 */
function signedHeaders(request: AuthRequest, settings: SigV4Settings, presigned: boolean): Array<[string, string]> {
  const { headers } = request;
  let host = request.url.host;
  const signed: Array<[string, string]> = [];
  // Headers iterate sorted by name, each value joined as get() joins it (set-cookie apart, read with get()).
  for (const [name, value] of headers) {
    if (name === 'host') host = value;
    else if (name === 'authorization') continue;
    else if (presigned ? settings.signedHeaders.has(name) : name.startsWith('x-amz-') || name === 'content-type' || name === 'content-md5' || settings.signedHeaders.has(name)) {
      signed.push([name, name === 'set-cookie' ? (headers.get(name) ?? '') : value]);
    }
  }
  signed.push(['host', host]);
  return signed.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

/** A path whose every segment AWS's encoding leaves as it is. */
const unreservedPath = /^[A-Za-z0-9\-_.~/]*$/;
