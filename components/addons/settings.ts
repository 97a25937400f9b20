import { certManagerSettings } from "./cert-manager";
import { metricsServerSettings } from "./metrics-server";

// The settings schema of every addon, by its key under `addons:` in the stack config. Kept apart from the
// definitions (./index.ts) so the config schema's type does not depend on the addon classes.
export const addonSettings = {
    metricsServer: metricsServerSettings,
    certManager: certManagerSettings,
};
