/** The `figures` task kind: one (scenario, seed) run, returning its figures (figures.ts). */
import { registerTask } from './tasks.js';
import { runFigures, type FigureOptions, type RunFigures } from './figures.js';

/** Arguments of a `figures` task. */
export interface FiguresArgs extends FigureOptions {
  seed: number;
}

registerTask<FiguresArgs, RunFigures>('figures', ({ scenario, args }) => runFigures(scenario, args.seed, args));
