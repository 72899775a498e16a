/**
 * A read of the API kept current: fetched when `key` changes (another instance, process or
 * period), fetched again when `trigger` changes (the store's hstats / pstats payload of what is
 * shown: a new point was compiled), never on a timer. The previous answer stays shown while
 * the next one comes (no flicker); an answer to an older key is dropped.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { failureText } from './api.js';

export interface Fetched<T> {
  readonly value: T | undefined;
  readonly error: string | undefined;
}

export function useFetched<T>(key: string, trigger: unknown, fetch: () => Promise<T>): Fetched<T> {
  const [state, setState] = useState<Fetched<T> & { readonly key: string }>({ key, value: undefined, error: undefined });
  const latest = useRef(0);
  useEffect(() => {
    const ticket = ++latest.current;
    fetch().then(
      (value) => {
        if (ticket === latest.current) setState({ key, value, error: undefined });
      },
      (thrown: unknown) => {
        if (ticket === latest.current) setState((previous) => ({ key, value: previous.key === key ? previous.value : undefined, error: failureText(thrown) }));
      },
    );
    // `fetch` is a new closure each render: the key and the trigger say when to call it again
  }, [key, trigger]);
  return state.key === key ? state : { value: undefined, error: undefined };
}
