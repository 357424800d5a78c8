// The code of docs/migration/axios-auth-refresh.md, type-checked by `npm test` (examples/tsconfig.json).
const refreshToken = process.env.REFRESH_TOKEN ?? '';

// #region after
import axios from 'axios';
import { oauth2Auth } from 'authwire';
import { axiosAuth } from 'authwire/axios';

const auth = oauth2Auth({ grant: 'refresh_token', tokenUrl: 'https://auth.example.com/token', clientId: 'app', refreshToken });
const api = axios.create({ baseURL: 'https://api.example.com/' });
axiosAuth(api, auth);
// #endregion after
