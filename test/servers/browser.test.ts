// Proves the browser harness works before the login-flow tests rely on it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumPath, launchBrowser } from './browser.js';
import { startServer, type TestServer } from './http-server.js';

describe.runIf(chromiumPath !== undefined)('headless Chromium harness', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer((_request, response) => {
      response.writeHead(200, { 'content-type': 'text/html' });
      response.end('<title>authwire</title><p id="ok">served</p>');
    });
  });
  afterAll(() => server.close());

  it('opens a page served on 127.0.0.1 and reads it', async () => {
    const browser = await launchBrowser();
    try {
      const page = await browser.newPage();
      await page.goto(`${server.origin}/`);
      expect(await page.textContent('#ok')).toBe('served');
      expect(server.requests.some((request) => request.url === '/')).toBe(true);
    } finally {
      await browser.close();
    }
  });
});
