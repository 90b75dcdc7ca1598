import { minuteSeries, total } from './dashboard-data';

const at = (iso: string) => Date.parse(iso);

describe('minuteSeries', () => {
  it('zero-fills the last 60 minutes ending with the current one', () => {
    const series = minuteSeries(
      [
        { at: '2024-05-01T10:00:00.000Z', count: 3 },
        { at: '2024-05-01T10:30:00.000Z', count: 7 },
      ],
      at('2024-05-01T10:30:42Z'),
    );
    expect(series.counts).toHaveLength(60);
    expect(series.times[0]).toBe(at('2024-05-01T09:31:00Z'));
    expect(series.times[59]).toBe(at('2024-05-01T10:30:00Z'));
    expect(series.counts[59]).toBe(7);
    expect(series.counts[29]).toBe(3); // 10:00
    expect(total(series.counts)).toBe(10);
  });

  it('drops buckets older than the window and adds buckets of the same minute together', () => {
    const series = minuteSeries(
      [
        { at: '2024-05-01T08:00:00Z', count: 100 },
        { at: '2024-05-01T10:29:10Z', count: 1 },
        { at: '2024-05-01T10:29:50Z', count: 2 },
      ],
      at('2024-05-01T10:30:00Z'),
    );
    expect(total(series.counts)).toBe(3);
    expect(series.counts[58]).toBe(3);
  });

  it('moves the window forward when the server clock is ahead', () => {
    const series = minuteSeries([{ at: '2024-05-01T10:31:00Z', count: 4 }], at('2024-05-01T10:30:59Z'));
    expect(series.times[59]).toBe(at('2024-05-01T10:31:00Z'));
    expect(series.counts[59]).toBe(4);
  });

  it('is all zeros without buckets', () => {
    expect(total(minuteSeries([], at('2024-05-01T10:30:00Z')).counts)).toBe(0);
  });
});
