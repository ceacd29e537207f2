import { expect, type Page } from "@playwright/test";

/** Dashboard → Memberships: the plans, with their member counts. */
export class MembershipsPage {
  constructor(private page: Page) {}

  async goto() {
    await this.page.goto("/dashboard/memberships");
    await expect(this.page.getByRole("heading", { name: "Memberships", level: 1 })).toBeVisible();
  }

  /** The row of one plan in the plans table. */
  planRow(name: string) {
    return this.page.getByRole("row").filter({ has: this.page.getByRole("link", { name, exact: true }) });
  }

  async expectMemberCount(name: string, count: number) {
    await expect(this.planRow(name).getByTestId("member-count")).toHaveText(String(count));
  }

  async openPlan(name: string) {
    await this.planRow(name).getByRole("link", { name, exact: true }).click();
    await expect(this.page.getByRole("heading", { name, level: 1 })).toBeVisible();
  }

  /** New plan → fills the form for the kind → lands on the new plan's page. */
  async createPlan(
    plan:
      | { kind: "sessions"; name: string; price: string; sessions: number; days: number }
      | { kind: "fixed"; name: string; price: string; days: number }
      | { kind: "recurring"; name: string; price: string; interval?: "week" | "month" | "year"; limit?: number },
  ) {
    await this.goto();
    await this.page.getByRole("link", { name: "New plan" }).first().click();
    await expect(this.page.getByRole("heading", { name: "New plan", level: 1 })).toBeVisible();
    const kindLabel = { sessions: "Session pack", fixed: "Fixed period", recurring: "Recurring" }[plan.kind];
    await this.page.getByRole("radio", { name: kindLabel, exact: true }).check();
    await this.page.getByRole("textbox", { name: "Name", exact: true }).fill(plan.name);
    await this.page.getByRole("textbox", { name: "Price", exact: true }).fill(plan.price);
    if (plan.kind === "sessions") {
      await this.page.getByRole("textbox", { name: "Sessions", exact: true }).fill(String(plan.sessions));
      await this.page.getByRole("textbox", { name: "Valid for (days)" }).fill(String(plan.days));
    } else if (plan.kind === "fixed") {
      await this.page.getByRole("textbox", { name: "Duration (days)" }).fill(String(plan.days));
    } else {
      if (plan.interval)
        await this.page.getByRole("combobox", { name: "Billing interval" }).selectOption(plan.interval);
      if (plan.limit)
        await this.page.getByRole("textbox", { name: "Booking limit per period" }).fill(String(plan.limit));
    }
    await this.page.getByRole("button", { name: "Create plan" }).click();
    await expect(this.page.getByRole("heading", { name: plan.name, level: 1 })).toBeVisible();
    await expect(this.page.getByText("Plan created")).toBeVisible();
  }
}

/** A plan's page: tabs Details and Members. */
export class PlanPage {
  constructor(private page: Page) {}

  async openMembersTab() {
    await this.page.getByRole("navigation", { name: "Plan sections" }).getByRole("link", { name: "Members" }).click();
    await expect(this.page.getByRole("heading", { name: "Add member" })).toBeVisible();
  }

  /** Members tab → Add member, by email (an existing client, or a new one with this name). */
  /** `who`: the client's name, to wait for this add's own confirmation (the status keeps the previous one until then). */
  async addMember(m: {
    email: string;
    name?: string;
    who?: string;
    payment?: "cash" | "bank" | "card_terminal" | "due";
  }) {
    const form = this.page.getByRole("form", { name: "Add member" });
    await form.getByRole("textbox", { name: "Client email" }).fill(m.email);
    if (m.name) await form.getByRole("textbox", { name: "Name", exact: true }).fill(m.name);
    const payment = form.getByRole("combobox", { name: "Payment" });
    if (m.payment && (await payment.count())) await payment.selectOption(m.payment);
    await form.getByRole("button", { name: "Add member" }).click();
    await expect(form.getByRole("status")).toContainText(`${m.who ?? m.name ?? ""} now has`);
  }

  membersTable() {
    return this.page.getByRole("table", { name: /members|memberships of this plan/i });
  }
}

/** Dashboard → Companies and one company's page. */
export class CompaniesPage {
  constructor(private page: Page) {}

  async create(name: string) {
    await this.page.goto("/dashboard/companies");
    await this.page.getByRole("textbox", { name: "Company name" }).fill(name);
    await this.page.getByRole("button", { name: "Create company" }).click();
    await expect(this.page.getByRole("heading", { name, level: 1 })).toBeVisible();
  }

  /** On the company's page: gives it a (recurring or fixed) plan starting today. */
  async addMembership(planName: string) {
    const form = this.page.getByRole("form", { name: "Add membership" });
    const select = form.getByRole("combobox", { name: "Plan" });
    const value = await select.locator("option", { hasText: planName }).getAttribute("value");
    await select.selectOption(value!);
    await form.getByRole("button", { name: "Add membership" }).click();
    await expect(form.getByRole("status")).toContainText(`now has ${planName}`);
  }

  async linkClient(email: string) {
    const form = this.page.getByRole("form", { name: "Link a client" });
    await form.getByRole("textbox", { name: "Client email" }).fill(email);
    await form.getByRole("button", { name: "Link client" }).click();
    await expect(form.getByRole("status")).toContainText("is linked");
  }

  async unlinkClient(name: string) {
    await this.page.getByRole("button", { name: `Unlink ${name}` }).click();
    await this.page.getByRole("dialog").getByRole("button", { name: "Unlink" }).click();
    await expect(this.page.getByRole("button", { name: `Unlink ${name}` })).toHaveCount(0);
  }
}

/** Dashboard → Clients: a client's membership badges (R5). */
export class ClientsList {
  constructor(private page: Page) {}

  async goto() {
    await this.page.goto("/dashboard/clients");
    await expect(this.page.getByRole("heading", { name: "Clients", level: 1 })).toBeVisible();
  }

  row(clientName: string) {
    return this.page.getByRole("row").filter({ has: this.page.getByRole("link", { name: clientName, exact: true }) });
  }

  badges(clientName: string) {
    return this.row(clientName).getByRole("list", { name: "Active memberships" }).getByRole("listitem");
  }

  async add(c: { name: string; email: string }) {
    await this.page.goto("/dashboard/clients/new");
    await this.page.getByRole("textbox", { name: "Name", exact: true }).fill(c.name);
    await this.page.getByRole("textbox", { name: "Email", exact: true }).fill(c.email);
    await this.page.getByRole("button", { name: "Add client" }).click();
    await expect(this.page.getByRole("heading", { name: c.name, level: 1 })).toBeVisible();
  }
}
