/** A tiny element builder: the storefront is plain DOM, no framework. */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K, attrs: Record<string, string | ((e: Event) => void) | boolean | undefined> = {}, ...children: Array<Node | string | null | undefined | false>
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === undefined || value === false) continue;
    if (typeof value === 'function') el.addEventListener(name.replace(/^on/, ''), value);
    else if (value === true) el.setAttribute(name, '');
    else el.setAttribute(name, value);
  }
  for (const child of children) if (child !== null && child !== undefined && child !== false) el.append(child);
  return el;
}

export const won = (amount: number) => `₩${amount.toLocaleString('en-US')}`;

/** The message to show for a failed result. */
export function problem(result: { kind: string; error?: { message: string }; userErrors?: Array<{ message?: string; code: string }> }): string {
  if (result.kind === 'error') return result.error!.message;
  if (result.kind === 'userErrors') return result.userErrors!.map((e) => e.message ?? e.code).join('; ');
  return '';
}
