import { ArcElement, BarController, BarElement, CategoryScale, ChartOptions, DoughnutController, LinearScale, Tooltip } from 'chart.js';
import { provideCharts } from 'ng2-charts';
import { StatusTone, TONE_COLORS, resolveCssColor } from '@pulseboard/console/ui';

const FONT_FAMILY = 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", "Noto Sans", "Liberation Sans", Arial, sans-serif';

/** Only the Chart.js parts the dashboard draws: doughnut and bar charts with tooltips (legends are HTML). */
export function provideDashboardCharts() {
  return provideCharts({
    registerables: [DoughnutController, ArcElement, BarController, BarElement, CategoryScale, LinearScale, Tooltip],
    defaults: {
      font: { family: FONT_FAMILY, size: 12 },
      ...(prefersReducedMotion() ? { animation: false as const } : {}),
    },
  });
}

function prefersReducedMotion(): boolean {
  return typeof matchMedia === 'function' && matchMedia('(prefers-reduced-motion: reduce)').matches;
}

/** The colours a canvas chart needs, resolved from the theme's CSS variables for the scheme on screen. */
export interface ChartPalette {
  text: string;
  grid: string;
  /** The card's background (doughnut segment borders). */
  surface: string;
  tones: Record<StatusTone, string>;
}

/** Light-scheme values, used where CSS cannot be computed (tests). */
const FALLBACK: ChartPalette = {
  text: '#44474e',
  grid: 'rgba(0, 0, 0, 0.08)',
  surface: '#ffffff',
  tones: {
    neutral: '#5f6b7a',
    muted: '#a9b1bb',
    info: '#1a66d2',
    success: '#1e8e3e',
    warning: '#e8a100',
    danger: '#d93025',
    critical: '#8c1d18',
  },
};

export function readChartPalette(): ChartPalette {
  const tones = Object.fromEntries(
    (Object.keys(TONE_COLORS) as StatusTone[]).map((tone) => [tone, resolveCssColor(TONE_COLORS[tone], FALLBACK.tones[tone])]),
  ) as Record<StatusTone, string>;
  return {
    text: resolveCssColor('var(--mat-sys-on-surface-variant)', FALLBACK.text),
    grid: resolveCssColor('var(--mat-sys-outline-variant)', FALLBACK.grid),
    surface: resolveCssColor('var(--mat-sys-surface)', FALLBACK.surface),
    tones,
  };
}

export function doughnutOptions(_palette: ChartPalette): ChartOptions<'doughnut'> {
  return {
    responsive: true,
    maintainAspectRatio: false,
    cutout: '68%',
    plugins: { legend: { display: false } },
  };
}

/** An axis of whole counts from zero, with grid lines. */
function countAxis(palette: ChartPalette) {
  return {
    beginAtZero: true,
    suggestedMax: 4,
    grid: { color: palette.grid },
    border: { display: false },
    ticks: { precision: 0, color: palette.text },
  };
}

/** Bar charts over minutes: a few time labels, integer counts, zero-based. */
export function minuteBarOptions(palette: ChartPalette): ChartOptions<'bar'> {
  return {
    responsive: true,
    maintainAspectRatio: false,
    color: palette.text,
    interaction: { mode: 'index', intersect: false },
    plugins: { legend: { display: false } },
    scales: {
      x: { grid: { display: false }, ticks: { maxTicksLimit: 7, maxRotation: 0, color: palette.text } },
      y: countAxis(palette),
    },
  };
}

export function severityOptions(palette: ChartPalette): ChartOptions<'bar'> {
  return {
    responsive: true,
    maintainAspectRatio: false,
    color: palette.text,
    indexAxis: 'y',
    plugins: { legend: { display: false } },
    scales: {
      x: countAxis(palette),
      y: { grid: { display: false }, ticks: { color: palette.text } },
    },
  };
}
