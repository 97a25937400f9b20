import type { Substrate } from "../model/names";
import type { PlatformConfig } from "./types";
import { validateEks } from "../substrates/eks/manifest";
import { validateExisting } from "../substrates/existing/manifest";
import { validateMagnum } from "../substrates/magnum/manifest";
import { validateNova } from "../substrates/nova/manifest";

// Config rules per substrate. A substrate without rules here has no component and is refused.
export const substrateRules: Partial<Record<Substrate, (config: PlatformConfig) => string[]>> = {
    existing: validateExisting,
    magnum: validateMagnum,
    nova: validateNova,
    eks: validateEks,
};
