/** Minutes as Markdown and PDF: the PDF read back with pdfjs (text, special characters, pages, DRAFT). */
import { describe, expect, it } from 'vitest';
import { type MinutesDoc, minutesMarkdown, minutesPdf } from '../../src/exports/minutes.ts';

const INPUTS: [string, string, string][] = [
  ['a', '9.3.2 a)', 'Status of actions from previous management reviews'],
  ['b', '9.3.2 b)', 'Changes in external and internal issues'],
  ['c', '9.3.2 c)', "Changes in interested parties' needs and expectations"],
  ['d1', '9.3.2 d) 1)', 'Nonconformities and corrective actions'],
  ['d2', '9.3.2 d) 2)', 'Monitoring and measurement results'],
  ['d3', '9.3.2 d) 3)', 'Audit results'],
  ['d4', '9.3.2 d) 4)', 'Fulfilment of information security objectives'],
  ['e', '9.3.2 e)', 'Feedback from interested parties'],
  ['f', '9.3.2 f)', 'Results of risk assessment and status of the risk treatment plan'],
  ['g', '9.3.2 g)', 'Opportunities for continual improvement'],
];

function doc(over: Partial<MinutesDoc> = {}, repeat = 1): MinutesDoc {
  return {
    reviewId: 'MR-2026-01',
    organisation: 'Müller & Söhne GmbH',
    date: '2026-11-30',
    chair: 'Jürgen Groß',
    participants: ['Jürgen Groß', 'Dana Ø. Lind', 'Ada — ops'],
    inputs: INPUTS.map(([key, clause, title]) => ({
      key,
      clause,
      title,
      prefilled: `**Risks:** 12 open, 3 at level ≥ high.\n- R-001 accepted until 2027-06-01\n${'Treatment actions are tracked in the register and reviewed every week. '.repeat(repeat)}`,
      confirmedBy: 'Dana Ø. Lind',
      discussion: 'Agreed — no change needed.',
    })),
    decisions: [
      { kind: 'improvement', text: 'Run a phishing drill each quarter' },
      { kind: 'change', text: 'Add the new data centre to the scope' },
    ],
    actions: [
      { id: 'MR-2026-01-A1', text: 'Book the phishing drill', owner: 'Dana Ø. Lind', due: '2027-01-15' },
    ],
    summary: 'The ISMS works; risks ≥ high are treated.',
    ...over,
  };
}

async function readPdf(buf: Buffer): Promise<{ pages: string[] }> {
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const pdf = await pdfjs.getDocument({ data: new Uint8Array(buf), useSystemFonts: false }).promise;
  const pages: string[] = [];
  for (let n = 1; n <= pdf.numPages; n++) {
    const content = await (await pdf.getPage(n)).getTextContent();
    // Lines a paragraph wrapped come back as separate items: read them as one run of text.
    pages.push(
      content.items
        .map((i) => ('str' in i ? i.str : ''))
        .join(' ')
        .replace(/\s+/g, ' '),
    );
  }
  return { pages };
}

describe('management review minutes', () => {
  it('prints every input, decision and action in the PDF, with ≥ ü — and page numbers, marked DRAFT until approved', async () => {
    const { pages } = await readPdf(await minutesPdf(doc()));
    const all = pages.join('\n');
    for (const [, clause, title] of INPUTS) {
      expect(all).toContain(clause);
      expect(all).toContain(title.slice(0, 30));
    }
    expect(all).toContain('Müller & Söhne GmbH');
    expect(all).toContain('≥ high');
    expect(all).toContain('Agreed — no change needed.');
    expect(all).toContain('Book the phishing drill');
    expect(all).toContain('Continual improvement: Run a phishing drill each quarter');
    expect(all).toContain('DRAFT');
    pages.forEach((p, n) => {
      expect(p).toContain(`Page ${n + 1} of ${pages.length}`);
      expect(p).toContain('DRAFT');
    });
    // The pre-filled text's light markup is printed as text, not as asterisks.
    expect(all).not.toContain('**Risks:**');
  });

  it('numbers every page of long minutes, and approved minutes carry no DRAFT', async () => {
    const approved = doc({ approvedAt: '2026-12-01T10:00:00Z', approvedBy: 'Jürgen Groß' }, 40);
    const { pages } = await readPdf(await minutesPdf(approved));
    expect(pages.length).toBeGreaterThanOrEqual(5);
    pages.forEach((p, n) => {
      expect(p).toContain(`MR-2026-01 · Page ${n + 1} of ${pages.length}`);
    });
    expect(pages.join('\n')).not.toContain('DRAFT');
    expect(pages[0]).toContain('Approved: 2026-12-01T10:00:00Z by Jürgen Groß');
  });

  it('renders approved minutes to the same bytes every time, so each copy has the SHA-256 in evidence', async () => {
    const approved = doc({ approvedAt: '2026-12-01T10:00:00Z', approvedBy: 'Jürgen Groß' });
    const first = await minutesPdf(approved);
    await new Promise((r) => setTimeout(r, 5)); // another moment: the creation date must not move
    expect((await minutesPdf(approved)).equals(first)).toBe(true);
  });

  it('writes Markdown with untrusted text escaped, so nothing in it becomes markup', () => {
    const md = minutesMarkdown(
      doc({
        inputs: [
          {
            key: 'a',
            clause: '9.3.2 a)',
            title: 'Status of actions',
            prefilled:
              '# not a heading\n- not a list\n<script>alert(1)</script> [link](https://evil.example) *x* | y',
          },
        ],
        actions: [{ id: 'A1', text: 'Fix | the table', owner: 'Bob_the_admin', due: '2027-01-15' }],
      }),
    );
    expect(md).toContain('# Management review MR-2026-01 — Müller &amp; Söhne GmbH');
    expect(md).toContain('**DRAFT: not approved yet**');
    expect(md).toContain('\\# not a heading');
    expect(md).toContain('\\- not a list');
    expect(md).toContain(
      '&lt;script&gt;alert(1)&lt;/script&gt; \\[link\\](https://evil.example) \\*x\\* \\| y',
    );
    expect(md).not.toContain('<script>');
    expect(md).toContain('| A1 | Fix \\| the table | Bob\\_the\\_admin | 2027-01-15 |');
    expect(md).toContain('- **Change to the ISMS:** Add the new data centre to the scope');
    expect(minutesMarkdown(doc({ approvedAt: '2026-12-01T10:00:00Z', approvedBy: 'Jürgen' }))).not.toContain(
      'DRAFT',
    );
  });
});
