/**
 * The headless browser of the dashboard's tests and benchmark: Debian's `chromium`, driven by
 * playwright-core (a development dependency; never a browser download). Not exported by
 * index.ts: the package's users need no browser.
 */
import { execFileSync } from 'node:child_process';
import { chromium, type Browser } from 'playwright-core';

/** Chromium's path, or undefined on a machine without it (the browser tests are skipped there). */
export function chromiumPath(): string | undefined {
  try {
    return execFileSync('sh', ['-c', 'command -v chromium'], { encoding: 'utf8' }).trim() || undefined;
  } catch {
    return undefined;
  }
}

export async function launchChromium(): Promise<Browser> {
  const executablePath = chromiumPath();
  if (executablePath === undefined) throw new Error('chromium is not installed (apt-get install chromium)');
  return chromium.launch({ executablePath, args: ['--no-sandbox'], timeout: 30_000 });
}
