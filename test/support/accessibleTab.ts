import type { CDPSession, Locator, Page } from 'playwright-core';
import { DEMO } from './demoSeed';

/**
 * The tab's controls found as a screen reader meets them: by role and accessible name in Chromium's own
 * accessibility tree (CDP). Fluent UI's components give their role through ElementInternals, which Playwright's
 * getByRole does not read; Chromium's tree does, so a control found here is one a screen reader can name.
 */
export class AccessibleTab {
  private cdp: CDPSession | undefined;
  private marks = 0;

  constructor(readonly page: Page) {}

  /**
   * The elements of `role` whose accessible name is `name` (or matches it), within `scope` if given: waits for one to
   * be there, as Playwright's locators do, and fails after `timeoutMs`.
   */
  async find(role: string, name: string | RegExp, scope?: Locator, timeoutMs = 10_000): Promise<Locator> {
    this.cdp ??= await this.page.context().newCDPSession(this.page);
    const mark = `ax${++this.marks}`;
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const { nodes } = (await this.cdp.send('Accessibility.getFullAXTree')) as {
        nodes: { ignored: boolean; role?: { value: string }; name?: { value: string }; backendDOMNodeId?: number }[];
      };
      const matching = nodes.filter(
        (n) =>
          !n.ignored &&
          n.role?.value === role &&
          n.backendDOMNodeId !== undefined &&
          (typeof name === 'string' ? n.name?.value === name : name.test(n.name?.value ?? '')),
      );
      for (const node of matching) {
        const { object } = await this.cdp.send('DOM.resolveNode', { backendNodeId: node.backendDOMNodeId! });
        await this.cdp.send('Runtime.callFunctionOn', {
          objectId: object.objectId!,
          functionDeclaration: 'function (mark) { this.setAttribute("data-ax", mark); }',
          arguments: [{ value: mark }],
        });
      }
      const found = (scope ?? this.page).locator(`[data-ax="${mark}"]`);
      if ((await found.count()) > 0) return found;
      if (Date.now() > deadline) throw new Error(`no ${role} named ${String(name)} in the accessibility tree`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  button(name: string | RegExp, scope?: Locator): Promise<Locator> {
    return this.find('button', name, scope);
  }

  /** The role and accessible name Chromium gives the element focused now (a component's host, or inside it). */
  async focused(): Promise<{ role: string; name: string }> {
    this.cdp ??= await this.page.context().newCDPSession(this.page);
    const { nodes } = (await this.cdp.send('Accessibility.getFullAXTree')) as {
      nodes: {
        role?: { value: string };
        name?: { value: string };
        properties?: { name: string; value: { value: unknown } }[];
      }[];
    };
    // The document is focused too (its root says so): the control is the innermost focused node.
    const node = nodes
      .filter(
        (n) =>
          n.role?.value !== 'RootWebArea' && n.properties?.some((p) => p.name === 'focused' && p.value.value === true),
      )
      .pop();
    return { role: node?.role?.value ?? '', name: node?.name?.value ?? '' };
  }

  /** The dev sign-in as a Contoso person, chosen by id: the page outside Teams, in local anonymous mode. */
  async signInAs(url: string, aadObjectId: string): Promise<void> {
    await this.page.goto(url);
    const select = this.page.locator('#dev-user');
    await select.locator('option').first().waitFor({ state: 'attached' });
    await select.selectOption(JSON.stringify({ tenantId: DEMO.contoso, aadObjectId }));
    await this.page.locator('#dev-go').click();
    await this.page.locator('tbody tr').first().waitFor();
  }
}

/** A subscription's row in the table. */
export function row(page: Page, subscriptionId: string): Locator {
  return page.locator(`tr[data-subscription-id="${subscriptionId}"]`);
}
