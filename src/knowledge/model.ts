/** Prompt templates in prompts/ are files with named `{placeholders}` (STYLE.md). */

/** Fill `{name}` placeholders; unknown placeholders stay visible so a broken template is noticed. */
export function fillTemplate(template: string, values: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (m, k: string) => values[k] ?? m);
}
