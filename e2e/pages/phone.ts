import AxeBuilder from "@axe-core/playwright";
import { expect, type Page, type TestInfo } from "@playwright/test";

/** The phone every page must fit (issue 16): 390 × 844. */
export const PHONE = { width: 390, height: 844 };

/** How far the page scrolls sideways: 0 when nothing is wider than the window; the widest offender named. */
export function sidewaysOverflow(page: Page): Promise<{ overflow: number; widest: string }> {
  return page.evaluate(() => {
    const overflow = document.documentElement.scrollWidth - window.innerWidth;
    // Name the widest element that sticks out, so a failure says where to look.
    let widest = "";
    let right = window.innerWidth;
    for (const el of Array.from(document.body.querySelectorAll<HTMLElement>("*"))) {
      const r = el.getBoundingClientRect().right;
      if (r > right + 0.5) {
        right = r;
        widest = `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ""}.${String(el.className).slice(0, 80)} (right ${Math.round(r)})`;
      }
    }
    return { overflow, widest };
  });
}

/** The page's axe violations, each as "impact id at targets", and whether it is grave (serious or critical). */
export async function axeFindings(page: Page): Promise<{ line: string; grave: boolean }[]> {
  const { violations } = await new AxeBuilder({ page }).analyze();
  return violations.map((v) => ({
    line: `axe ${v.impact} ${v.id} at ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`,
    grave: v.impact === "serious" || v.impact === "critical",
  }));
}

/**
 * The sweep's checks (e2e/sweep.spec.ts) for a state the sweep does not reach: at 390 px the page does not
 * scroll sideways and has no serious or critical axe violation; its screenshot goes into the report as `name`.
 */
export async function fitsAPhone(page: Page, testInfo: TestInfo, name: string) {
  const before = page.viewportSize();
  await page.setViewportSize(PHONE);
  const { overflow, widest } = await sidewaysOverflow(page);
  expect(overflow, `scrolls sideways at 390 px; widest: ${widest}`).toBeLessThanOrEqual(0);
  expect((await axeFindings(page)).filter((f) => f.grave).map((f) => f.line)).toEqual([]);
  await testInfo.attach(`390 ${name}`, { body: await page.screenshot({ fullPage: true }), contentType: "image/png" });
  if (before) await page.setViewportSize(before);
}
