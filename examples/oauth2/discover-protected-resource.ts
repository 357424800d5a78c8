// Discovery by hand: the resource's metadata, then its authorization server's, then a login with
// the resource indicator (RFC 8707) so the token is issued for that resource only.
import { discoverProtectedResource, loopbackLogin, registerClient } from 'authwire';

const { resource, authorizationServer } = await discoverProtectedResource('https://files.example.com/v1', {
  authorizationServers: ['https://auth.example.com'],
});
const client = await registerClient(
  { client_name: 'files-cli', application_type: 'native', redirect_uris: ['http://127.0.0.1/callback'], token_endpoint_auth_method: 'none' },
  { issuer: authorizationServer.issuer },
);
const { authenticator } = await loopbackLogin({
  ...authorizationServer,
  clientId: client.clientId,
  resource: resource.resource,
  scope: [...(resource.scopesSupported ?? [])],
});
console.log((await authenticator.getToken()).scope);
await authenticator.close();
