/**
 * What the host of this node is (cores, CPU model and frequency, memory, OS), read with the
 * `systeminformation` package ONCE per node, at the first request, and cached by the stats
 * actor: some of its functions shell out (lscpu, lsb_release...), which is fine once and
 * never in the sampling loop. The package is loaded at that first request too: a node that is
 * never asked does not pay for loading it at start-up.
 */

/** The inventory as `supvisors.get_host_inventory` answers it, less the identifier. */
export interface HostInventory {
  readonly hostname: string;
  readonly cpu_model: string;
  readonly physical_cores: number;
  readonly logical_cores: number;
  /** MHz; 0 when the host does not tell. */
  readonly cpu_frequency: number;
  /** Bytes. */
  readonly memory_total: number;
  readonly os_platform: string;
  readonly os_distro: string;
  readonly os_release: string;
  readonly os_kernel: string;
  readonly arch: string;
}

const GHZ_TO_MHZ = 1000;

export async function readHostInventory(): Promise<HostInventory> {
  const { cpu, cpuCurrentSpeed, mem, osInfo } = await import('systeminformation');
  const [processor, speed, memory, os] = await Promise.all([cpu(), cpuCurrentSpeed(), mem(), osInfo()]);
  // the current average speed, else the nominal one
  const ghz = speed.avg > 0 ? speed.avg : processor.speed;
  return {
    hostname: os.hostname,
    cpu_model: [processor.manufacturer, processor.brand].filter((part) => part !== '').join(' '),
    physical_cores: processor.physicalCores,
    logical_cores: processor.cores,
    cpu_frequency: Math.round(ghz * GHZ_TO_MHZ),
    memory_total: memory.total,
    os_platform: os.platform,
    os_distro: os.distro,
    os_release: os.release,
    os_kernel: os.kernel,
    arch: os.arch,
  };
}
