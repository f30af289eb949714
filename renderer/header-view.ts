/** The header: file, state badge, window average against the threshold, hits since start. */
import type { TrafficState } from '../main/common/types';
import { byId, setText } from './dom';
import { windowAverage } from './figures';
import { formatCount, formatRate } from './format';
import type { Model } from './model';

const LABELS: Record<TrafficState, string> = {
  idle: 'Idle',
  waiting: 'Waiting for file',
  error: 'Cannot read file',
  normal: 'Normal',
  elevated: 'Elevated',
  alert: 'High traffic alert',
};

export function createHeaderView() {
  const file = byId('file');
  const badge = byId('badge');
  const badgeText = badge.querySelector<HTMLElement>('.badge-text')!;
  const avg = byId('avg');
  const threshold = byId('threshold');
  const hits = byId('hits');
  return {
    render(model: Model) {
      const s = model.snap;
      const path = s.file.path || 'No log file chosen';
      setText(file, path);
      file.title = path;
      const state = s.paused ? 'idle' : s.state;
      if (badge.dataset.state !== state) badge.dataset.state = state;
      setText(badgeText, s.paused ? 'Paused' : LABELS[state]);
      setText(avg, formatRate(windowAverage(s)));
      setText(threshold, formatRate(s.threshold));
      setText(hits, formatCount(model.hitsSinceStart()));
      document.title = state === 'alert' ? '⚠ HTTP Console: alert' : 'HTTP Console';
    },
  };
}
