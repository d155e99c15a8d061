/** `npm run bench`: every benchmark, printed as figures (targets in the README). */
import { runAgentBench } from './agent.ts';
import { runAppBench } from './app.ts';
import { runHomeBench } from './home.ts';
import { runOptionsBench } from './options.ts';
import { runRegistersBench } from './registers.ts';
import { runRemindersBench } from './reminders.ts';
import { runRetrievalBench } from './retrieval.ts';
import { runSchedulerBench } from './scheduler.ts';
import { runWorkflowBench } from './workflows.ts';

const only = process.argv[2];
if (!only || only === 'retrieval') await runRetrievalBench(process.argv.slice(3));
if (!only || only === 'agent') await runAgentBench();
if (!only || only === 'workflows') await runWorkflowBench();
if (!only || only === 'app') await runAppBench();
if (!only || only === 'options') await runOptionsBench();
if (!only || only === 'registers') await runRegistersBench();
if (!only || only === 'scheduler') await runSchedulerBench();
if (!only || only === 'home') await runHomeBench();
if (!only || only === 'reminders') await runRemindersBench();
