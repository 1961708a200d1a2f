#!/usr/bin/env node
// cartwire is written in TypeScript and runs through tsx (no build step): register its loader, then
// hand over to the CLI.
import { register } from 'tsx/esm/api'

register()
const { main } = await import('../core/cli/main.ts')
process.exitCode = await main(process.argv.slice(2))
