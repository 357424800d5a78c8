import { PendingAuthorization } from 'authwire';
import { mcpAuthProvider } from 'authwire/mcp';

/** What the web app keeps per user between the redirect and the callback. */
interface Session {
  mcp?: ReturnType<PendingAuthorization['toRecord']>;
  next?: string;
}
declare const session: Session;
declare const callbackUrl: string;

// #region redirect
const provider = mcpAuthProvider({
  serverUrl: 'https://mcp.example.com/mcp',
  login: {
    redirectUri: 'https://app.example.com/mcp/callback',
    redirect: (url, pending) => {
      session.mcp = pending.toRecord();
      session.next = url;
    },
  },
});
// The request that needed the sign-in fails with ERR_AUTH_REAUTH_REQUIRED, reason 'sign-in-started':
// send the browser to session.next. Then, in the callback route:
if (session.mcp !== undefined) await provider.finishSignIn(callbackUrl, PendingAuthorization.fromRecord(session.mcp));
// #endregion
