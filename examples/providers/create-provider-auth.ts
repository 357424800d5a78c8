// The code of docs/providers.md, type-checked by `npm test` (examples/tsconfig.json).

// #region create-provider-auth
import { createProviderAuth } from 'authwire/providers';

const auth = createProviderAuth('stripe', { secretKey: process.env.STRIPE_SECRET_KEY ?? '' });
// #endregion create-provider-auth

export { auth };
