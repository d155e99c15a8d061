#!/usr/bin/env node
// The `isms` command. TypeScript sources run through tsx's in-process loader, so there is no build
// step and no second process.
import { register } from 'tsx/esm/api';

register();
await import('../src/cli.ts');
