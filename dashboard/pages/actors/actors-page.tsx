import type { PageProps } from '../../app.js';

export function ActorsPage(props: PageProps) {
  return <section class="placeholder">{props.route.page}</section>;
}
