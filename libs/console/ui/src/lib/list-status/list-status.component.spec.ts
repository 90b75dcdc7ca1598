import { TestBed } from '@angular/core/testing';
import { TestbedHarnessEnvironment } from '@angular/cdk/testing/testbed';
import { MatButtonHarness } from '@angular/material/button/testing';
import { MatProgressBarHarness } from '@angular/material/progress-bar/testing';
import { provideConsoleIcons } from '../icons/console-icons';
import { ListStatusComponent } from './list-status.component';

async function render(inputs: Record<string, unknown>) {
  TestBed.configureTestingModule({ providers: [provideConsoleIcons()] });
  const fixture = TestBed.createComponent(ListStatusComponent);
  for (const [name, value] of Object.entries({ what: 'jobs', ...inputs })) fixture.componentRef.setInput(name, value);
  await fixture.whenStable();
  return { fixture, loader: TestbedHarnessEnvironment.loader(fixture) };
}

describe('ListStatusComponent', () => {
  it('shows nothing when the list is loaded', async () => {
    const { fixture, loader } = await render({});
    expect(await loader.getAllHarnesses(MatProgressBarHarness)).toHaveLength(0);
    expect((fixture.nativeElement as HTMLElement).querySelector('[role=alert]')).toBeNull();
  });

  it('shows a labelled progress bar while loading', async () => {
    const { fixture, loader } = await render({ loading: true });
    expect(await (await loader.getHarness(MatProgressBarHarness)).getMode()).toBe('indeterminate');
    expect((fixture.nativeElement as HTMLElement).querySelector('mat-progress-bar')?.getAttribute('aria-label')).toBe('Loading jobs');
  });

  it('shows the error as an alert whose retry button emits retry', async () => {
    const { fixture, loader } = await render({ error: 'The API is not reachable.' });
    const retries = jest.fn();
    fixture.componentInstance.retry.subscribe(retries);
    const alert = (fixture.nativeElement as HTMLElement).querySelector('[role=alert]');
    expect(alert?.textContent).toContain('The API is not reachable.');
    await (await loader.getHarness(MatButtonHarness.with({ text: /Retry/ }))).click();
    expect(retries).toHaveBeenCalledTimes(1);
  });
});
