// PostgreSQL tuning from the instance size (the production-checklist reference platform asks for DB tuning). A pure function, so the numbers
// are reviewed in a unit test rather than discovered in production. Rules of thumb (PGTune's "web"
// profile): shared_buffers 25% of memory, effective_cache_size 75%, work_mem what is left after
// shared_buffers spread over three sorts per connection, maintenance_work_mem 1/16 of memory (≤ 2 GB).

export type DatabaseSize = "small" | "medium" | "large";

interface SizeProfile {
    readonly cpu: string;
    readonly memoryMi: number;
    readonly maxConnections: number;
    /** max_wal_size before the WAL volume caps it. */
    readonly maxWalMi: number;
}

export const sizeProfiles: Readonly<Record<DatabaseSize, SizeProfile>> = {
    small: { cpu: "1", memoryMi: 2048, maxConnections: 100, maxWalMi: 1024 },
    medium: { cpu: "2", memoryMi: 8192, maxConnections: 200, maxWalMi: 4096 },
    large: { cpu: "4", memoryMi: 16384, maxConnections: 400, maxWalMi: 8192 },
};

export interface PostgresTuning {
    /** Kubernetes resources: memory requests = limits (no OOM surprises), CPU requested, not limited. */
    readonly resources: { requests: { cpu: string; memory: string }; limits: { memory: string } };
    /** postgresql.parameters; every value a string, as the CNPG CRD wants. */
    readonly parameters: Readonly<Record<string, string>>;
}

/** "10Gi" → 10240; "512Mi" → 512; "1Ti" → 1048576. */
export function toMebibytes(size: string): number {
    const match = /^(\d+)(Mi|Gi|Ti)$/.exec(size);
    if (!match) throw new Error(`internal: unexpected storage size "${size}"`);
    const factor = { Mi: 1, Gi: 1024, Ti: 1024 * 1024 }[match[2] as "Mi" | "Gi" | "Ti"];
    return Number(match[1]) * factor;
}

const mb = (n: number) => `${Math.floor(n)}MB`;

/**
 * Resources and parameters for a size. `walStorageMi` caps max_wal_size at half the WAL volume, so a burst
 * of writes while archiving lags cannot fill it.
 */
export function postgresTuning(size: DatabaseSize, walStorageMi?: number): PostgresTuning {
    const p = sizeProfiles[size];
    const sharedBuffers = p.memoryMi / 4;
    const effectiveCache = (p.memoryMi * 3) / 4;
    const workMem = Math.max(4, Math.floor((p.memoryMi - sharedBuffers) / (p.maxConnections * 3)));
    const maintenanceWorkMem = Math.min(2048, p.memoryMi / 16);
    const maxWal = walStorageMi ? Math.min(p.maxWalMi, Math.floor(walStorageMi / 2)) : p.maxWalMi;
    const minWal = Math.max(80, Math.floor(maxWal / 4));
    return {
        resources: { requests: { cpu: p.cpu, memory: `${p.memoryMi}Mi` }, limits: { memory: `${p.memoryMi}Mi` } },
        parameters: {
            max_connections: String(p.maxConnections),
            shared_buffers: mb(sharedBuffers),
            effective_cache_size: mb(effectiveCache),
            work_mem: mb(workMem),
            maintenance_work_mem: mb(maintenanceWorkMem),
            wal_buffers: "16MB",
            min_wal_size: mb(minWal),
            max_wal_size: mb(maxWal),
            checkpoint_completion_target: "0.9",
            wal_compression: "on",
            // Network block storage (EBS, Cinder, Ceph RBD) behaves like SSDs.
            random_page_cost: "1.1",
            effective_io_concurrency: "200",
        },
    };
}
