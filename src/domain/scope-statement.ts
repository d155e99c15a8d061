/**
 * The ISMS scope statement (4.3) drafted from the scoping answers, and the change against the
 * current approved version. Pure: flows/ may import it.
 */
import { diffLines } from 'diff';
import type { FormValue } from './flow-meta.ts';

const list = (v: FormValue | undefined): string[] => (Array.isArray(v) ? v : v ? [String(v)] : []);
const join = (items: string[]) =>
  items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;

/** A plain, complete scope statement from the answers: used offline and when the model fails. */
export function templateStatement(answers: Readonly<Record<string, FormValue>>): string {
  const org = String(answers.organisation ?? 'The organisation');
  const parts = [
    `The information security management system of ${org} covers ${join(list(answers.units)) || 'the whole organisation'}` +
      `${list(answers.locations).length ? `, operating from ${join(list(answers.locations))}` : ''}.`,
  ];
  if (list(answers.systems).length)
    parts.push(`In scope are the networks and systems ${join(list(answers.systems))}.`);
  if (list(answers.information).length) parts.push(`It protects ${join(list(answers.information))}.`);
  if (list(answers.addressed).length)
    parts.push(`It addresses these requirements of interested parties: ${join(list(answers.addressed))}.`);
  if (list(answers.interfaces).length)
    parts.push(
      `Interfaces and dependencies with activities outside the scope: ${join(list(answers.interfaces))}.`,
    );
  parts.push(
    list(answers.exclusions).length
      ? `Excluded, with justification: ${list(answers.exclusions).join('; ')}.`
      : 'Nothing within these boundaries is excluded.',
  );
  return parts.join(' ');
}

/** Line diff of two statements as `+ added` / `- removed` lines; empty when nothing changed. */
export function diffStatements(before: string, after: string): string {
  const split = (s: string) => `${s.replace(/\. /g, '.\n').trim()}\n`;
  return diffLines(split(before), split(after))
    .filter((c) => c.added || c.removed)
    .flatMap((c) =>
      c.value
        .trimEnd()
        .split('\n')
        .map((l) => `${c.added ? '+' : '-'} ${l}`),
    )
    .join('\n');
}
