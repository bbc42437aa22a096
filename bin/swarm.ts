/** `npm run swarm -- --seeds A..B [--keep DIR]`: the invariant swarm (src/check/swarm-cli.ts). */
import { swarmMain } from '../src/check/swarm-cli.js';

process.exitCode = swarmMain(process.argv.slice(2), (l) => process.stdout.write(`${l}\n`), (l) => process.stderr.write(`${l}\n`));
