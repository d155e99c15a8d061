/** A level's colour as Slack text can show it: the nearest square emoji (Slack text has no colours). */
const SQUARES: readonly [string, number, number, number][] = [
  [':large_red_square:', 0xc6, 0x28, 0x28],
  [':large_orange_square:', 0xef, 0x6c, 0x00],
  [':large_yellow_square:', 0xf9, 0xa8, 0x25],
  [':large_green_square:', 0x2e, 0x7d, 0x32],
  [':large_blue_square:', 0x15, 0x65, 0xc0],
  [':large_purple_square:', 0x6a, 0x1b, 0x9a],
  [':large_brown_square:', 0x6d, 0x4c, 0x41],
  [':black_large_square:', 0x21, 0x21, 0x21],
  [':white_large_square:', 0xee, 0xee, 0xee],
];

export function colourSquare(hex: string): string {
  const n = Number.parseInt(hex.slice(1), 16);
  const [r, g, b] = [n >> 16, (n >> 8) & 255, n & 255];
  let best = SQUARES[0] as (typeof SQUARES)[number];
  let bestD = Number.POSITIVE_INFINITY;
  for (const s of SQUARES) {
    const d = (s[1] - r) ** 2 + (s[2] - g) ** 2 + (s[3] - b) ** 2;
    if (d < bestD) [best, bestD] = [s, d];
  }
  return best[0];
}
