import { join } from 'node:path';
import { readReport } from '../report/read.js';
import { shareFinding, type ShareOptions, type SharedFinding } from './finding.js';
import { mispEvent } from './misp.js';
import { OBSERVABLES_FILE, readObservables } from './observables.js';
import { stixBundle } from './stix.js';

/** `distill-audit share REPORT_DIR`: the finding of a report directory as a STIX bundle or MISP event (JSON text). */
export function shareReport(dir: string, options: ShareOptions): { text: string; finding: SharedFinding } {
  const report = readReport(join(dir, 'report.json'));
  const observables = readObservables(join(dir, OBSERVABLES_FILE));
  const finding = shareFinding(report, observables, options);
  const doc = options.format === 'stix' ? stixBundle(finding, options) : mispEvent(finding, options);
  return { text: JSON.stringify(doc, null, 2) + '\n', finding };
}
