/** The register features (assets; risks and the SoA next), wired into the bot together. */
import type { Clock } from '../domain/context.ts';
import type { Db } from '../store/db.ts';
import { createAssets } from './assets.ts';
import type { Feature } from './index.ts';

export function createRegisters(deps: { db: Db; clock: Clock }): Feature[] {
  return [createAssets(deps)];
}
