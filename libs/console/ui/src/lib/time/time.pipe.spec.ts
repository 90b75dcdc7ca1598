import { TestBed } from '@angular/core/testing';
import { TimeComponent } from './time.component';
import { TimePipe, formatLocalTime } from './time.pipe';

describe('formatLocalTime / pbTime', () => {
  it('shows an ISO time in the local time zone as YYYY-MM-DD HH:mm:ss', () => {
    const iso = '2026-03-04T05:06:07.890Z';
    const d = new Date(iso);
    const p = (n: number) => String(n).padStart(2, '0');
    const local = `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
    expect(new TimePipe().transform(iso)).toBe(local);
    expect(formatLocalTime(d.getTime())).toBe(local);
  });

  it('shows a dash for no time and malformed input as it came', () => {
    expect(formatLocalTime(null)).toBe('—');
    expect(formatLocalTime(undefined)).toBe('—');
    expect(formatLocalTime('')).toBe('—');
    expect(formatLocalTime('yesterday')).toBe('yesterday');
  });
});

describe('TimeComponent', () => {
  it('shows the local time with the full ISO time on hover and in datetime', async () => {
    const fixture = TestBed.createComponent(TimeComponent);
    fixture.componentRef.setInput('value', '2026-03-04T05:06:07.890Z');
    await fixture.whenStable();
    const time = (fixture.nativeElement as HTMLElement).querySelector('time');
    expect(time?.getAttribute('title')).toBe('2026-03-04T05:06:07.890Z');
    expect(time?.getAttribute('datetime')).toBe('2026-03-04T05:06:07.890Z');
    expect(time?.textContent).toBe(formatLocalTime('2026-03-04T05:06:07.890Z'));
  });

  it('shows a dash without a time', async () => {
    const fixture = TestBed.createComponent(TimeComponent);
    fixture.componentRef.setInput('value', null);
    await fixture.whenStable();
    expect((fixture.nativeElement as HTMLElement).textContent?.trim()).toBe('—');
    expect((fixture.nativeElement as HTMLElement).querySelector('time')).toBeNull();
  });
});
