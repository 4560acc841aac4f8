import { join } from 'node:path';
import { readReport } from '../report/read.js';
import { shareFinding, type ShareOptions, type SharedFinding } from './finding.js';
import { SDO_NAMESPACE, uuidV5 } from './ids.js';
import { EXTENSION_ID } from './kinds.js';
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

/**
 * True when `doc` is a document `share` wrote: a STIX bundle holding distill-audit's
 * extension-definition (its fixed id), or a MISP event whose organisation uuid is the one share
 * derives from the organisation's name. `share --out FILE --force` replaces only such a file.
 */
export function isShareOutput(doc: unknown): boolean {
  if (typeof doc !== 'object' || doc === null) return false;
  const d = doc as { type?: unknown; objects?: unknown; Event?: { Orgc?: { name?: unknown; uuid?: unknown } } };
  if (d.type === 'bundle' && Array.isArray(d.objects)) {
    return d.objects.some(
      (o) =>
        typeof o === 'object' &&
        o !== null &&
        (o as { type?: unknown }).type === 'extension-definition' &&
        (o as { id?: unknown }).id === EXTENSION_ID,
    );
  }
  const org = d.Event?.Orgc;
  return typeof org?.name === 'string' && org.uuid === uuidV5(SDO_NAMESPACE, `misp-org:${org.name}`);
}
