import type { Substrate } from "../../components/cluster/handle";
import type { PlatformConfig } from "../types";
import { validateExisting } from "./existing";

// Config rules per substrate. A substrate without rules here is not implemented yet and is refused.
export const substrateRules: Partial<Record<Substrate, (config: PlatformConfig) => string[]>> = {
    existing: validateExisting,
};
