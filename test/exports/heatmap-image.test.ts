/** The heat map as a picture in the XLSX risk export: drawn from the method's colours, embedded, read back. */
import ExcelJS from 'exceljs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Ctx } from '../../src/domain/context.ts';
import { changeRiskMethod } from '../../src/domain/risk/acceptances.ts';
import { currentMethod } from '../../src/domain/risk/methods.ts';
import { createRisk } from '../../src/domain/risk/risks.ts';
import { listRiskViews } from '../../src/domain/risk/views.ts';
import { claimOwnership } from '../../src/domain/roles.ts';
import { heatMapCounts, heatMapSvg } from '../../src/exports/heatmap-image.ts';
import { exportRegister } from '../../src/exports/index.ts';
import { closeDatabase, type Db } from '../../src/store/db.ts';
import { custom4x4, domainOnDisk, owner } from '../helpers/domain.ts';

let db: Db;
let ctx: Ctx;
const risk = (likelihood: number, impact: number, residual?: [number, number]) =>
  createRisk(ctx, owner, {
    scenario: `Scenario ${likelihood}×${impact}`,
    ownerId: 'UDANA',
    likelihood,
    impact,
    treatment: 'modify',
    controls: ['A.8.24'],
    ...(residual ? { residualLikelihood: residual[0], residualImpact: residual[1] } : {}),
  });

beforeEach(() => {
  ({ db, ctx } = domainOnDisk());
  claimOwnership(ctx, owner);
  changeRiskMethod(ctx, owner, { method: custom4x4 });
  risk(4, 4, [2, 1]);
  risk(4, 4, [2, 1]);
  risk(1, 2);
});
afterEach(() => closeDatabase(db));

/** Width and height from a PNG's IHDR chunk. */
const pngSize = (b: Buffer) => ({ width: b.readUInt32BE(16), height: b.readUInt32BE(20) });

describe('heat map picture', () => {
  it('draws every cell in its level colour with the counts, inherent and residual', () => {
    const { method, version } = currentMethod(ctx);
    const svg = heatMapSvg(method, heatMapCounts(listRiskViews(ctx), version));
    // 16 cells in each of the two grids, each filled with the custom grid's own colour.
    const fills = [
      ...svg.matchAll(/<rect x="\d+" y="\d+" width="64" height="64" fill="(#[0-9A-F]{6})"/g),
    ].map((m) => m[1]);
    const expected = [...method.likelihood]
      .reverse()
      .flatMap((l) =>
        method.impact.map(
          (i) => method.levels.find((v) => v.id === method.grid[l.value - 1]?.[i.value - 1])?.colour,
        ),
      );
    expect(fills).toEqual([...expected, ...expected]);
    const counts = [...svg.matchAll(/font-size="22"[^>]*>(\d*)</g)].map((m) => m[1]);
    // Inherent: row L4 × I4 holds 2 (last cell of the first row); L1 × I2 holds 1.
    expect(counts.slice(0, 16)).toEqual(['', '', '', '2', '', '', '', '', '', '', '', '', '', '1', '', '']);
    // Residual: L2 × I1 holds the two treated risks; the untreated one has no residual.
    expect(counts.slice(16)).toEqual(['', '', '', '', '', '', '', '', '2', '', '', '', '', '', '', '']);
  });

  it('is embedded as a PNG on the heat map sheet of the XLSX, beside the coloured cells', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await exportRegister(ctx, 'risks', 'xlsx')).body as never);
    const sheet = wb.getWorksheet('Heat map');
    const images = sheet?.getImages() ?? [];
    expect(images).toHaveLength(1);
    const media = wb.getImage(Number(images[0]?.imageId));
    expect(media.extension).toBe('png');
    const png = Buffer.from(media.buffer as ArrayBuffer);
    expect(png.subarray(1, 4).toString()).toBe('PNG');
    expect(pngSize(png).width).toBeGreaterThan(800);
    // The coloured-cell heat map is still there: the top-right inherent cell counts the two risks.
    expect(sheet?.getCell(3, 5).value).toBe(2);
    expect(images[0]?.range.tl.nativeCol).toBe(custom4x4.impact.length + 2);
  });
});
