// Every client driver the conformance suite runs. AUTHWIRE_CLIENTS=fetch,ky (any subset of
// axios, got, ky, fetch) runs only those; drivers are loaded lazily, so an unselected client
// need not even be installed.
import type { ClientDriver } from '../driver.js';

type ClientName = Exclude<ClientDriver['name'], 'axios-fetch'>;

const loaders: Record<ClientName, () => Promise<ClientDriver>> = {
  axios: async () => (await import('./axios.js')).axiosDriver,
  got: async () => (await import('./got.js')).gotDriver,
  ky: async () => (await import('./ky.js')).kyDriver,
  fetch: async () => (await import('./fetch.js')).fetchDriver,
};

const allClients = Object.keys(loaders) as ClientName[];

/** The clients named in `AUTHWIRE_CLIENTS` (comma-separated), or all four when it is unset or empty. */
export function selectClients(value: string | undefined): ClientName[] {
  const names = (value ?? '').split(',').map((name) => name.trim().toLowerCase()).filter((name) => name !== '');
  if (names.length === 0) return allClients;
  const unknown = names.filter((name) => !allClients.includes(name as ClientName));
  if (unknown.length > 0) throw new Error(`AUTHWIRE_CLIENTS: unknown client ${unknown.join(', ')}; expected any of ${allClients.join(', ')}`);
  return allClients.filter((name) => names.includes(name));
}

async function load(name: ClientName): Promise<ClientDriver> {
  try {
    return await loaders[name]();
  } catch (error) {
    throw new Error(`the ${name} conformance driver (test/conformance/drivers/${name}.ts) could not be loaded; AUTHWIRE_CLIENTS=${allClients.filter((other) => other !== name).join(',')} runs the others`, { cause: error });
  }
}

export const drivers: ClientDriver[] = await Promise.all(selectClients(process.env.AUTHWIRE_CLIENTS).map(load));

/** axios with its fetch adapter, when axios is selected: for the scenarios that adapter is covered in. */
export const axiosFetchDrivers: ClientDriver[] = drivers.some((driver) => driver.name === 'axios') ? [(await import('./axios.js')).axiosFetchDriver] : [];
