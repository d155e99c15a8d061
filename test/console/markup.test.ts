/** Slack markup as a terminal shows it, and `@name` typed in a terminal as Slack would send it. */
import { describe, expect, it } from 'vitest';
import { terminalText, typedMentions } from '../../src/console/markup.ts';

const names = { nameOf: (id: string) => ({ UALICE: 'alice', UDANA: 'dana' })[id] };

describe('terminal text', () => {
  it('names mentions and channels, drops emphasis markers, keeps code spans', () => {
    expect(
      terminalText(
        '*Scope* approved by <@UALICE> in <#C0123|isms> and <#DCONSOLE>; `/isms flows resume sc-1_a_` _next_ ~old~',
        names,
      ),
    ).toBe('Scope approved by @alice in #isms and this conversation; `/isms flows resume sc-1_a_` next old');
    expect(terminalText('asked <@UZED|zed> and <@UNOBODY>', names)).toBe('asked @zed and @UNOBODY');
  });

  it('shows emoji for common shortcodes and nothing for the rest, but leaves times and words alone', () => {
    expect(
      terminalText(':warning: due :white_check_mark: :custom_party: at 10:30:00 in snake_case_name'),
    ).toBe('⚠️ due ✅  at 10:30:00 in snake_case_name');
    expect(terminalText('2*3*4 and 5 * 6')).toBe('2*3*4 and 5 * 6');
  });

  it('turns links, broadcasts and escapes into plain text', () => {
    expect(terminalText('<https://x.test/a|the guide> <https://y.test> <!here> &lt;b&gt; &amp;')).toBe(
      'the guide (https://x.test/a) https://y.test @here <b> &',
    );
  });
});

describe('typed mentions', () => {
  const idOf = (name: string) => (name === 'alice' ? 'UALICE' : `U${name.toUpperCase()}`);
  it('become Slack mentions; ids and e-mail addresses are left as they are', () => {
    expect(typedMentions('/isms roles add approver @alice', idOf)).toBe(
      '/isms roles add approver <@UALICE|alice>',
    );
    expect(typedMentions('@dana, @U012ABC and bob@example.com', idOf)).toBe(
      '<@UDANA|dana>, <@U012ABC> and bob@example.com',
    );
  });
});
