import type { PageProps } from '../../app.js';

export function MainPage(props: PageProps) {
  return <section class="placeholder">{props.route.page}</section>;
}
