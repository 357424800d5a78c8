// The code of docs/config.md, type-checked by `npm test` (examples/tsconfig.json).

// #region json-schema
import { writeFile } from 'node:fs/promises';
import { authConfigJsonSchema } from 'authwire';

await writeFile('auth.schema.json', JSON.stringify(authConfigJsonSchema(), null, 2));
// #endregion json-schema
