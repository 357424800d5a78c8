// One local test server per describe block: started before its tests, closed after them, and
// its log of received requests emptied before each test.
import { afterAll, beforeAll, beforeEach } from 'vitest';
import { startServer, type TestServer } from '../servers/http-server.js';

/** Registers the hooks; `use` receives the server once it listens. */
export function useTestServer(use: (server: TestServer) => void): void {
  let server: TestServer | undefined;
  beforeAll(async () => {
    server = await startServer();
    use(server);
  });
  afterAll(async () => {
    await server?.close();
  });
  beforeEach(() => {
    if (server !== undefined) server.requests.length = 0;
  });
}
