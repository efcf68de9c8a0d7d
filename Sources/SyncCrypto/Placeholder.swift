// SyncCrypto
