import { expect, type Page } from "@playwright/test";

/** Dashboard → Clients: the list, its search and filters, and the CSV export. */
export class ClientsDirectory {
  constructor(private page: Page) {}

  async goto() {
    await this.page.goto("/dashboard/clients");
    await expect(this.page.getByRole("heading", { name: "Clients", level: 1 })).toBeVisible();
  }

  private get filters() {
    return this.page.getByRole("search", { name: "Search and filter clients" });
  }

  table() {
    return this.page.getByRole("table", { name: "Clients" });
  }

  row(name: string) {
    return this.table()
      .getByRole("row")
      .filter({ has: this.page.getByRole("link", { name, exact: true }) });
  }

  async search(q: string) {
    await this.filters.getByRole("searchbox", { name: "Search clients" }).fill(q);
    await this.filters.getByRole("button", { name: "Search" }).click();
    await expect(this.page).toHaveURL(new RegExp(`[?&]q=${encodeURIComponent(q).replace(/%20/g, "(\\+|%20)")}`));
  }

  async filterByTag(tag: string) {
    const select = this.filters.getByRole("combobox", { name: "Tag" });
    const option = select.getByRole("option", { name: new RegExp(`^${tag} \\(`) });
    await select.selectOption({ label: (await option.textContent())!.trim() });
    await expect(this.page).toHaveURL(new RegExp(`[?&]tag=${encodeURIComponent(tag)}`));
  }

  async open(name: string) {
    await this.row(name).getByRole("link", { name, exact: true }).click();
    await expect(this.page.getByRole("heading", { name, level: 1 })).toBeVisible();
  }

  /** Clicks "Export CSV" and returns the downloaded file's text. */
  async exportCsv(): Promise<string> {
    const [download] = await Promise.all([
      this.page.waitForEvent("download"),
      this.page.getByRole("link", { name: "Export CSV" }).click(),
    ]);
    const stream = await download.createReadStream();
    const chunks: Buffer[] = [];
    for await (const chunk of stream) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks).toString("utf8");
  }
}

/** Dashboard → one client. */
export class ClientPage {
  constructor(private page: Page) {}

  async addNote(body: string, opts: { shared?: boolean } = {}) {
    await this.page.getByRole("textbox", { name: "New note" }).fill(body);
    if (opts.shared) await this.page.getByRole("checkbox", { name: "Share with staff" }).first().check();
    await this.page.getByRole("button", { name: "Add note" }).click();
    await expect(this.notes().getByRole("listitem").filter({ hasText: body })).toBeVisible();
  }

  notes() {
    return this.page.getByRole("list", { name: "Notes" });
  }

  async addTag(tag: string) {
    await this.page.getByLabel("Add a tag").fill(tag);
    await this.page.getByRole("button", { name: "Add tag" }).click();
    await expect(this.page.getByRole("button", { name: `Remove tag ${tag}` })).toBeVisible();
  }

  async erase() {
    await this.page.getByRole("button", { name: "Erase personal data" }).click();
    const dialog = this.page.getByRole("dialog");
    await dialog.getByRole("textbox", { name: /Type ERASE to confirm/ }).fill("ERASE");
    await dialog.getByRole("button", { name: "Erase for good" }).click();
    await expect(this.page).toHaveURL(/\/dashboard\/clients(\?.*)?$/);
  }
}

/** Dashboard → Overview's studio totals. */
export async function studioTotals(page: Page) {
  await page.goto("/dashboard");
  const read = async (label: string) => (await page.getByTestId(`total-${label}`).textContent())?.trim() ?? "";
  return { clients: await read("clients"), bookings: await read("bookings"), revenue: await read("revenue") };
}
