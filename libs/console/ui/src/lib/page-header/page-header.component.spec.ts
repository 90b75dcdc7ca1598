import { Component } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { PageHeaderComponent } from './page-header.component';

@Component({
  imports: [PageHeaderComponent],
  template: `<pb-page-header title="Jobs" subtitle="Background work"><button type="button">New job</button></pb-page-header>`,
})
class Host {}

describe('PageHeaderComponent', () => {
  it('renders the title as the page heading, the subtitle and the actions', async () => {
    const fixture = TestBed.createComponent(Host);
    await fixture.whenStable();
    const el: HTMLElement = fixture.nativeElement;
    expect(el.querySelector('h1')?.textContent).toBe('Jobs');
    expect(el.querySelector('.subtitle')?.textContent).toBe('Background work');
    expect(el.querySelector('.actions button')?.textContent).toBe('New job');
  });

  it('has no subtitle paragraph without a subtitle', async () => {
    const fixture = TestBed.createComponent(PageHeaderComponent);
    fixture.componentRef.setInput('title', 'Dashboard');
    await fixture.whenStable();
    expect(fixture.nativeElement.querySelector('.subtitle')).toBeNull();
  });
});
