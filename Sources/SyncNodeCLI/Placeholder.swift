// SyncNodeCLI
