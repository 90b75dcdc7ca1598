import { Component } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { MatIconHarness } from '@angular/material/icon/testing';
import { TestbedHarnessEnvironment } from '@angular/cdk/testing/testbed';
import { provideConsoleIcons } from '../icons/console-icons';
import { EmptyStateComponent } from './empty-state.component';

@Component({
  imports: [EmptyStateComponent],
  template: `<pb-empty-state title="No jobs yet" message="Create one to see it here." icon="work">
    <button type="button">Create job</button>
  </pb-empty-state>`,
})
class Host {}

describe('EmptyStateComponent', () => {
  beforeEach(() => TestBed.configureTestingModule({ providers: [provideConsoleIcons()] }));

  it('shows the icon, title, message and projected actions', async () => {
    const fixture = TestBed.createComponent(Host);
    await fixture.whenStable();
    const el: HTMLElement = fixture.nativeElement;
    expect(el.querySelector('h2')?.textContent).toBe('No jobs yet');
    expect(el.querySelector('.message')?.textContent).toBe('Create one to see it here.');
    expect(el.querySelector('.actions button')?.textContent).toBe('Create job');

    const icon = await TestbedHarnessEnvironment.loader(fixture).getHarness(MatIconHarness);
    expect(await icon.getName()).toBe('work');
  });

  it('leaves out the message when there is none', async () => {
    const fixture = TestBed.createComponent(EmptyStateComponent);
    fixture.componentRef.setInput('title', 'Nothing here');
    await fixture.whenStable();
    expect(fixture.nativeElement.querySelector('.message')).toBeNull();
  });
});
