// ESLint flat config. The determinism guard is the point of this file: simulation code (everything
// under src/ except the CLI, batch and report layers, which talk to the outside world) may not read
// the wall clock, ambient randomness or real timers. Same seed must give byte-identical outputs.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

const determinism = {
  'no-restricted-globals': ['error',
    { name: 'setTimeout', message: 'Simulation code must not use real timers; schedule on the Sim instead.' },
    { name: 'setInterval', message: 'Simulation code must not use real timers; schedule on the Sim instead.' },
    { name: 'setImmediate', message: 'Simulation code must not use real timers; schedule on the Sim instead.' },
    { name: 'performance', message: 'Simulation code must not read the wall clock.' },
  ],
  'no-restricted-properties': ['error',
    { object: 'Math', property: 'random', message: 'Use a named seeded stream (src/kernel/rng.ts), never Math.random.' },
    { object: 'Date', property: 'now', message: 'Simulation code must not read the wall clock; use sim.now.' },
    { object: 'performance', property: 'now', message: 'Simulation code must not read the wall clock.' },
    { object: 'process', property: 'hrtime', message: 'Simulation code must not read the wall clock.' },
    { object: 'crypto', property: 'randomUUID', message: 'Use a named seeded stream for identities.' },
  ],
  'no-restricted-syntax': ['error',
    { selector: "NewExpression[callee.name='Date']", message: 'Simulation code must not read the wall clock (new Date()).' },
    { selector: "CallExpression[callee.name='Date']", message: 'Simulation code must not read the wall clock (Date()).' },
  ],
};

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'reports/**', 'coverage/**', 'test-results/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
  { files: ['src/**/*.ts'], ignores: ['src/cli/**', 'src/batch/**', 'src/report/**'], rules: determinism },
);
