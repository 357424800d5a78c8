// The ajv example of docs/config.md, type-checked by `npm test` (examples/tsconfig.json).

// #region validate
import { readFile } from 'node:fs/promises';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { authConfigJsonSchema } from 'authwire';

const ajv = new Ajv2020({ allErrors: true, strictTypes: false });
addFormats.default(ajv);
const validate = ajv.compile(authConfigJsonSchema());
const config: unknown = JSON.parse(await readFile('auth.json', 'utf8'));
if (!validate(config)) console.error(validate.errors);
// #endregion validate
