// What a person does in the browser, against oidc-provider's development pages: sign in (any
// login and password), consent, cancel, type a device user code, confirm.
import type { Browser, BrowserContext, Page } from 'playwright-core';

/** A fresh browser context (no session cookies) that only reaches 127.0.0.1 (the dev pages import Google Fonts). */
export async function isolatedPage(browser: Browser): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext();
  await context.route('**/*', async (route) => {
    const { hostname } = new URL(route.request().url());
    if (hostname === '127.0.0.1') await route.continue();
    else await route.abort();
  });
  const page = await context.newPage();
  page.setDefaultTimeout(20_000);
  return { context, page };
}

/** Fills the dev login form. */
export async function signIn(page: Page, login = 'alice'): Promise<void> {
  await page.locator('input[name="login"]').fill(login);
  await page.locator('input[name="password"]').fill('any password');
  await page.locator('button[type="submit"]').click();
}

/** Accepts the dev consent page. */
export async function consent(page: Page): Promise<void> {
  await page.locator('input[name="prompt"][value="consent"]').waitFor({ state: 'attached' });
  await page.locator('button[type="submit"]').click();
}

/** Opens the consent URL, signs in and consents; resolves once the browser left the provider. */
export async function signInAndConsent(page: Page, url: string, login = 'alice'): Promise<void> {
  await page.goto(url, { waitUntil: 'domcontentloaded' });
  await signIn(page, login);
  await consent(page);
}

/** Reads the loopback's answer page: its outcome and text. */
export async function loopbackAnswer(page: Page): Promise<{ outcome: string | null; text: string; html: string }> {
  const result = page.locator('#authwire-result');
  await result.waitFor();
  return { outcome: await result.getAttribute('data-outcome'), text: (await result.textContent()) ?? '', html: await page.content() };
}

/**
 * Opens the consent URL, signs in and consents, and records the request to the redirect URI
 * (where nothing listens): the callback URL a browser would deliver.
 */
export async function captureCallback(page: Page, url: string, redirectUri: string, login = 'alice'): Promise<string> {
  const callback = waitForCallback(page, redirectUri);
  await signInAndConsent(page, url, login);
  return callback;
}

/** The URL of the next request the page makes to `redirectUri` (query included), whether or not anything answers it. */
export async function waitForCallback(page: Page, redirectUri: string): Promise<string> {
  const target = new URL(redirectUri);
  const request = await page.waitForRequest((candidate) => {
    const url = new URL(candidate.url());
    return url.origin === target.origin && url.pathname === target.pathname;
  });
  return request.url();
}

/** Completes the device verification page: enters the user code, confirms, signs in, consents. */
export async function approveDevice(page: Page, verificationUri: string, userCode: string, login = 'alice'): Promise<string> {
  await page.goto(verificationUri, { waitUntil: 'domcontentloaded' });
  await page.locator('input[name="user_code"]').fill(userCode);
  await page.locator('button[type="submit"][form="op.deviceInputForm"]').click();
  await page.locator('button[autofocus][form="op.deviceConfirmForm"]').click();
  await signIn(page, login);
  await consent(page);
  await page.locator('h1', { hasText: 'Sign-in Success' }).waitFor();
  return (await page.textContent('body')) ?? '';
}

/** Enters the user code and presses Abort on the confirmation page. */
export async function denyDevice(page: Page, verificationUri: string, userCode: string): Promise<void> {
  await page.goto(verificationUri, { waitUntil: 'domcontentloaded' });
  await page.locator('input[name="user_code"]').fill(userCode);
  await page.locator('button[type="submit"][form="op.deviceInputForm"]').click();
  await page.locator('button[name="abort"]').click();
  await page.waitForLoadState('domcontentloaded');
}
