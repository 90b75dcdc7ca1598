import { TestBed } from '@angular/core/testing';
import { TestbedHarnessEnvironment } from '@angular/cdk/testing/testbed';
import { MatSelectHarness } from '@angular/material/select/testing';
import { FilterSelectComponent } from './filter-select.component';

async function render(value: string | null) {
  TestBed.configureTestingModule({ providers: [] });
  const fixture = TestBed.createComponent(FilterSelectComponent);
  fixture.componentRef.setInput('label', 'Status');
  fixture.componentRef.setInput('options', ['active', 'failed']);
  fixture.componentRef.setInput('value', value);
  await fixture.whenStable();
  return { fixture, select: await TestbedHarnessEnvironment.loader(fixture).getHarness(MatSelectHarness) };
}

describe('FilterSelectComponent', () => {
  it('offers All and the options, shows the current value and emits the choice', async () => {
    const { fixture, select } = await render('failed');
    expect(await select.getValueText()).toBe('failed');
    const host = fixture.nativeElement as HTMLElement;
    expect(host.querySelector('mat-select')?.getAttribute('aria-label')).toBe('Status filter');
    const changes: string[] = [];
    fixture.componentInstance.changed.subscribe((v) => changes.push(v));
    await select.open();
    expect(await Promise.all((await select.getOptions()).map((o) => o.getText()))).toEqual(['All', 'active', 'failed']);
    await select.clickOptions({ text: 'active' });
    await select.open();
    await select.clickOptions({ text: 'All' });
    expect(changes).toEqual(['active', '']);
  });

  it('shows All when no filter is set', async () => {
    const { select } = await render(null);
    expect(await select.getValueText()).toBe('All');
  });
});
