#!/usr/bin/env node
'use strict';
// `npx govuk-notify-simulator [--port 6011] [--json] ...`: the local GOV.UK Notify API simulator,
// from the native addon, so a Node team can run it without a Rust toolchain. `--help` lists the
// flags. Runs until Ctrl-C (SIGINT) or SIGTERM.
require('../index.js'); // loads the addon, with a clear error when this platform has none
process.exitCode = require('../native.js').runSimulator(process.argv.slice(2));
