// What the opt-in screenshot specs share (SCREENSHOTS=1): the two viewport sizes every screen is looked
// at in, and one step that draws a screen at each size and writes it to screenshots/<dir>/.
import type { Page } from "@playwright/test";

export const SCREENSHOT_SIZES = [
  { name: "desktop", width: 1440, height: 900 },
  { name: "phone", width: 390, height: 844 },
] as const;

export type ScreenshotSize = (typeof SCREENSHOT_SIZES)[number];

/** Opens the screen with `go` at each size and writes screenshots/<dir>/<file>-<size>.png. */
export async function shootAtSizes(
  page: Page,
  dir: string,
  file: string,
  go: () => Promise<void>,
  fullPage: (size: ScreenshotSize) => boolean = () => true,
): Promise<void> {
  for (const s of SCREENSHOT_SIZES) {
    await page.setViewportSize({ width: s.width, height: s.height });
    await go();
    await page.screenshot({ path: `screenshots/${dir}/${file}-${s.name}.png`, fullPage: fullPage(s) });
  }
}
