import { Component, signal } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { TestbedHarnessEnvironment } from '@angular/cdk/testing/testbed';
import { MatInputHarness } from '@angular/material/input/testing';
import { MatSelectHarness } from '@angular/material/select/testing';
import { ListFilter, ListFilterChange, ListFiltersComponent } from './list-filters.component';

type Key = 'q' | 'status';
const FILTERS: ListFilter<Key>[] = [
  { key: 'q', label: 'Search', ariaLabel: 'Search titles', wide: true },
  { key: 'status', label: 'Status', options: ['open', 'completed'] },
];

@Component({
  imports: [ListFiltersComponent],
  template: `
    <pb-list-filters [filters]="filters" [values]="values()" (changed)="changes.push($event)">
      <span class="beside">beside</span>
      <button pbToolbarEnd type="button">New</button>
    </pb-list-filters>
  `,
})
class HostComponent {
  readonly filters = FILTERS;
  readonly values = signal<Partial<Record<Key, string | null>>>({ q: 'disk', status: 'open' });
  readonly changes: ListFilterChange<Key>[] = [];
}

async function render() {
  const fixture = TestBed.createComponent(HostComponent);
  await fixture.whenStable();
  return { fixture, loader: TestbedHarnessEnvironment.loader(fixture) };
}

describe('ListFiltersComponent', () => {
  it('renders each filter from data with its current value and accessible name', async () => {
    const { fixture, loader } = await render();
    const input = await loader.getHarness(MatInputHarness);
    expect(await input.getValue()).toBe('disk');
    expect(await (await input.host()).getAttribute('aria-label')).toBe('Search titles');
    expect(await (await loader.getHarness(MatSelectHarness)).getValueText()).toBe('open');
    const host = fixture.nativeElement as HTMLElement;
    expect(host.querySelector('mat-form-field')?.classList).toContain('search');
    // Projected content keeps its place: beside the filters, then the end slot after the spacer.
    const order = Array.from(host.querySelector('pb-list-filters')?.children ?? []).map((e) => e.className || e.tagName);
    expect(order.slice(-3)).toEqual(['beside', 'spacer', 'BUTTON']);
  });

  it('emits the key and the new value of the filter that changed', async () => {
    const { fixture, loader } = await render();
    const input = await loader.getHarness(MatInputHarness);
    await input.setValue('cpu');
    await input.blur();
    (fixture.nativeElement as HTMLElement).querySelector('input')?.dispatchEvent(new Event('change'));
    const select = await loader.getHarness(MatSelectHarness);
    await select.open();
    await select.clickOptions({ text: 'All' });
    expect(fixture.componentInstance.changes).toEqual([
      { key: 'q', value: 'cpu' },
      { key: 'status', value: '' },
    ]);
  });

  it('shows an empty field and All when no value is set', async () => {
    const { fixture, loader } = await render();
    fixture.componentInstance.values.set({});
    await fixture.whenStable();
    expect(await (await loader.getHarness(MatInputHarness)).getValue()).toBe('');
    expect(await (await loader.getHarness(MatSelectHarness)).getValueText()).toBe('All');
  });
});
