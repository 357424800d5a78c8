import axios from 'axios';
import { bearerAuth } from 'authwire';
import { axiosAuth } from 'authwire/axios';

const api = axios.create({ baseURL: 'https://api.example.com/v1/' });
axiosAuth(api, bearerAuth({ token: process.env.API_TOKEN ?? '' })); // returns a function that removes it again

const { data } = await api.get('items');
console.log(data);
