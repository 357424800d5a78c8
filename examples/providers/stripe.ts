// The code of docs/providers.md, type-checked by `npm test` (examples/tsconfig.json).
import { stripeAuth } from 'authwire/providers';
import { authFetch } from 'authwire/fetch';

// #region stripe
const auth = stripeAuth({ secretKey: process.env.STRIPE_SECRET_KEY ?? '', apiVersion: '2024-06-20' });
await authFetch(auth, { origins: ['https://api.stripe.com'] })('https://api.stripe.com/v1/customers?limit=3');
// For a connected account: stripeAuth({ secretKey, account: 'acct_123' }); Bearer instead of Basic: scheme: 'bearer'.
// #endregion stripe
