/**
 * A component rendered again only when one of its props changed, by identity: the instance
 * cards, the placement rows and the actors table, whose props the page keeps identical while their data does not
 * change (maps replaced, never mutated: model/cluster-view.ts), so that an event on one instance
 * renders one card, not ten.
 */
import { Component } from 'preact';

export function sameProps(previous: object, next: object): boolean {
  const before = previous as Readonly<Record<string, unknown>>;
  const after = next as Readonly<Record<string, unknown>>;
  const keys = Object.keys(after);
  return keys.length === Object.keys(before).length && keys.every((key) => before[key] === after[key]);
}

export abstract class PureComponent<P extends object> extends Component<P> {
  override shouldComponentUpdate(next: P): boolean {
    return !sameProps(this.props, next);
  }
}
