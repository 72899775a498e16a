/** A tiny inline SVG of the last depths of an actor; no chart library for 200 of these. */
import { HISTORY_SAMPLES, sparkPoints } from './actors-view.js';

const WIDTH = 80;
const HEIGHT = 18;

export function Sparkline(props: { readonly values: readonly number[] }) {
  const { values } = props;
  const top = Math.max(0, ...values);
  return (
    <svg class="sparkline" width={WIDTH} height={HEIGHT} viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-label={`depth over the last ${values.length} samples, at most ${top}`}>
      <title>{`depth over the last ${values.length} of ${HISTORY_SAMPLES} samples, at most ${top}`}</title>
      {values.length > 0 && <polyline points={sparkPoints(values, WIDTH, HEIGHT - 1)} />}
    </svg>
  );
}
