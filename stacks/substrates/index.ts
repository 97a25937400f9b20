import type { Substrate } from "../../components/cluster/handle";
import type { PlatformConfig } from "../types";
import { validateEks } from "./eks";
import { validateExisting } from "./existing";
import { validateMagnum } from "./magnum";
import { validateNova } from "./nova";

// Config rules per substrate. A substrate without rules here has no component and is refused.
export const substrateRules: Partial<Record<Substrate, (config: PlatformConfig) => string[]>> = {
    existing: validateExisting,
    magnum: validateMagnum,
    nova: validateNova,
    eks: validateEks,
};
