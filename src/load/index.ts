import type { Context } from '../context.js';
import { UserError } from '../errors.js';
import type { Stage } from '../pipeline.js';

/** Placeholder until the loader lands (issue 2); replaced wholesale there. */
export const loadStage: Stage = {
  name: 'load',
  async run(_ctx: Context): Promise<void> {
    throw new UserError('the loader is not built yet');
  },
};
