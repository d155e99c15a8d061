/**
 * The inherent and residual heat maps as a picture (4, 6): an SVG drawn from the method's own grid
 * colours, rendered to PNG by resvg with DejaVu Sans from a registry package (no system fonts, so the
 * picture is the same on every machine). Placed in the XLSX beside the coloured-cell heat map.
 */
import { createRequire } from 'node:module';
import { riskLevel } from '../domain/risk/level.ts';
import type { RiskMethod } from '../domain/risk/method.ts';
import type { RiskView } from '../domain/risk/views.ts';

const require = createRequire(import.meta.url);
const FONTS = [
  require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf'),
  require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf'),
];

const CELL = 64;
const LEFT = 150;
const TOP = 60;
const GAP = 70;

const esc = (s: string) =>
  s.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c] ?? c,
  );
const clip = (s: string, n: number) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

/** Black or white, whichever reads better on `hex`. */
function ink(hex: string): string {
  const n = Number.parseInt(hex.slice(1), 16);
  return 0.299 * (n >> 16) + 0.587 * ((n >> 8) & 255) + 0.114 * (n & 255) > 150 ? '#000000' : '#FFFFFF';
}

export interface HeatMapCounts {
  readonly inherent: ReadonlyMap<string, number>;
  readonly residual: ReadonlyMap<string, number>;
}

/** Open risks per cell (`l×i`) on the current method version, before and after treatment. */
export function heatMapCounts(views: readonly RiskView[], version: number): HeatMapCounts {
  const inherent = new Map<string, number>();
  const residual = new Map<string, number>();
  for (const v of views) {
    if (v.status !== 'open' || v.methodVersion !== version) continue;
    const k = `${v.likelihood}x${v.impact}`;
    inherent.set(k, (inherent.get(k) ?? 0) + 1);
    if (v.residual) {
      const r = `${v.residual.likelihood}x${v.residual.impact}`;
      residual.set(r, (residual.get(r) ?? 0) + 1);
    }
  }
  return { inherent, residual };
}

function grid(m: RiskMethod, counts: ReadonlyMap<string, number>, x0: number, title: string): string {
  const rows = [...m.likelihood].reverse();
  const out = [
    `<text x="${x0 + (m.impact.length * CELL) / 2}" y="${TOP - 28}" font-weight="bold" font-size="18" text-anchor="middle">${esc(title)}</text>`,
  ];
  rows.forEach((l, r) => {
    const y = TOP + r * CELL;
    out.push(
      `<text x="${x0 - 8}" y="${y + CELL / 2 + 5}" font-size="12" text-anchor="end">${esc(`${l.value} ${clip(l.label, 18)}`)}</text>`,
    );
    m.impact.forEach((i, c) => {
      const level = riskLevel(m, { likelihood: l.value, impact: i.value });
      const n = counts.get(`${l.value}x${i.value}`) ?? 0;
      const x = x0 + c * CELL;
      out.push(
        `<rect x="${x}" y="${y}" width="${CELL}" height="${CELL}" fill="${level.colour}" stroke="#FFFFFF" stroke-width="2"/>`,
        `<text x="${x + CELL / 2}" y="${y + CELL / 2 + 8}" font-size="22" font-weight="bold" text-anchor="middle" fill="${ink(level.colour)}">${n || ''}</text>`,
      );
    });
  });
  const below = TOP + rows.length * CELL;
  m.impact.forEach((i, c) => {
    out.push(
      `<text x="${x0 + c * CELL + CELL / 2}" y="${below + 18}" font-size="11" text-anchor="middle">${esc(`${i.value} ${clip(i.label, 9)}`)}</text>`,
    );
  });
  out.push(
    `<text x="${x0 + (m.impact.length * CELL) / 2}" y="${below + 40}" font-size="13" text-anchor="middle">Impact →</text>`,
  );
  return out.join('');
}

/** Both heat maps side by side with the levels' legend, as SVG. */
export function heatMapSvg(m: RiskMethod, counts: HeatMapCounts): string {
  const gridW = m.impact.length * CELL;
  const width = LEFT + gridW + GAP + LEFT + gridW + 30;
  const legendY = TOP + m.likelihood.length * CELL + 70;
  const height = legendY + 40;
  const legend = m.levels
    .map((l, k) => {
      const x = LEFT + k * 150;
      return `<rect x="${x}" y="${legendY}" width="18" height="18" fill="${l.colour}"/><text x="${x + 24}" y="${legendY + 14}" font-size="13">${esc(clip(l.name, 16))}</text>`;
    })
    .join('');
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="DejaVu Sans">`,
    `<rect width="100%" height="100%" fill="#FFFFFF"/>`,
    grid(m, counts.inherent, LEFT, 'Inherent risk (before treatment)'),
    grid(m, counts.residual, LEFT + gridW + GAP + LEFT, 'Residual risk (after treatment)'),
    `<text x="14" y="${TOP + (m.likelihood.length * CELL) / 2}" font-size="13" transform="rotate(-90 14 ${TOP + (m.likelihood.length * CELL) / 2})" text-anchor="middle">Likelihood →</text>`,
    legend,
    '</svg>',
  ].join('');
}

/** The SVG as PNG, with the bundled fonts only. resvg is loaded when a picture is first made. */
export async function heatMapPng(svg: string): Promise<{ png: Buffer; width: number; height: number }> {
  const { Resvg } = await import('@resvg/resvg-js');
  const image = new Resvg(svg, {
    font: { fontFiles: FONTS, loadSystemFonts: false, defaultFontFamily: 'DejaVu Sans' },
  }).render();
  return { png: image.asPng(), width: image.width, height: image.height };
}

/** Place the picture on the heat map sheet, to the right of the coloured-cell grids. */
export async function addHeatMapPicture(
  wb: import('exceljs').Workbook,
  ws: import('exceljs').Worksheet,
  m: RiskMethod,
  version: number,
  views: readonly RiskView[],
): Promise<void> {
  const { png, width, height } = await heatMapPng(heatMapSvg(m, heatMapCounts(views, version)));
  const image = wb.addImage({ buffer: png as never, extension: 'png' });
  // resvg renders 1 px per SVG unit; shown at two thirds so it sits beside the cell grids.
  ws.addImage(image, {
    tl: { col: m.impact.length + 2, row: 0 },
    ext: { width: width / 1.5, height: height / 1.5 },
  });
}
