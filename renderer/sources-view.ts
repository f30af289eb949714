/** The Sources panel (several sources) and the Instances panel (a fleet), drawn from a snapshot. */
import type { Snapshot, Stats } from '../main/common/types';
import { drawBars } from './bars';
import { byId, setText } from './dom';
import { instanceRows, instancesSummary, showsSources, sourceRows } from './sources-panels';

export function createSourcesView() {
  const sourcesCard = byId('sources-card');
  const sources = byId('sources');
  const instancesCard = byId('instances-card');
  const instances = byId('instances');
  const summary = byId('instances-summary');

  return {
    /** Draw both panels for `snap`, with the sources' hits of the span shown (`stats`). */
    render(snap: Snapshot, stats: Stats, spanLabel: string) {
      const inputs = snap.inputs ?? [];
      sourcesCard.hidden = !showsSources(inputs, stats.sources, snap.instances);
      if (!sourcesCard.hidden)
        drawBars(
          sources,
          sourceRows(inputs, stats.sources ?? [], stats.hits),
          `No sources ${spanLabel}.`,
        );
      instancesCard.hidden = snap.instances === undefined;
      if (snap.instances) {
        drawBars(instances, instanceRows(snap.instances), 'No instance is reporting yet.');
        setText(summary, snap.instances.length ? instancesSummary(snap.instances) : '');
      }
    },
  };
}
