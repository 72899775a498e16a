import type { PageProps } from '../../app.js';

export function LogsPage(props: PageProps) {
  return <section class="placeholder">{props.route.page}</section>;
}
