import got from 'got';
import { bearerAuth } from 'authwire';
import { gotAuth } from 'authwire/got';

const api = got.extend({ prefixUrl: 'https://api.example.com/v1/' }, gotAuth(bearerAuth({ token: process.env.API_TOKEN ?? '' })));

console.log(await api.get('items').json());
