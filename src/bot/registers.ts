/** The register features (assets, the risk register, the SoA), wired into the bot together. */
import type { Clock } from '../domain/context.ts';
import type { Db } from '../store/db.ts';
import { createAssets } from './assets.ts';
import type { Feature } from './index.ts';
import { createRiskMethod } from './risk-method.ts';
import { createRiskViews } from './risks.ts';

export function createRegisters(deps: { db: Db; clock: Clock }): Feature[] {
  return [createAssets(deps), createRiskViews(deps), createRiskMethod(deps)];
}
