#!/usr/bin/env node
// The built CLI lives in dist/ (npm run build); this shim keeps `lungts` on PATH via package.json "bin".
import('../dist/cli.js');
