// The code of docs/providers.md, type-checked by `npm test` (examples/tsconfig.json).
import { contentfulAuth } from 'authwire/providers';
import { authFetch } from 'authwire/fetch';

const spaceId = process.env.CONTENTFUL_SPACE_ID ?? '';

// #region contentful
const cma = contentfulAuth({ token: process.env.CONTENTFUL_MANAGEMENT_TOKEN ?? '' });
const cda = contentfulAuth({ token: process.env.CONTENTFUL_DELIVERY_TOKEN ?? '', api: 'delivery' });
await authFetch(cma)(`https://api.contentful.com/spaces/${spaceId}/environments`);
// #endregion contentful

export { cda };
