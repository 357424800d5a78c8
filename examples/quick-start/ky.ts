import ky from 'ky';
import { bearerAuth } from 'authwire';
import { kyAuth } from 'authwire/ky';

const api = ky.create({ prefixUrl: 'https://api.example.com/v1/' }).extend(kyAuth(bearerAuth({ token: process.env.API_TOKEN ?? '' })));

console.log(await api.get('items').json());
