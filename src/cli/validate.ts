/**
 * `npm run validate`: runs every physics validation case (src/sim/validation/cases.ts) and prints a
 * table of case, expected, simulated, error and tolerance, one row per measured quantity, then the
 * notes (which scenes came from a fallback spec rather than the prompt, and why). The exit code is 1
 * when any row fails. `--markdown` prints the table as Markdown; `--json` prints the rows as JSON.
 * The fluid rows (sim/validation/fluids.ts: volume, flat surface, hydrostatics, buoyancy, a glass of
 * water's weight on the floor, dam break) follow the rigid-body rows; `--no-fluids` leaves them out.
 */
import { loadRapier } from '../sim/rapier.ts';
import { runValidation } from '../sim/validation/cases.ts';
import { formatRows } from '../sim/validation/table.ts';
import { runFluidValidation } from '../sim/validation/fluids.ts';

const args = process.argv.slice(2);
const rapier = await loadRapier();
const rows = [...runValidation(rapier), ...(args.includes('--no-fluids') ? [] : runFluidValidation(rapier))];
if (args.includes('--json')) {
  console.log(JSON.stringify(rows, null, 2));
} else {
  console.log(formatRows(rows, args.includes('--markdown')));
  const notes = rows.filter((r) => r.note).map((r) => `  ${r.group} (${r.quantity}): ${r.note}`);
  if (notes.length) console.log(`\nNotes (* = the prompt did not parse into the needed scene; a spec built in cases.ts stood in):\n${[...new Set(notes)].join('\n')}`);
  const failed = rows.filter((r) => !r.pass).length;
  console.log(`\n${rows.length - failed} of ${rows.length} checks pass.`);
}
process.exitCode = rows.every((r) => r.pass) ? 0 : 1;
