/**
 * The validation table as text: aligned columns for the terminal, or Markdown for notes. Pure
 * formatting of ValidationRow[] (cases.ts); the runner is src/cli/validate.ts (`npm run validate`).
 */
import type { ValidationRow } from './cases.ts';

function fmt(x: number): string {
  if (!Number.isFinite(x)) return '—';
  const a = Math.abs(x);
  return a !== 0 && (a < 1e-3 || a >= 1e5) ? x.toExponential(3) : x.toPrecision(5);
}

export function formatRows(rows: readonly ValidationRow[], markdown: boolean): string {
  const header = ['case', 'quantity', 'expected', 'simulated', 'error', 'tolerance', 'pass', 'scene from'];
  const body = rows.map((r) => [
    r.group,
    r.quantity,
    `${fmt(r.expected)} ${r.unit}`.trim(),
    `${fmt(r.simulated)} ${r.unit}`.trim(),
    r.errorPct === null ? `${fmt(Math.abs(r.simulated - r.expected))} ${r.unit} abs`.trim() : `${r.errorPct.toFixed(3)}%`,
    r.errorPct === null ? `${r.tolerance} ${r.unit} abs`.trim() : `${r.tolerance}%`,
    r.pass ? 'yes' : 'NO',
    r.source === 'prompt' ? 'prompt' : 'direct spec*',
  ]);
  if (markdown) {
    return [header, header.map(() => '---'), ...body].map((cells) => `| ${cells.join(' | ')} |`).join('\n');
  }
  const widths = header.map((h, c) => Math.max(h.length, ...body.map((cells) => cells[c].length)));
  const line = (cells: string[]) => cells.map((cell, c) => cell.padEnd(widths[c])).join('  ');
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...body.map(line)].join('\n');
}
