// Submits the test MCP server's consent page over plain HTTP, for tests whose subject is not the
// browser: what a user clicking "Allow" sends, then the redirect to the loopback callback.

/** Opens the consent URL, submits the form and follows the redirect to the callback; resolves with the callback's status. */
export async function consentOverHttp(url: string): Promise<number> {
  const page = await fetch(url);
  const html = await page.text();
  const request = /name="request" value="([^"]+)"/.exec(html)?.[1];
  if (page.status !== 200 || request === undefined) throw new Error(`no consent form at the authorization endpoint (${page.status})`);
  const answer = await fetch(new URL('/consent', url), { method: 'POST', body: new URLSearchParams({ request }), redirect: 'manual' });
  const callback = answer.headers.get('location');
  if (callback === null) throw new Error(`the consent form was not answered with a redirect (${answer.status})`);
  const landed = await fetch(callback);
  await landed.text();
  return landed.status;
}
