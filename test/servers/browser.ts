// Headless Chromium (Debian's package) driven by playwright-core, for the interactive OAuth2 tests.
import type { Browser } from 'playwright-core';
import { requireProgram } from './requirement.js';

/** Chromium's path, or undefined (after a loud warning) when it is absent and CI is not set. */
export const chromiumPath = requireProgram(process.env.CHROMIUM_PATH ?? 'chromium', 'apt-get install chromium');

/** Launches headless Chromium with the flags this machine's closed network needs. */
export async function launchBrowser(): Promise<Browser> {
  if (chromiumPath === undefined) throw new Error('chromium is not installed');
  const { chromium } = await import('playwright-core');
  return chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}
