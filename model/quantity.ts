import { z } from "zod";

// Kubernetes resource quantities in tenant config: validated where they are written (a typo such as
// "2GB" would otherwise surface only when the API server rejects the ResourceQuota mid-deploy) and
// parsed for cross-checks such as "a default request must not exceed the default limit".

const cpuPattern = /^(\d+(\.\d+)?|\d+m)$/;
const memoryPattern = /^\d+(\.\d+)?(Ki|Mi|Gi|Ti|Pi|k|M|G|T|P)?$/;

/** CPU: "500m", "2", "0.5". Numbers written unquoted in YAML are accepted too. */
export const cpuQuantity = z.coerce.string().regex(cpuPattern, { error: 'expected a CPU quantity such as "500m" or "2"' });

/** Memory or storage: "512Mi", "4Gi", "1T". */
export const memoryQuantity = z.coerce
    .string()
    .regex(memoryPattern, { error: 'expected a quantity such as "512Mi" or "4Gi" (Ki, Mi, Gi, Ti or k, M, G, T)' });

const binary: Record<string, number> = { Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50 };
const decimal: Record<string, number> = { k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15 };

/** The numeric value of a valid quantity (cores for CPU, bytes for memory). */
export function quantityValue(q: string): number {
    if (q.endsWith("m") && cpuPattern.test(q)) return Number(q.slice(0, -1)) / 1000;
    const match = /^(\d+(?:\.\d+)?)([A-Za-z]*)$/.exec(q);
    if (!match) return NaN;
    const [, num, unit] = match;
    return Number(num) * (binary[unit] ?? decimal[unit] ?? 1);
}
