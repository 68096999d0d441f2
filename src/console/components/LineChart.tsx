import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { Pivot } from '../pages/usage-data';

/**
 * Series are told apart by colour and by dash pattern (and named in the legend), never colour
 * alone. The colours are dark enough for 3:1 against white (WCAG 1.4.11).
 */
export const PALETTE = ['#0b5fa5', '#b3400a', '#08705a', '#8a3b8f', '#6b5a00', '#333333'] as const;
export const DASHES: readonly (readonly number[])[] = [[], [10, 5], [3, 4], [12, 4, 3, 4], [6, 3], [1, 3]];
const HEIGHT = 260;
const FONT = '14px "Noto Sans", system-ui, sans-serif';

export function seriesStyle(i: number): { stroke: string; dash: number[] } {
  return { stroke: PALETTE[i % PALETTE.length] ?? '#333', dash: [...(DASHES[i % DASHES.length] ?? [])] };
}

/**
 * A line chart of one pivot (uPlot on a canvas). The canvas is a picture for sighted users; the
 * same figures are in the table beside it, so the chart is one labelled image to assistive
 * technology and takes no keyboard focus.
 */
export function LineChart({ data, label }: { data: Pivot; label: string }) {
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = box.current;
    if (!el || data.x.length === 0) return;
    const labels = data.x;
    const opts: uPlot.Options = {
      width: Math.max(el.clientWidth, 280),
      height: HEIGHT,
      legend: { show: false },
      cursor: { show: false },
      // The periods are categories (day, week, month labels), placed at 0, 1, 2...
      scales: {
        x: { time: false, range: () => [-0.3, labels.length - 0.7] },
        y: { range: (_u, _min, max) => [0, Math.max(1, max * 1.1)] },
      },
      axes: [
        {
          font: FONT,
          stroke: '#111',
          grid: { show: false },
          incrs: [1, 2, 3, 5, 7, 10, 14, 30, 60, 90],
          space: 70,
          values: (_u, splits) => splits.map((i) => (Number.isInteger(i) ? (labels[i] ?? '') : '')),
        },
        { font: FONT, stroke: '#111', grid: { stroke: '#d0d0d0', width: 1 }, size: 56 },
      ],
      series: [
        {},
        ...data.series.map((s, i) => ({
          label: s.name,
          ...seriesStyle(i),
          width: 2.5,
          points: { show: true, size: 7 },
        })),
      ],
    };
    const aligned: uPlot.AlignedData = [labels.map((_, i) => i), ...data.series.map((s) => [...s.values])];
    const plot = new uPlot(opts, aligned, el);
    const resize = new ResizeObserver(() => plot.setSize({ width: Math.max(el.clientWidth, 280), height: HEIGHT }));
    resize.observe(el);
    return () => {
      resize.disconnect();
      plot.destroy();
    };
  }, [data]);
  return (
    <figure className="chart">
      <div ref={box} role="img" aria-label={label} className="chart-canvas" />
      <figcaption>
        <ul className="legend" aria-hidden="true">
          {data.series.map((s, i) => (
            <li key={s.name}>
              <svg width="36" height="12" viewBox="0 0 36 12" className="swatch">
                <line
                  x1="0"
                  y1="6"
                  x2="36"
                  y2="6"
                  stroke={seriesStyle(i).stroke}
                  strokeWidth="3"
                  strokeDasharray={seriesStyle(i).dash.join(' ') || undefined}
                />
              </svg>
              {s.name}
            </li>
          ))}
        </ul>
      </figcaption>
    </figure>
  );
}
