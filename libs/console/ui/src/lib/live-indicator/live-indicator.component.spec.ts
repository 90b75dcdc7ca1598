import { TestBed } from '@angular/core/testing';
import { LiveIndicatorComponent, LiveStatus } from './live-indicator.component';

async function render(status: LiveStatus) {
  const fixture = TestBed.createComponent(LiveIndicatorComponent);
  fixture.componentRef.setInput('status', status);
  await fixture.whenStable();
  return fixture;
}

describe('LiveIndicatorComponent', () => {
  it.each([
    ['connected', 'Live'],
    ['connecting', 'Connecting…'],
    ['disconnected', 'Offline'],
  ] as const)('shows %s as "%s" in a polite status region', async (status, label) => {
    const host: HTMLElement = (await render(status)).nativeElement;
    expect(host.getAttribute('role')).toBe('status');
    expect(host.getAttribute('aria-live')).toBe('polite');
    expect(host.querySelector('.label')?.textContent?.trim()).toBe(label);
    expect(host.textContent?.replace(/\s+/g, ' ').trim()).toBe(`Realtime connection: ${label}`);
    expect(host.classList).toContain(`pb-live-indicator--${status}`);
  });

  it('follows status changes and explains them in a tooltip', async () => {
    const fixture = await render('connected');
    const host: HTMLElement = fixture.nativeElement;
    expect(host.title).toBe('Receiving live updates');

    fixture.componentRef.setInput('status', 'disconnected');
    await fixture.whenStable();
    expect(host.querySelector('.label')?.textContent?.trim()).toBe('Offline');
    expect(host.classList).not.toContain('pb-live-indicator--connected');
    expect(host.title).toMatch(/paused/);
  });
});
