// uPlot time charts that fit their container's width, show times in UTC, and format values the way the cards do.
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { h } from './dom.js';
import { fmtInt, fmtMs, fmtNum, fmtRate } from './format.js';

export const COLORS = {
  blue: '#2563eb',
  teal: '#0d9488',
  violet: '#7c3aed',
  green: '#16a34a',
  red: '#dc2626',
  orange: '#ea580c',
  amber: '#d97706',
  grey: '#64748b',
  pink: '#db2777',
};

const FORMATS = {
  count: fmtInt,
  number: fmtNum,
  rate: fmtRate,
  ms: fmtMs,
};

function axisValues(kind) {
  if (kind === 'rate') {
    return (u, splits) => splits.map((v) => (v == null ? '' : `${+(v * 100).toFixed(1)}%`));
  }
  if (kind === 'ms') {
    return (u, splits) => splits.map((v) => (v == null ? '' : v >= 1000 ? `${+(v / 1000).toFixed(1)}s` : `${+v.toFixed(0)}`));
  }
  return (u, splits) => splits.map((v) => {
    if (v == null) {
      return '';
    }
    if (Math.abs(v) >= 1e6) {
      return `${+(v / 1e6).toFixed(1)}M`;
    }
    if (Math.abs(v) >= 1e3) {
      return `${+(v / 1e3).toFixed(1)}k`;
    }
    return `${+v.toFixed(2)}`;
  });
}

// x-axis tick labels in UTC, 24-hour clock: [tick increment, label, label where the year, month, day, hour, minute,
// second rolls over (null: same as label), mode] as uPlot's axis `values` table takes them.
const TIME_TICKS = [
  [3600 * 24 * 365, '{YYYY}', null, null, null, null, null, null, 1],
  [3600 * 24 * 28, '{MMM}', '\n{YYYY}', null, null, null, null, null, 1],
  [3600 * 24, '{MM}-{DD}', '\n{YYYY}', null, null, null, null, null, 1],
  [3600, '{HH}:{mm}', '\n{YYYY}-{MM}-{DD}', null, '\n{MM}-{DD}', null, null, null, 1],
  [60, '{HH}:{mm}', '\n{YYYY}-{MM}-{DD}', null, '\n{MM}-{DD}', null, null, null, 1],
  [1, '{HH}:{mm}:{ss}', '\n{YYYY}-{MM}-{DD}', null, '\n{MM}-{DD}', null, null, null, 1],
];

// whole seconds and up: the live charts never label half-seconds
const TIME_INCREMENTS = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 3 * 3600, 6 * 3600,
  12 * 3600, 86_400, 2 * 86_400, 7 * 86_400, 28 * 86_400, 365 * 86_400];

/**
 * A time chart in `container`. spec: {series: [{label, color, bars?}], format: 'count'|'number'|'rate'|'ms',
 * height?, bands?: [{from, to}] (epoch seconds, shaded behind the series)}. setData([xs, ...ys]) takes x in epoch
 * seconds and one array per series (null is a gap). The chart is created on the first setData, once the container is
 * in the page and has a width.
 */
export function timeChart(container, spec) {
  const format = FORMATS[spec.format ?? 'count'];
  const height = spec.height ?? 170;
  let plot = null;
  let bands = spec.bands ?? [];
  const holder = h('div', { class: 'chart-canvas' });
  container.appendChild(holder);

  const observer = new ResizeObserver(() => {
    if (plot) {
      const width = holder.clientWidth;
      if (width > 0 && width !== plot.width) {
        plot.setSize({ width, height });
      }
    }
  });
  observer.observe(holder);

  const options = () => ({
    width: Math.max(holder.clientWidth, 200),
    height,
    tzDate: (ts) => uPlot.tzDate(new Date(ts * 1e3), 'Etc/UTC'),
    cursor: { drag: { x: false, y: false }, points: { size: 6 } },
    legend: { live: true },
    scales: {
      // bars get half a bucket of room at either end, so the first and last are drawn whole
      x: spec.series.some((s) => s.bars) ? {
        time: true,
        range: (u, min, max) => {
          const xs = u.data[0];
          const step = xs.length > 1 ? xs[1] - xs[0] : 60;
          return [min - step / 2, max + step / 2];
        },
      } : { time: true },
      y: {
        range: (u, min, max) => {
          const top = spec.format === 'rate' ? Math.max(max ?? 0, 0.01) : Math.max(max ?? 0, 1);
          return [0, top * 1.08];
        },
      },
    },
    axes: [
      { stroke: '#475569', grid: { stroke: '#e2e8f0', width: 1 }, ticks: { stroke: '#cbd5e1' }, values: TIME_TICKS,
        incrs: TIME_INCREMENTS, space: 70 },
      { stroke: '#475569', grid: { stroke: '#e2e8f0', width: 1 }, ticks: { stroke: '#cbd5e1' },
        values: axisValues(spec.format), size: 52 },
    ],
    series: [
      { label: 'time (UTC)', value: (u, v) => (v == null ? '—' : new Date(v * 1e3).toISOString().slice(5, 19).replace('T', ' ')) },
      ...spec.series.map((s) => ({
        label: s.label,
        stroke: s.color,
        width: s.bars ? 0 : 1.5,
        fill: s.bars ? s.color + 'cc' : s.fill ? s.color + '22' : undefined,
        paths: s.bars ? uPlot.paths.bars({ size: [0.8, 24] }) : undefined,
        points: { show: false },
        spanGaps: false,
        value: (u, v) => format(v),
      })),
    ],
    hooks: {
      setCursor: [(u) => {
        if (u.cursor.idx == null && u.data[0].length) {
          u.setLegend({ idx: u.data[0].length - 1 }, false);
        }
      }],
      drawAxes: [(u) => {
        if (!bands.length) {
          return;
        }
        const { ctx } = u;
        const { left, top, width, height: plotHeight } = u.bbox;
        ctx.save();
        ctx.fillStyle = 'rgba(220, 38, 38, 0.14)';
        const minWidth = 4 * devicePixelRatio;
        for (const band of bands) {
          let x0 = u.valToPos(band.from, 'x', true);
          let x1 = u.valToPos(band.to, 'x', true);
          if (x1 - x0 < minWidth) {
            // a short window stays visible on a long range
            const middle = (x0 + x1) / 2;
            x0 = middle - minWidth / 2;
            x1 = middle + minWidth / 2;
          }
          x0 = Math.max(left, x0);
          x1 = Math.min(left + width, x1);
          if (x1 > x0) {
            ctx.fillRect(x0, top, x1 - x0, plotHeight);
          }
        }
        ctx.restore();
      }],
    },
  });

  return {
    setData(data, nextBands) {
      if (nextBands) {
        bands = nextBands;
      }
      if (!plot) {
        plot = new uPlot(options(), data, holder);
      } else {
        plot.setData(data);
      }
      // with the cursor off the chart, the legend shows the latest values
      if (plot.cursor.idx == null && data[0].length) {
        plot.setLegend({ idx: data[0].length - 1 }, false);
      }
    },
    destroy() {
      observer.disconnect();
      if (plot) {
        plot.destroy();
        plot = null;
      }
    },
  };
}

/** A panel holding a chart: a title, an optional note, and the chart's container. */
export function chartPanel(title, note) {
  const body = h('div', { class: 'chart-body' });
  const panel = h('section', { class: 'panel chart-panel' },
    h('header', { class: 'panel-head' }, h('h3', null, title), note ? h('span', { class: 'note' }, note) : null),
    body);
  return { panel, body };
}
