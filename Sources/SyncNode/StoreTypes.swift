import SyncStore

// The store's value types that the node's API hands out, named through
// SyncNode so that its callers (the CLI) need not know the store module.
public typealias ListFilter = SyncStore.ListFilter
public typealias DocumentSummary = SyncStore.DocumentSummary
public typealias StoredDocument = SyncStore.StoredDocument
public typealias RevisionRecord = SyncStore.RevisionRecord
public typealias PeerSyncState = SyncStore.PeerSyncState
public typealias StoreStats = SyncStore.StoreStats
public typealias RejectedRevision = SyncStore.RejectedRevision
public typealias RunRecord = SyncStore.RunRecord
