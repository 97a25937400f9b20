// The settings of tenants under `addons.tenants` in the stack config.
