import { renderCommand, renderCommands } from '../incident/powershell';
import { triageTimebox } from '../incident/progress';
import { execute } from './actions';
import { truncate } from './escape';
import { andMore, byAt, severityWithReasons } from './format';
import { fieldInput } from './field-inputs';
import { tickListView } from './tick-list';
import { listLength, type ViewContext } from './view-context';
import { verbs } from './verbs';

// Triage, the first 15 minutes: checklist, timebox, severity, command starters with values filled in, and results.

export function triageView(ctx: ViewContext) {
  const { incident, runbook, clip } = ctx;
  const resultsShown = listLength(ctx, 3, 1);
  const commands = renderCommands(runbook, incident.intake).map((c, i) => {
    const retired = runbook.commands[i].retired;
    const original = retired?.rewritten ? renderCommand({ ...runbook.commands[i], template: retired.original }, runbook.intake, incident.intake).text : '';
    return {
      title: clip(c.title, 120),
      text: clip(c.text, 3000),
      // CodeBlock shows its snippet as typed (no Markdown): the raw command, cut like the fallback's text.
      code: truncate(c.text, Math.max(40, Math.floor(3000 * ctx.scale))),
      hasMissing: c.missing.length > 0,
      missing: `Fill in: ${c.missing.map((m) => clip(m.label, 80)).join(', ')}`,
      hasOriginal: original !== '',
      original: clip(original, 1500),
      hasRetiredNote: retired !== undefined,
      // One line in view; the reasons and the runbook's original command one click away ("Why").
      retiredHeadline: retired ? (retired.rewritten ? 'Replaces a retired command the runbook wrote.' : 'Uses a retired cmdlet: it may fail.') : '',
      retiredId: `retired-${i}`,
      retiredNote: clip(
        retired
          ? `${retired.rewritten ? 'The runbook wrote the retired command below; the one above is its replacement.' : 'This command uses a retired cmdlet; it may fail.'} ${retired.notes.join(' ')}`
          : '',
        900,
      ),
    };
  });
  const facts = runbook.intake.filter((f) => incident.intake[f.id]).map((f) => ({ title: clip(f.label, 80), value: clip(choiceTitle(ctx, f.id), 150) }));
  const affected = runbook.intake.find((f) => f.id === 'affectedUsers' || /affected/i.test(f.label));
  const titles = new Map(runbook.commands.map((c) => [c.id, c.title]));
  const recent = incident.commandResults.slice(-resultsShown).reverse();
  return {
    timebox: timeboxView(ctx),
    severity: severityWithReasons(clip, incident.severity),
    facts,
    hasFacts: facts.length > 0,
    // The answers stay one click away: a line of who is affected, the rest behind "Show the intake".
    factsLine:
      affected && incident.intake[affected.id]
        ? `${clip(affected.label, 80)}: ${clip(choiceTitle(ctx, affected.id), 150)}`
        : `${facts.length} intake answers recorded.`,
    factsToggle: `Show the intake (${facts.length} answers)`,
    checklist: tickListView(ctx, 'checklist', runbook.firstFifteen, incident.checklist),
    commandNote: clip(runbook.commandNote ?? '', 400),
    hasCommandNote: runbook.commandNote !== undefined,
    commands,
    hasCommands: commands.length > 0,
    results: recent.map((r) => ({
      title: clip(titles.get(r.starterId) ?? r.starterId, 120),
      by: byAt(clip, r.by, r.at),
      output: clip(r.output, 600),
    })),
    hasResults: recent.length > 0,
    moreResults: andMore(incident.commandResults.length, resultsShown),
    starters: runbook.commands.map((c) => ({ title: c.title, value: c.id })),
    firstStarter: runbook.commands[0]?.id ?? '',
    fields: runbook.intake.filter((f) => f.stage === 'triage').map((f) => fieldInput(f, incident.intake[f.id], false)),
    record: execute(incident, verbs.recordResult),
    proceed: execute(incident, verbs.continue, 'decision'),
  };
}

function timeboxView({ incident, now }: ViewContext) {
  const box = triageTimebox(incident, now);
  if (!box) return { text: 'The 15-minute timebox starts when the intake is submitted.', color: 'default' };
  if (!box.overdue) {
    return { text: `Started ${box.elapsedMinutes} min ago, ${box.remainingMinutes} min left.`, color: box.remainingMinutes <= 3 ? 'warning' : 'default' };
  }
  const over = box.elapsedMinutes - 15;
  const end = over > 0 ? `timebox over by ${over} min` : 'the timebox just ended';
  return { text: `Started ${box.elapsedMinutes} min ago, ${end}.`, color: 'attention' };
}

/** The value as a person reads it: a choice's title, yes/no, or the text itself. */
function choiceTitle({ incident, runbook }: ViewContext, fieldId: string): string {
  const field = runbook.intake.find((f) => f.id === fieldId);
  const value = incident.intake[fieldId] ?? '';
  if (field?.type === 'yes-no') return value === 'yes' ? 'Yes' : 'No';
  return field?.choices?.find((c) => c.value === value)?.title ?? value;
}
