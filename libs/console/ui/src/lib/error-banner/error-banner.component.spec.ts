import { TestBed } from '@angular/core/testing';
import { TestbedHarnessEnvironment } from '@angular/cdk/testing/testbed';
import { MatButtonHarness } from '@angular/material/button/testing';
import { provideConsoleIcons } from '../icons/console-icons';
import { ErrorBannerComponent } from './error-banner.component';

async function render(inputs: Record<string, unknown>) {
  TestBed.configureTestingModule({ providers: [provideConsoleIcons()] });
  const fixture = TestBed.createComponent(ErrorBannerComponent);
  for (const [name, value] of Object.entries(inputs)) fixture.componentRef.setInput(name, value);
  await fixture.whenStable();
  return { fixture, loader: TestbedHarnessEnvironment.loader(fixture) };
}

describe('ErrorBannerComponent', () => {
  it('shows the message as an alert and emits retry when the button is clicked', async () => {
    const { fixture, loader } = await render({ message: 'Redis is down.', title: 'Could not load jobs' });
    const retries = jest.fn();
    fixture.componentInstance.retry.subscribe(retries);

    const host: HTMLElement = fixture.nativeElement;
    expect(host.getAttribute('role')).toBe('alert');
    expect(host.querySelector('.title')?.textContent).toBe('Could not load jobs');
    expect(host.querySelector('.message')?.textContent).toBe('Redis is down.');

    const button = await loader.getHarness(MatButtonHarness.with({ text: /Retry/ }));
    await button.click();
    expect(retries).toHaveBeenCalledTimes(1);
  });

  it('uses a custom retry label', async () => {
    const { loader } = await render({ message: 'x', retryLabel: 'Try again' });
    expect(await (await loader.getHarness(MatButtonHarness)).getText()).toContain('Try again');
  });

  it('has no retry button when not retryable', async () => {
    const { loader } = await render({ message: 'Forbidden', retryable: false });
    expect(await loader.getAllHarnesses(MatButtonHarness)).toHaveLength(0);
  });
});
