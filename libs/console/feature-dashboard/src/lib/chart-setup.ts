import {
  ArcElement,
  BarController,
  BarElement,
  CategoryScale,
  ChartOptions,
  DoughnutController,
  LinearScale,
  Tooltip,
} from 'chart.js';
import { provideCharts } from 'ng2-charts';

const FONT_FAMILY = 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", "Noto Sans", "Liberation Sans", Arial, sans-serif';
const TEXT_COLOR = '#44474e';
const GRID_COLOR = 'rgba(0, 0, 0, 0.06)';

/** Only the Chart.js parts the dashboard draws: doughnut and bar charts with tooltips (legends are HTML). */
export function provideDashboardCharts() {
  return provideCharts({
    registerables: [
      DoughnutController,
      ArcElement,
      BarController,
      BarElement,
      CategoryScale,
      LinearScale,
      Tooltip,
    ],
    defaults: {
      font: { family: FONT_FAMILY, size: 12 },
      color: TEXT_COLOR,
      ...(prefersReducedMotion() ? { animation: false as const } : {}),
    },
  });
}

function prefersReducedMotion(): boolean {
  return typeof matchMedia === 'function' && matchMedia('(prefers-reduced-motion: reduce)').matches;
}

export const doughnutOptions: ChartOptions<'doughnut'> = {
  responsive: true,
  maintainAspectRatio: false,
  cutout: '68%',
  plugins: { legend: { display: false } },
};

/** Bar charts over minutes: a few time labels, integer counts, zero-based. */
const minuteScales = {
  x: { grid: { display: false }, ticks: { maxTicksLimit: 7, maxRotation: 0 } },
  y: { beginAtZero: true, suggestedMax: 4, grid: { color: GRID_COLOR }, border: { display: false }, ticks: { precision: 0 } },
};

export const minuteBarOptions: ChartOptions<'bar'> = {
  responsive: true,
  maintainAspectRatio: false,
  interaction: { mode: 'index', intersect: false },
  plugins: { legend: { display: false } },
  scales: minuteScales,
};

export const severityOptions: ChartOptions<'bar'> = {
  responsive: true,
  maintainAspectRatio: false,
  indexAxis: 'y',
  plugins: { legend: { display: false } },
  scales: {
    x: { beginAtZero: true, suggestedMax: 4, grid: { color: GRID_COLOR }, border: { display: false }, ticks: { precision: 0 } },
    y: { grid: { display: false } },
  },
};
