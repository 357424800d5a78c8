import { bearerAuth } from 'authwire';
import { authFetch } from 'authwire/fetch';

const fetchWithAuth = authFetch(bearerAuth({ token: process.env.API_TOKEN ?? '' }), { origins: ['https://api.example.com'] });

const response = await fetchWithAuth('https://api.example.com/v1/items');
console.log(await response.json());
