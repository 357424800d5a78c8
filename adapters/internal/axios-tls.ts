// The client certificate for axios: one https.Agent per axiosAuth installation, set as
// `config.httpsAgent` on requests whose origin may receive credentials, and taken off again
// before a redirect hop to another origin.
import { Agent } from 'node:https';
import type { SecureContext } from 'node:tls';
import { inspect } from 'node:util';
import { redirectBlocked } from '../../src/adapter-kit/request-session.js';

/** The description of the symbol axios marks the proxy tunnel agents it installs with (axios 1.x, lib/adapters/http.js). */
const axiosTunnelMark = 'axios.http.installedTunnel';

/**
 * An https.Agent whose connections use one secure context: the client certificate and the
 * trusted authorities, parsed once (see `clientSecureContext`). It prints as its name only.
 */
export class ClientCertificateAgent extends Agent {
  readonly #context: SecureContext;

  constructor(secureContext: SecureContext) {
    super({ keepAlive: true, secureContext });
    this.#context = secureContext;
  }

  /**
   * Whether `agent` would present this agent's client certificate: it is this agent, or one built
   * from its options — axios's proxy tunnel (an https-proxy-agent keeping them as `proxy`, marked
   * by axios with its `axios.http.installedTunnel` symbol, and reading this agent's options for
   * the origin's TLS).
   */
  presentsSameCertificate(agent: unknown): boolean {
    if (agent === this) return true;
    if (typeof agent !== 'object' || agent === null) return false;
    const record = agent as { options?: unknown; proxy?: unknown };
    const holdsContext = (value: unknown): boolean =>
      typeof value === 'object' && value !== null && (value as { secureContext?: unknown }).secureContext === this.#context;
    return holdsContext(record.options) || holdsContext(record.proxy) || Object.getOwnPropertySymbols(agent).some((symbol) => symbol.description === axiosTunnelMark);
  }

  /** What `JSON.stringify` shows: the name, not the options. */
  toJSON(): string {
    return '[authwire ClientCertificateAgent]';
  }

  /** What `util.inspect` shows: the name, not the options. */
  [inspect.custom](): string {
    return this.toJSON();
  }
}

/** What a redirect hop needs to take the client certificate off. */
export interface AxiosTlsHop {
  readonly agent: ClientCertificateAgent;
  /** The `httpsAgent` the request had before authwire set its own (usually `undefined`). */
  readonly ownAgent: unknown;
}

/**
 * Prepares follow-redirects' options of a hop to another origin: authwire's agent gives way to
 * the request's own `httpsAgent`. An agent built from authwire's (axios's proxy tunnel for the
 * hop) cannot be taken apart: that redirect fails with `ERR_AUTH_REDIRECT_BLOCKED`.
 */
export function dropClientCertificate(options: Record<string, unknown>, hop: AxiosTlsHop, from: string, to: string): void {
  const replace = (agent: unknown): unknown => {
    if (agent === hop.agent) return hop.ownAgent;
    if (hop.agent.presentsSameCertificate(agent)) {
      throw redirectBlocked(undefined, from, to, 'it would go through an agent (a proxy tunnel) that presents the client certificate');
    }
    return agent;
  };
  const agents = options['agents'];
  if (typeof agents === 'object' && agents !== null) {
    const record = agents as Record<string, unknown>;
    for (const scheme of ['http', 'https']) if (scheme in record) record[scheme] = replace(record[scheme]);
  }
  if ('agent' in options) options['agent'] = replace(options['agent']);
}
