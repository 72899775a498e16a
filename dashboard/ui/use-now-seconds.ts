/** The wall clock in epoch seconds, ticking each second while `running`: uptimes go on between events. */
import { useEffect, useState } from 'preact/hooks';

export function useNowSeconds(running = true): number {
  const [now, setNow] = useState(() => Date.now() / 1000);
  useEffect(() => {
    if (!running) return undefined;
    setNow(Date.now() / 1000);
    const timer = setInterval(() => setNow(Date.now() / 1000), 1000);
    return () => clearInterval(timer);
  }, [running]);
  return now;
}
