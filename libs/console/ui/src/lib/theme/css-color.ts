/**
 * The computed colour (`rgb(...)`) of a CSS colour value such as `var(--pb-tone-info)` or
 * `var(--mat-sys-on-surface)`, in the colour scheme on screen now. Canvas drawing (Chart.js) cannot read CSS
 * variables or light-dark(), so charts resolve their colours with this whenever the scheme changes.
 * Returns `fallback` where nothing can be computed (no DOM, or a test DOM without CSS).
 */
export function resolveCssColor(value: string, fallback: string, doc: Document | null = globalThis.document ?? null): string {
  const view = doc?.defaultView;
  if (!doc?.body || !view) return fallback;
  const probe = doc.createElement('span');
  probe.style.display = 'none';
  probe.style.color = value;
  doc.body.appendChild(probe);
  const color = view.getComputedStyle(probe).color;
  probe.remove();
  return color && /^(rgb|hsl|#|color\()/.test(color) ? color : fallback;
}
