import { z } from "zod";
import { ingressSettings } from "../../model/ingress-settings";

// The settings of kargo under `addons.kargo` in the stack config.

export const kargoSettings = z.strictObject({
    enabled: z
        .boolean()
        .describe("Run Kargo, which promotes new images through stages by updating Argo CD Applications (needs argoCd and certManager)."),
    ingress: ingressSettings.optional().describe("Exposes the Kargo UI and API over HTTPS."),
});

export type KargoSettings = z.infer<typeof kargoSettings>;
