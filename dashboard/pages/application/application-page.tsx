import type { PageProps } from '../../app.js';

export function ApplicationPage(props: PageProps) {
  return <section class="placeholder">{props.route.page}</section>;
}
