import { certManager } from "./cert-manager";
import { metricsServer } from "./metrics-server";
import type { addonSettings } from "./settings";

// The addon registry: every addon definition, in no particular order (the platform orders them by
// `requires` and `uses`). Adding an addon = its file + a line here + a line in ./settings.ts.
export const addonDefinitions = [metricsServer, certManager] as const;

type Definition = (typeof addonDefinitions)[number];
export type AddonKey = keyof typeof addonSettings;
/** The component each enabled addon creates, by key: how addons consume each other's typed outputs. */
export type AddonInstances = { [D in Definition as D["key"]]: ReturnType<D["create"]> };
