import { expect, type Locator, type Page } from "@playwright/test";

/** Memberships → Import members (M10). */
export class ImportPage {
  constructor(private page: Page) {}

  /** Reaches the page the way staff do: from the Memberships page's "Import members" link. */
  async gotoFromMemberships() {
    await this.page.goto("/dashboard/memberships");
    await this.page.getByRole("link", { name: "Import members" }).click();
    await expect(this.page).toHaveURL(/\/dashboard\/memberships\/import$/);
    await expect(this.page.getByRole("heading", { name: "Import members", level: 1 })).toBeVisible();
  }

  /** Chooses the plan (by id) and a file, then checks it: the preview writes nothing. */
  async check(planId: string, file: { name: string; content: string }) {
    await this.page.getByLabel("Plan").selectOption(planId);
    await this.page.getByLabel("File").setInputFiles({
      name: file.name,
      mimeType: file.name.endsWith(".json") ? "application/json" : "text/csv",
      buffer: Buffer.from(file.content, "utf8"),
    });
    await this.page.getByRole("button", { name: "Check file" }).click();
    await expect(this.preview()).toBeVisible();
  }

  preview(): Locator {
    return this.page.getByRole("region", { name: "Preview" });
  }

  /** The preview's error table rows as [row, column, problem], header excluded. */
  async errorRows(): Promise<string[][]> {
    const table = this.preview().getByRole("table", { name: "Rows with errors" });
    await expect(table).toBeVisible();
    const rows = table.locator("tbody tr");
    const out: string[][] = [];
    for (let i = 0; i < (await rows.count()); i++) {
      out.push((await rows.nth(i).locator("td").allInnerTexts()).map((t) => t.trim()));
    }
    return out;
  }

  /** Confirms, and waits for the result summary. */
  async confirm() {
    await this.preview().getByRole("button", { name: "Confirm import" }).click();
    await expect(this.result()).toBeVisible({ timeout: 30_000 });
  }

  result(): Locator {
    return this.page.getByRole("region", { name: "Import finished" });
  }

  async importAnother() {
    await this.result().getByRole("button", { name: "Import another file" }).click();
  }
}
