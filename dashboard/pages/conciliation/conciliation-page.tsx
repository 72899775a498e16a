import type { PageProps } from '../../app.js';

export function ConciliationPage(props: PageProps) {
  return <section class="placeholder">{props.route.page}</section>;
}
