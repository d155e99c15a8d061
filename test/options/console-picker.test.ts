/**
 * A searched select in the terminal: the console asks for a search term, numbers the matches (from
 * the same options request Slack's external select makes), and takes a number or another search.
 */
import { describe, expect, it } from 'vitest';
import { createFormOptions } from '../../src/bot/form-options.ts';
import { formModal, readFormValues } from '../../src/bot/views/step.ts';
import { askModal, CANCELLED, type LineSource } from '../../src/console/modal.ts';
import type { FieldSpec } from '../../src/domain/flow-meta.ts';
import { openDatabase } from '../../src/store/db.ts';
import { tempDbPath } from '../helpers/app-process.ts';

const clock = { now: () => new Date('2026-11-24T09:00:00Z') };
const forms = createFormOptions({ db: openDatabase(tempDbPath()), clock });
const req = { teamId: 'T1', userId: 'UCONSOLE', channelId: 'DCONSOLE' };

function terminal(lines: string[]): LineSource & { out: string[] } {
  const out: string[] = [];
  return {
    out,
    next: async () => lines.shift(),
    print: (t) => out.push(t),
    search: async (actionId, query) => (await forms.options?.(req, { actionId, query })) ?? [],
  };
}

const modal = (fields: FieldSpec[]) =>
  formModal(
    { title: 'Treatment', fields: forms.resolve('T1', fields) },
    { channel: 'DCONSOLE', instanceId: 'i', step: 's', event: 'e' },
    {},
  );
const control: FieldSpec = {
  id: 'control',
  type: 'select',
  label: 'Control',
  required: true,
  source: 'controls',
};

describe('the console search-term picker', () => {
  it('numbers the matches of a search and takes the number typed', async () => {
    const io = terminal(['backup', '1', 'yes']); // answers confirmed before submitting
    const values = await askModal(modal([control]), io);
    expect(values).not.toBe(CANCELLED);
    if (values === CANCELLED) return;
    const printed = io.out.join('\n');
    expect(printed).toMatch(/Control\n {2}Type a search term/);
    expect(printed).toMatch(/^ {2}1\. A\.8\.13 Information backup$/m);
    expect(printed).toContain('Picked: A.8.13 Information backup');
    expect(readFormValues([control], values)).toEqual({ control: 'A.8.13' });
  });

  it('searches again on no match or a number not shown, and finds by id', async () => {
    const io = terminal(['zzqx', '7', 'A.8.2', '5', 'yes']);
    const values = await askModal(modal([control]), io);
    if (values === CANCELLED) throw new Error('cancelled');
    const printed = io.out.join('\n');
    expect(printed).toContain('Nothing matches "zzqx": try other words.');
    expect(printed).toMatch(/^ {2}1\. A\.8\.2 Privileged access rights$/m);
    // "5" after the A.8.2 search is the fifth match: A.8.2, A.8.20, A.8.21, A.8.22, A.8.23.
    expect(readFormValues([control], values)).toEqual({ control: 'A.8.23' });
  });

  it('picks several by numbers for a multi-select, and leaves an optional one empty', async () => {
    const fields: FieldSpec[] = [
      { ...control, id: 'controls', type: 'multiselect', label: 'Controls' },
      { ...control, id: 'extra', required: false, label: 'Another control' },
    ];
    const io = terminal(['crypto', 'A.8.1', '1, 2', '', 'yes']);
    const values = await askModal(modal(fields), io);
    if (values === CANCELLED) throw new Error('cancelled');
    expect(readFormValues(fields, values)).toEqual({ controls: ['A.8.1', 'A.8.10'], extra: null });
  });

  it('closes the form on "cancel"', async () => {
    expect(await askModal(modal([control]), terminal(['backup', 'cancel']))).toBe(CANCELLED);
  });
});
