import { z } from "zod";

// The settings of eraser under `addons.eraser` in the stack config.

export const eraserSettings = z.strictObject({
    enabled: z.boolean().describe("Run Eraser: remove unused container images from every node on a schedule."),
    interval: z
        .string()
        .regex(/^\d+h$/, { error: 'expected hours such as "24h"' })
        .describe('How often every node is swept, in hours, e.g. "24h".'),
    scanner: z
        .boolean()
        .default(false)
        .describe("Scan images for vulnerabilities (Trivy) and remove vulnerable ones too; off = remove only unused images."),
});

export type EraserSettings = z.infer<typeof eraserSettings>;
