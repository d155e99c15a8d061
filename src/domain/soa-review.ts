/**
 * The SoA review (6.1.3 d) as pages of a form: which controls a page holds, the fields each control
 * gets, and the SoA rows its answers make. Pure (no store): the review machine in flows/soa.ts uses it.
 */
import type { ControlTheme } from './catalog.ts';
import type { FieldSpec, FormValues } from './flow-meta.ts';

/** A control the review asks about, with what the person needs to decide at hand. */
export interface ReviewItem {
  readonly ref: string;
  readonly title: string;
  readonly theme: ControlTheme;
  /** The knowledge base's one-line summary of the control (our own words). */
  readonly summary: string;
  /** Open risks whose treatment picks it (linked automatically). */
  readonly risks: readonly string[];
  /** Why it is asked again: undecided, or what is wrong with its row. */
  readonly problem: string;
}

/** One page's answers for one control, as the SoA stores them. */
export interface ReviewEntry {
  readonly controlId: string;
  readonly applicable: boolean;
  readonly reasons: string[];
  readonly justification: string | null;
  readonly status: string | null;
  readonly ownerId: string | null;
  readonly evidenceRef: string | null;
}

export const THEME_ORDER: readonly ControlTheme[] = ['organizational', 'people', 'physical', 'technological'];
export const THEME_TITLES: Record<ControlTheme, string> = {
  organizational: 'A.5 Organizational',
  people: 'A.6 People',
  physical: 'A.7 Physical',
  technological: 'A.8 Technological',
};

/** Six input blocks a control: ten controls are 60 of a modal's 100 blocks. */
export const PAGE_SIZE = 10;
export const FIELDS_PER_CONTROL = 6;

/** The controls on the page starting at `pos`: one theme at a time, at most PAGE_SIZE. */
export function pageAt(queue: readonly ReviewItem[], pos: number): ReviewItem[] {
  const first = queue[pos];
  if (!first) return [];
  const page: ReviewItem[] = [];
  for (let i = pos; i < queue.length && page.length < PAGE_SIZE; i++) {
    const item = queue[i] as ReviewItem;
    if (item.theme !== first.theme) break;
    page.push(item);
  }
  return page;
}

/** Theme by theme, in Annex A order within each (the order the catalogue gives). */
export function orderQueue(items: readonly ReviewItem[]): ReviewItem[] {
  return THEME_ORDER.flatMap((t) => items.filter((i) => i.theme === t));
}

const field = (ref: string, name: string) => `${ref}:${name}`;

export function pageFields(page: readonly ReviewItem[]): FieldSpec[] {
  return page.flatMap((c): FieldSpec[] => [
    {
      id: field(c.ref, 'applicable'),
      type: 'select',
      label: `${c.ref} ${c.title}`,
      hint: `${c.summary} ${
        c.risks.length
          ? `Linked risks: ${c.risks.join(', ')} (they justify including it).`
          : 'No risk links it: give a legal, contractual or business reason to include it.'
      }${c.problem === 'not decided' ? '' : ` Asked again: ${c.problem}.`}`,
      required: true,
      options: [
        { value: 'yes', label: 'Applicable' },
        { value: 'no', label: 'Not applicable (excluded)' },
      ],
    },
    {
      id: field(c.ref, 'reasons'),
      type: 'multiselect',
      label: `${c.ref}: reason to include it`,
      hint: 'Besides linked risks: a law, a contract or a business need',
      required: false,
      options: [
        { value: 'legal', label: 'Legal or regulatory' },
        { value: 'contractual', label: 'Contractual' },
        { value: 'business', label: 'Business' },
      ],
    },
    {
      id: field(c.ref, 'justification'),
      type: 'longtext',
      label: `${c.ref}: justification`,
      hint: 'Which law, contract or need; or why it is excluded (required for an exclusion)',
      required: false,
      maxLength: 1000,
      example: 'Customer contracts require it.',
    },
    {
      id: field(c.ref, 'status'),
      type: 'select',
      label: `${c.ref}: implementation status`,
      required: false,
      options: [
        { value: 'planned', label: 'Planned' },
        { value: 'partial', label: 'Partly implemented' },
        { value: 'implemented', label: 'Implemented' },
      ],
    },
    { id: field(c.ref, 'owner'), type: 'user', label: `${c.ref}: control owner`, required: false },
    {
      id: field(c.ref, 'evidence'),
      type: 'text',
      label: `${c.ref}: evidence reference`,
      hint: 'Where an auditor finds it working, e.g. a link or a document id',
      required: false,
      maxLength: 300,
    },
  ]);
}

const text = (v: FormValues[string] | undefined): string | null =>
  typeof v === 'string' && v.trim() ? v.trim() : null;

/** The SoA rows a page's (validated) answers make. */
export function pageEntries(page: readonly ReviewItem[], values: FormValues): ReviewEntry[] {
  return page.map((c) => {
    const reasons = values[field(c.ref, 'reasons')];
    return {
      controlId: c.ref,
      applicable: values[field(c.ref, 'applicable')] === 'yes',
      reasons: Array.isArray(reasons) ? reasons : [],
      justification: text(values[field(c.ref, 'justification')]),
      status: text(values[field(c.ref, 'status')]),
      ownerId: text(values[field(c.ref, 'owner')]),
      evidenceRef: text(values[field(c.ref, 'evidence')]),
    };
  });
}

/** The page field for an SoA row's field (for a field error in the modal). */
export function fieldFor(controlId: string, rowField: string): string {
  const names: Record<string, string> = {
    ownerId: 'owner',
    evidenceRef: 'evidence',
    controlId: 'applicable',
  };
  return field(controlId, names[rowField] ?? rowField);
}

/** Where the review stands, for the step's message: the theme, the page, what is left. */
export function pageProgress(page: readonly ReviewItem[], queue: readonly ReviewItem[], pos: number): string {
  const first = page[0];
  if (!first) return '';
  const inTheme = queue.filter((q) => q.theme === first.theme);
  const at = inTheme.indexOf(first);
  return `${THEME_TITLES[first.theme]}: controls ${at + 1}–${at + page.length} of ${inTheme.length} to decide in this theme; ${queue.length - pos} left in all.`;
}

/** The page's controls with their one-line summaries (catalogue facts, nothing from the register). */
export const pageList = (page: readonly ReviewItem[]): string[] =>
  page.map((c) => `${c.ref} ${c.title}: ${c.summary}`);
