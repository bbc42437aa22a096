#!/usr/bin/env node
// The installed `kubeblast` command: runs the compiled CLI (built by `npm install` via `prepare`).
import '../dist/cli/main.js';
