import type { Command } from 'commander';
import type { CliContext } from '../cli-context';
import { registerSchedulerPauseCommand } from './scheduler-pause.command';
import { registerSchedulerRejitterCommand } from './scheduler-rejitter.command';
import { registerSchedulerResumeCommand } from './scheduler-resume.command';
import { registerSchedulerScanNowCommand } from './scheduler-scan-now.command';
import { registerSchedulerSetFrequencyCommand } from './scheduler-set-frequency.command';
import { registerSchedulerStatusCommand } from './scheduler-status.command';

/** `scheduler …`: watch and steer the deployment's scheduler workflow at run time. */
export function registerSchedulerCommand(program: Command, context: () => CliContext): Command {
  const scheduler = program
    .command('scheduler')
    .description('watch and control the scheduler workflow (status, set-frequency, pause, resume, scan-now, rejitter)');
  registerSchedulerStatusCommand(scheduler, context);
  registerSchedulerSetFrequencyCommand(scheduler, context);
  registerSchedulerPauseCommand(scheduler, context);
  registerSchedulerResumeCommand(scheduler, context);
  registerSchedulerScanNowCommand(scheduler, context);
  registerSchedulerRejitterCommand(scheduler, context);
  return scheduler;
}
