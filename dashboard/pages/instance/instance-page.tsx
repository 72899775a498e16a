import type { PageProps } from '../../app.js';

export function InstancePage(props: PageProps) {
  return <section class="placeholder">{props.route.page}</section>;
}
