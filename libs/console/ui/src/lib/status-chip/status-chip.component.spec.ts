import { TestBed } from '@angular/core/testing';
import { COUNTER_STATUSES, EVENT_SEVERITIES, EVENT_STATUSES, JOB_STATUSES } from '@pulseboard/shared/contracts';
import { StatusChipComponent } from './status-chip.component';
import { statusTone } from './status-tone';

async function render(status: string, label?: string) {
  const fixture = TestBed.createComponent(StatusChipComponent);
  fixture.componentRef.setInput('status', status);
  if (label) fixture.componentRef.setInput('label', label);
  await fixture.whenStable();
  return fixture.nativeElement as HTMLElement;
}

describe('StatusChipComponent', () => {
  it('shows the status capitalised, coloured by its tone', async () => {
    const chip = await render('failed');
    expect(chip.textContent?.trim()).toBe('Failed');
    expect(chip.classList).toContain('pb-status-chip');
    expect(chip.classList).toContain('pb-status-chip--danger');
  });

  it('can show a label other than the status', async () => {
    const chip = await render('running', 'Ticking');
    expect(chip.textContent?.trim()).toBe('Ticking');
    expect(chip.dataset['tone']).toBe('info');
  });

  it('falls back to neutral for an unknown status', async () => {
    expect((await render('mystery')).dataset['tone']).toBe('neutral');
  });
});

describe('statusTone', () => {
  it('gives every counter, job and event status and severity the tone of what it means', () => {
    const all = [...new Set([...COUNTER_STATUSES, ...JOB_STATUSES, ...EVENT_STATUSES, ...EVENT_SEVERITIES])];
    const withTone = (tone: string) => all.filter((s) => statusTone(s) === tone).sort();
    // Enumerates the contract: a status added there without a tone here lands in 'neutral' and fails this test.
    expect(withTone('neutral')).toEqual(['idle', 'pending']);
    expect(withTone('info')).toEqual(['active', 'info', 'open', 'running']);
    expect(withTone('warning')).toEqual(['paused', 'retrying', 'warning']);
    expect(withTone('success')).toEqual(['completed', 'finished']);
    expect(withTone('danger')).toEqual(['error', 'failed']);
    expect(withTone('critical')).toEqual(['critical']);
    expect(withTone('muted')).toEqual(['cancelled']);
  });

  it('tells failures apart from successes and in-progress work', () => {
    const tones = new Set(JOB_STATUSES.map((s) => statusTone(s)));
    // pending, active, retrying, completed, failed, cancelled: six statuses, six colours in the charts.
    expect(tones.size).toBe(JOB_STATUSES.length);
  });
});
